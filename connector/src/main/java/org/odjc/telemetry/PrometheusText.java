package org.odjc.telemetry;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The Prometheus text exposition format, version 0.0.4
 * (https://prometheus.io/docs/instrumenting/exposition_formats/): per family one {@code # HELP}
 * and one {@code # TYPE} line, then its samples. Label values escape {@code \}, {@code "} and
 * line feeds; HELP text escapes {@code \} and line feeds. Stateless and thread-safe.
 */
public final class PrometheusText {
    /** The Content-Type a scrape expects for this format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusText() {
    }

    public static String write(List<MetricsRegistry.Family> families) {
        StringBuilder out = new StringBuilder();
        for (MetricsRegistry.Family f : families) {
            out.append("# HELP ").append(f.name()).append(' ').append(escapeHelp(f.help())).append('\n');
            out.append("# TYPE ").append(f.name()).append(' ').append(f.type().name().toLowerCase()).append('\n');
            for (MetricsRegistry.Sample s : f.samples()) {
                out.append(s.name());
                if (!s.labels().isEmpty()) {
                    out.append('{');
                    String sep = "";
                    for (Map.Entry<String, String> l : s.labels()) {
                        out.append(sep).append(l.getKey()).append("=\"").append(escapeLabelValue(l.getValue())).append('"');
                        sep = ",";
                    }
                    out.append('}');
                }
                out.append(' ').append(number(s.value())).append('\n');
            }
        }
        return out.toString();
    }

    /** Go's and Prometheus' spelling: {@code +Inf}, {@code -Inf}, {@code NaN}, integers without {@code .0}. */
    public static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    static String escapeLabelValue(String v) {
        StringBuilder b = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '"' -> b.append("\\\"");
                case '\n' -> b.append("\\n");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    static String escapeHelp(String v) {
        return v.replace("\\", "\\\\").replace("\n", "\\n");
    }
}
