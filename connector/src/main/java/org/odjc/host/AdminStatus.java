package org.odjc.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.odjc.config.ConnectorConfig;
import org.odjc.diagnostics.Finding;
import org.odjc.diagnostics.Status;
import org.odjc.domain.ComputerName;
import org.odjc.domain.DistinguishedName;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.Disposition;
import org.odjc.failure.FailureCode;
import org.odjc.http.AdminView;
import org.odjc.http.Readiness;
import org.odjc.http.StatusView;
import org.odjc.journal.SqliteJoinJournal;
import org.odjc.provisioning.JournalEntry;
import org.odjc.provisioning.RequestState;
import org.odjc.telemetry.PrometheusText;

/**
 * What the admin endpoint shows, gathered from the service, the metrics, the journal, the domain
 * probe and the diagnostics. Also registers the gauges that are read at scrape time. Thread-safe.
 */
final class AdminStatus implements AdminView {
    /** The chart: the last six hours in quarter hours. */
    static final Duration CHART_BUCKET = Duration.ofMinutes(15);
    static final int CHART_BUCKETS = 24;
    /** Rows in the page's request table. */
    static final int LAST_REQUESTS = 50;
    /** The chart reads at most this many requests (about 8 a minute for six hours). */
    static final int CHART_LIMIT = 3000;

    private final String connectorId;
    private final String version;
    private final Supplier<ConnectorConfig> config;
    private final ConnectorService service;
    private final ServiceMetrics metrics;
    private final DomainProbe domains;
    private final DiagnosticsMonitor diagnostics;
    private final SqliteJoinJournal journal;
    private final Duration dispatcherWindow;
    private final Clock clock;

    /**
     * @param dispatcherWindow how long since the dispatcher last answered it still counts as reached
     * @param certificateExpiry the client certificate's current end of validity
     * @param journalFile the journal database (its size with its WAL is a metric)
     */
    AdminStatus(String connectorId, String version, Supplier<ConnectorConfig> config, ConnectorService service,
            ServiceMetrics metrics, DomainProbe domains, DiagnosticsMonitor diagnostics, SqliteJoinJournal journal,
            Duration dispatcherWindow, Supplier<Instant> certificateExpiry, Path journalFile, Clock clock) {
        this.connectorId = connectorId;
        this.version = version;
        this.config = config;
        this.service = service;
        this.metrics = metrics;
        this.domains = domains;
        this.diagnostics = diagnostics;
        this.journal = journal;
        this.dispatcherWindow = dispatcherWindow;
        this.clock = clock;
        var r = metrics.registry;
        r.gauge("odjc_ready", "1 when /readyz answers 200 (configuration, dispatcher, a usable DC per domain, no HALT).",
                () -> readiness().ready() ? 1.0 : 0.0);
        r.gauge("odjc_domain_usable", "1 when the domain's last probe bound to a DC and read from it.", () -> {
            Map<List<String>, Double> out = new HashMap<>();
            for (ConnectorConfig.Domain d : config.get().domains()) {
                out.put(List.of(d.name().lowerCase()),
                        domains.verdict(d.name()).map(v -> v.usable() ? 1.0 : 0.0).orElse(0.0));
            }
            return out;
        }, "domain");
        r.gauge("odjc_requests_in_flight", "Requests being worked on now.", () -> (double) service.inFlight());
        r.gauge("odjc_dispatcher_last_answer_timestamp_seconds", "When the dispatcher last answered (Unix time).",
                () -> Optional.ofNullable(metrics.dispatcherReached()).map(t -> t.toEpochMilli() / 1000.0).orElse(0.0));
        // a timestamp in base units, as Prometheus' naming rules ask; alert on it minus time()
        r.gauge("odjc_certificate_expiry_timestamp_seconds", "When the connector's client certificate expires (Unix time).",
                () -> certificateExpiry.get().toEpochMilli() / 1000.0);
        r.gauge("odjc_journal_size_bytes", "Size of the request journal on disk, its write-ahead log included.", () -> {
            double size = 0;
            for (Path p : List.of(journalFile, journalFile.resolveSibling(journalFile.getFileName() + "-wal"))) {
                try {
                    size += Files.size(p);
                } catch (IOException absent) {
                    // no WAL between checkpoints
                }
            }
            return size;
        });
        r.gauge("odjc_diagnostics_check_status", "The diagnostics' last verdict per check and target: 1 for the "
                + "current status (pass, warn, fail, skip), 0 for the others.", () -> {
                    Map<List<String>, Double> out = new HashMap<>();
                    diagnostics.latest().ifPresent(c -> {
                        for (Finding f : c.report().findings()) {
                            for (Status s : Status.values()) {
                                out.merge(List.of(f.check(), f.target(), s.name().toLowerCase()),
                                        f.status() == s ? 1.0 : 0.0, Math::max);
                            }
                        }
                    });
                    return out;
                }, "check", "target", "status");
        r.gauge("odjc_diagnostics_last_run_timestamp_seconds", "When the diagnostics last ran (Unix time; 0: not yet).",
                () -> diagnostics.latest().map(c -> c.at().toEpochMilli() / 1000.0).orElse(0.0));
    }

