package org.odjc.telemetry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The connector's metrics: labelled counters and histograms it updates, and gauges it reads when
 * scraped. Registration happens once at start; updates are lock-free apart from a histogram's own
 * lock and safe from any thread. Holds no clock: callers measure durations with theirs.
 */
public final class MetricsRegistry {
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    /** How a family is typed in the exposition. */
    public enum Type {
        COUNTER, GAUGE, HISTOGRAM
    }

    /** One line of the exposition: the full sample name, its labels in order, its value. */
    public record Sample(String name, List<Map.Entry<String, String>> labels, double value) {
        public Sample {
            Objects.requireNonNull(name, "name");
            labels = List.copyOf(labels);
        }
    }

    /** A metric family as scraped: its samples in a stable order. */
    public record Family(String name, String help, Type type, List<Sample> samples) {
        public Family {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(help, "help");
            Objects.requireNonNull(type, "type");
            samples = List.copyOf(samples);
        }
    }

    private interface Source {
        Family collect();
    }

    private final Map<String, Source> families = new ConcurrentSkipListMap<>();

    /** A counter; its name should end in {@code _total}. */
    public Counter counter(String name, String help, String... labelNames) {
        Counter c = new Counter(name, help, labelNames);
        register(name, c::collect);
        return c;
    }

    /** A histogram with these upper bounds (ascending; {@code +Inf} is added). */
    public Histogram histogram(String name, String help, double[] bounds, String... labelNames) {
        Histogram h = new Histogram(name, help, bounds, labelNames);
        register(name, h::collect);
        return h;
    }

    /**
     * A gauge read at scrape time: {@code read} returns its samples' label values (in
     * {@code labelNames} order) with their values. It must be quick and must not throw.
     */
    public void gauge(String name, String help, Supplier<Map<List<String>, Double>> read, String... labelNames) {
        checkNames(name, labelNames);
        List<String> labels = List.of(labelNames);
        register(name, () -> {
            List<Sample> samples = new ArrayList<>();
            read.get().forEach((values, v) -> samples.add(new Sample(name, zip(labels, values), v)));
            samples.sort((a, b) -> a.labels().toString().compareTo(b.labels().toString()));
            return new Family(name, help, Type.GAUGE, samples);
        });
    }

    /** A gauge without labels. */
    public void gauge(String name, String help, Supplier<Double> read) {
        gauge(name, help, () -> Map.of(List.of(), read.get()));
    }

    /** Every family, sorted by name. */
    public List<Family> snapshot() {
        return families.values().stream().map(Source::collect).toList();
    }

    private void register(String name, Source s) {
        if (families.putIfAbsent(name, s) != null) {
            throw new IllegalArgumentException("metric " + name + " is registered twice");
        }
    }

    private static void checkNames(String name, String... labelNames) {
        if (!METRIC_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a metric name: " + name);
        }
        for (String l : labelNames) {
            if (!LABEL_NAME.matcher(l).matches() || l.startsWith("__") || l.equals("le")) {
                throw new IllegalArgumentException("not a label name for " + name + ": " + l);
            }
        }
    }

