package org.odjc.host;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.odjc.cloud.Wire;
import org.odjc.diagnostics.Finding;
import org.odjc.diagnostics.Report;
import org.odjc.diagnostics.Status;
import org.odjc.failure.FailureCode;
import org.odjc.telemetry.Event;
import org.odjc.telemetry.EventLog;

/**
 * The service's own {@code odjc diagnose}: run at start and then periodically; a finding whose
 * verdict or code changed since the last run is logged ({@code event=diagnostics-changed}), and the
 * summary rides on the heartbeat. Runs on one thread; the summary is read from others.
 */
final class DiagnosticsMonitor {
    private final Supplier<Diagnostics> diagnostics;
    private final Clock clock;
    private final Consumer<String> log;
    private final Map<String, String> last = new HashMap<>();
    private volatile Wire.DiagnosticsSummary summary;
    private volatile Checked latest;

    /** A run's report and when it ended. */
    record Checked(Report report, Instant at) {
    }

    DiagnosticsMonitor(Supplier<Diagnostics> diagnostics, Clock clock, Consumer<String> log) {
        this.diagnostics = diagnostics;
        this.clock = clock;
        this.log = log;
    }

    /** One run; a bug in a probe is logged and must not end the schedule. */
    void runOnce() {
        try {
            check();
        } catch (RuntimeException e) {
            log.accept(Event.DIAGNOSTICS_ERROR.line() + EventLog.field("detail", e));
        }
    }

    private void check() {
        long t0 = System.nanoTime();
        Report r = diagnostics.get().run(Set.of());
        for (Finding f : r.findings()) {
            String key = f.check() + " " + f.target();
            String verdict = f.status() + f.code().map(c -> " " + c.id()).orElse("");
            String before = last.put(key, verdict);
            boolean firstAndFine = before == null && (f.status() == Status.PASS || f.status() == Status.SKIP);
            if (!verdict.equals(before) && !firstAndFine) {
                log.accept(Event.DIAGNOSTICS_CHANGED.line() + " check=" + f.check() + " target=\"" + f.target() + "\" status="
                        + f.status() + f.code().map(c -> " code=" + c.id()).orElse("")
                        + (before == null ? "" : " was=\"" + before + "\"") + " detail=\"" + f.detail().replace('"', '\'') + "\"");
            }
        }
        Instant now = Instant.now(clock);
        latest = new Checked(r, now);
        summary = new Wire.DiagnosticsSummary(r.worst().name(), codes(r, Status.FAIL), codes(r, Status.WARN),
                now.toString());
        log.accept(Event.DIAGNOSTICS_RUN.line() + " worst=" + r.worst() + " findings=" + r.findings().size() + " ms="
                + (System.nanoTime() - t0) / 1_000_000);
    }

    /** The last run's report (the admin endpoint's diagnostics table and metrics); empty before the first run ends. */
    java.util.Optional<Checked> latest() {
        return java.util.Optional.ofNullable(latest);
    }

    /** The last run's summary; null before the first run ends. */
    Wire.DiagnosticsSummary summary() {
        return summary;
    }

    private static List<String> codes(Report r, Status s) {
        return r.findings().stream().filter(f -> f.status() == s).map(f -> f.code().map(FailureCode::id).orElseThrow())
                .distinct().sorted().toList();
    }
}