    @Override
    public Readiness readiness() {
        List<Readiness.Check> checks = new ArrayList<>();
        checks.add(Readiness.Check.pass("configuration", "loaded; " + config.get().domains().size() + " domain(s)"));
        Instant now = clock.instant();
        Instant reached = metrics.dispatcherReached();
        Optional<FailureCode> last = metrics.dispatcherLastFailure();
        if (reached != null && !reached.isBefore(now.minus(dispatcherWindow))) {
            checks.add(Readiness.Check.pass("dispatcher", "last answered " + ago(reached, now) + " ago"));
        } else if (last == null) {
            checks.add(Readiness.Check.fail("dispatcher", FailureCode.ADMIN_NOT_CHECKED_YET.id(),
                    "no exchange with the dispatcher has ended yet"));
        } else {
            FailureCode code = last.orElse(FailureCode.CLOUD_UNREACHABLE);
            checks.add(Readiness.Check.fail("dispatcher", code.id(), reached == null ? "has not answered since start"
                    : "last answered " + ago(reached, now) + " ago"));
        }
        for (ConnectorConfig.Domain d : config.get().domains()) {
            String name = "domain " + d.name().lowerCase();
            checks.add(domains.verdict(d.name()).map(v -> v.usable() ? Readiness.Check.pass(name, v.detail())
                    : Readiness.Check.fail(name, v.code().orElseThrow().id(), v.detail()))
                    .orElseGet(() -> Readiness.Check.fail(name, FailureCode.ADMIN_NOT_CHECKED_YET.id(),
                            "the first probe has not finished")));
        }
        // a paused domain fails its own check, with its code; a HALT about the connector itself fails "halt"
        Optional<FailureCode> halt = service.recentCodes().stream().map(FailureCode::byId).flatMap(Optional::stream)
                .filter(c -> c.disposition() == Disposition.HALT && !ConnectorService.concernsDomain(c)).findFirst();
        checks.add(halt.map(c -> Readiness.Check.fail("halt", c.id(), "a recent failure needs an admin: " + c.summary()))
                .orElseGet(() -> Readiness.Check.pass("halt", "no failure that needs an admin")));
        for (ConnectorService.Pause p : service.pauses()) {
            checks.add(Readiness.Check.fail("halt " + p.domain().lowerCase(), p.code().id(), p.latched()
                    ? "latched since " + p.since() + ": " + p.code().summary() + "; after the fix: odjc halt clear --domain "
                            + p.domain().lowerCase()
                    : "takes no work: " + p.code().summary() + "; retried in "
                            + Math.max(0, Duration.between(now, p.retryAt().orElseThrow()).toSeconds()) + " s"));
        }
        return new Readiness(checks);
    }

    @Override
    public String metrics() {
        return PrometheusText.write(metrics.registry.snapshot());
    }