    private static List<Map.Entry<String, String>> zip(List<String> names, List<String> values) {
        if (names.size() != values.size()) {
            throw new IllegalArgumentException("labels " + names + " given values " + values);
        }
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            out.add(Map.entry(names.get(i), Objects.requireNonNull(values.get(i), names.get(i))));
        }
        return out;
    }

    /** A monotonically increasing count per label combination. */
    public static final class Counter {
        private final String name;
        private final String help;
        private final List<String> labelNames;
        private final Map<List<String>, DoubleAdder> values = new ConcurrentHashMap<>();

        private Counter(String name, String help, String... labelNames) {
            checkNames(name, labelNames);
            this.name = name;
            this.help = help;
            this.labelNames = List.of(labelNames);
        }

        public void inc(String... labelValues) {
            add(1, labelValues);
        }

        public void add(double amount, String... labelValues) {
            if (!(amount >= 0)) {
                throw new IllegalArgumentException("a counter only goes up: " + amount);
            }
            List<String> key = List.of(labelValues);
            if (key.size() != labelNames.size()) {
                throw new IllegalArgumentException(name + " takes labels " + labelNames + ", given " + key);
            }
            values.computeIfAbsent(key, k -> new DoubleAdder()).add(amount);
        }

        /** The current value for these label values (0 when never incremented). */
        public double value(String... labelValues) {
            DoubleAdder a = values.get(List.of(labelValues));
            return a == null ? 0 : a.sum();
        }

        private Family collect() {
            List<Sample> samples = new ArrayList<>();
            values.forEach((k, v) -> samples.add(new Sample(name, zip(labelNames, k), v.sum())));
            samples.sort((a, b) -> a.labels().toString().compareTo(b.labels().toString()));
            return new Family(name, help, Type.COUNTER, samples);
        }
    }

    /** Observations counted into cumulative buckets, with their sum and count, per label combination. */
    public static final class Histogram {
        private final String name;
        private final String help;
        private final double[] bounds;
        private final List<String> labelNames;
        private final Map<List<String>, Cells> cells = new ConcurrentHashMap<>();

        private Histogram(String name, String help, double[] bounds, String... labelNames) {
            checkNames(name, labelNames);
            if (bounds.length == 0) {
                throw new IllegalArgumentException(name + " needs at least one bucket");
            }
            for (int i = 0; i < bounds.length; i++) {
                if (!Double.isFinite(bounds[i]) || (i > 0 && bounds[i] <= bounds[i - 1])) {
                    throw new IllegalArgumentException(name + ": bucket bounds must be finite and ascending: "
                            + Arrays.toString(bounds));
                }
            }
            this.name = name;
            this.help = help;
            this.bounds = bounds.clone();
            this.labelNames = List.of(labelNames);
        }

        /** Records one observation (seconds, bytes: whatever unit the name says). */
        public void observe(double value, String... labelValues) {
            List<String> key = List.of(labelValues);
            if (key.size() != labelNames.size()) {
                throw new IllegalArgumentException(name + " takes labels " + labelNames + ", given " + key);
            }
            cells.computeIfAbsent(key, k -> new Cells(bounds.length)).observe(bounds, value);
        }

        /** How many observations were recorded for these label values. */
        public long count(String... labelValues) {
            Cells c = cells.get(List.of(labelValues));
            return c == null ? 0 : c.snapshot()[bounds.length + 1].longValue();
        }

        private Family collect() {
            List<Sample> samples = new ArrayList<>();
            List<Map.Entry<List<String>, Cells>> entries = new ArrayList<>(cells.entrySet());
            entries.sort((a, b) -> a.getKey().toString().compareTo(b.getKey().toString()));
            for (Map.Entry<List<String>, Cells> e : entries) {
                List<Map.Entry<String, String>> labels = zip(labelNames, e.getKey());
                Number[] snap = e.getValue().snapshot();
                long cumulative = 0;
                for (int i = 0; i <= bounds.length; i++) {
                    cumulative += snap[i].longValue();
                    List<Map.Entry<String, String>> withLe = new ArrayList<>(labels);
                    withLe.add(Map.entry("le", i < bounds.length ? PrometheusText.number(bounds[i]) : "+Inf"));
                    samples.add(new Sample(name + "_bucket", withLe, cumulative));
                }
                samples.add(new Sample(name + "_sum", labels, snap[bounds.length + 2].doubleValue()));
                samples.add(new Sample(name + "_count", labels, snap[bounds.length + 1].doubleValue()));
            }
            return new Family(name, help, Type.HISTOGRAM, samples);
        }

        /** Per-bucket counts (the last one above every bound), the count and the sum, changed together. */
        private static final class Cells {
            private final long[] buckets;
            private long count;
            private double sum;

            Cells(int bounds) {
                buckets = new long[bounds + 1];
            }

            synchronized void observe(double[] bounds, double value) {
                int i = 0;
                while (i < bounds.length && value > bounds[i]) {
                    i++;
                }
                buckets[i]++;
                count++;
                sum += value;
            }

            /** buckets..., count, sum: one consistent view, so a scrape never sees count != +Inf bucket. */
            synchronized Number[] snapshot() {
                Number[] out = new Number[buckets.length + 2];
                for (int i = 0; i < buckets.length; i++) {
                    out[i] = buckets[i];
                }
                out[buckets.length] = count;
                out[buckets.length + 1] = sum;
                return out;
            }
        }
    }
}
