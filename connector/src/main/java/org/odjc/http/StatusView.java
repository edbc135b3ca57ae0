package org.odjc.http;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the status page shows. Every string may come from a request or a directory and is treated
 * as untrusted: {@link StatusPage} escapes all of it.
 *
 * @param health {@code ok}, {@code degraded} or {@code halted} (the service's own verdict)
 * @param recentCodes failure codes seen in the last minutes
 * @param diagnosedAt when the diagnostics last ran; empty before the first run
 * @param requests the last requests, newest first
 * @param chart the last hours in equal buckets, oldest first
 */
public record StatusView(String connectorId, String version, Instant generatedAt, String health,
        List<String> recentCodes, Readiness readiness, List<Diagnostic> diagnostics, Optional<Instant> diagnosedAt,
        List<RequestRow> requests, List<Bucket> chart) {
    public StatusView {
        Objects.requireNonNull(connectorId, "connectorId");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(generatedAt, "generatedAt");
        Objects.requireNonNull(health, "health");
        recentCodes = List.copyOf(recentCodes);
        Objects.requireNonNull(readiness, "readiness");
        diagnostics = List.copyOf(diagnostics);
        Objects.requireNonNull(diagnosedAt, "diagnosedAt");
        requests = List.copyOf(requests);
        chart = List.copyOf(chart);
    }

    /** One diagnostics finding: {@code status} is PASS, WARN, FAIL or SKIP. */
    public record Diagnostic(String check, String target, String status, Optional<String> code, String detail) {
        public Diagnostic {
            Objects.requireNonNull(check, "check");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /**
     * One request as the journal last saw it.
     *
     * @param time when it was received
     * @param state the outcome: the journal state (DONE, FAILED, or a state it is still in), or
     *        CANCELLED / EXPIRED when the dispatcher withdrew the request (the journal closed it as
     *        FAILED with CLOUD-001, or as DONE when recovery settled it)
     * @param latency received to its last state change
     */
    public record RequestRow(Instant time, String requestId, String deviceId, Optional<String> computerName,
            Optional<String> ou, Optional<String> dc, String state, Optional<String> code, Duration latency) {
        public RequestRow {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(deviceId, "deviceId");
            Objects.requireNonNull(computerName, "computerName");
            Objects.requireNonNull(ou, "ou");
            Objects.requireNonNull(dc, "dc");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(latency, "latency");
        }
    }

    /**
     * Requests received in {@code [start, start + width)}.
     *
     * @param meanLatency of the finished ones; empty when none finished
     */
    public record Bucket(Instant start, Duration width, int succeeded, int failed, Optional<Duration> meanLatency) {
        public Bucket {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(width, "width");
            Objects.requireNonNull(meanLatency, "meanLatency");
            if (succeeded < 0 || failed < 0) {
                throw new IllegalArgumentException("counts are never negative");
            }
        }

        public int total() {
            return succeeded + failed;
        }
    }
}