    @Override
    public StatusView status() {
        Instant now = clock.instant();
        Duration width = CHART_BUCKET;
        Instant first = Instant.ofEpochMilli(now.toEpochMilli() - now.toEpochMilli() % width.toMillis())
                .minus(width.multipliedBy(CHART_BUCKETS - 1));
        List<SqliteJoinJournal.Summary> recent;
        try {
            recent = journal.summaries(Optional.empty(), Optional.of(first), CHART_LIMIT);
        } catch (ConnectorException e) { // the page still shows health; the journal's code says why the rest is missing
            recent = List.of();
        }
        List<StatusView.RequestRow> rows = recent.stream().limit(LAST_REQUESTS).map(AdminStatus::row).toList();
        int[] ok = new int[CHART_BUCKETS];
        int[] failed = new int[CHART_BUCKETS];
        long[] latencyMs = new long[CHART_BUCKETS];
        for (SqliteJoinJournal.Summary s : recent) {
            int i = (int) (Duration.between(first, s.received()).toMillis() / width.toMillis());
            RequestState state = s.latest().state();
            if (i < 0 || i >= CHART_BUCKETS || (state != RequestState.DONE && state != RequestState.FAILED)
                    || withdrawn(s.latest()).isPresent()) {
                continue; // received before the chart's span, not finished, or withdrawn by the dispatcher
            }
            if (state == RequestState.DONE) {
                ok[i]++;
            } else {
                failed[i]++;
            }
            latencyMs[i] += Duration.between(s.received(), s.latest().at()).toMillis();
        }
        List<StatusView.Bucket> chart = new ArrayList<>();
        for (int i = 0; i < CHART_BUCKETS; i++) {
            int n = ok[i] + failed[i];
            chart.add(new StatusView.Bucket(first.plus(width.multipliedBy(i)), width, ok[i], failed[i],
                    n == 0 ? Optional.empty() : Optional.of(Duration.ofMillis(latencyMs[i] / n))));
        }
        List<StatusView.Diagnostic> diag = diagnostics.latest().map(c -> c.report().findings().stream()
                .map(f -> new StatusView.Diagnostic(f.check(), f.target(), f.status().name(), f.code().map(FailureCode::id),
                        f.detail())).toList()).orElse(List.of());
        return new StatusView(connectorId, version, now, service.health(), service.recentCodes(), readiness(), diag,
                diagnostics.latest().map(DiagnosticsMonitor.Checked::at), rows, chart);
    }

    private static StatusView.RequestRow row(SqliteJoinJournal.Summary s) {
        JournalEntry e = s.latest();
        return new StatusView.RequestRow(s.received(), e.request().id().value(), e.request().deviceId(),
                e.name().map(ComputerName::value),
                e.dn().flatMap(DistinguishedName::parent).map(DistinguishedName::toString)
                        .or(() -> e.request().ou().map(DistinguishedName::toString)),
                e.dc(), withdrawn(e).orElse(e.state().name()), e.code(), Duration.between(s.received(), e.at()));
    }

    /**
     * CANCELLED or EXPIRED when the dispatcher withdrew the request, as it says: a report refused
     * with CLOUD-001 whose detail quotes the dispatcher's "request … is cancelled", or recovery
     * closing it as DONE with the dispatcher's state as the reason. Empty otherwise.
     */
    static Optional<String> withdrawn(JournalEntry e) {
        String d = e.detail();
        if (e.state() == RequestState.FAILED && e.code().filter(FailureCode.CLOUD_LEASE_LOST.id()::equals).isPresent()) {
            return d.contains(" is cancelled") ? Optional.of("CANCELLED") : d.contains(" is expired") ? Optional.of("EXPIRED")
                    : Optional.empty();
        }
        if (e.state() == RequestState.DONE) {
            return d.startsWith("cancelled") ? Optional.of("CANCELLED") : d.startsWith("expired") ? Optional.of("EXPIRED")
                    : Optional.empty();
        }
        return Optional.empty();
    }

    private static String ago(Instant then, Instant now) {
        return Duration.between(then, now).toSeconds() + " s";
    }
}
