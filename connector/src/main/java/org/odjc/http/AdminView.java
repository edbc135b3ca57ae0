package org.odjc.http;

/**
 * What the admin endpoint shows, supplied by the host (which reads the metrics registry, the
 * journal and the diagnostics): this adapter only serves it. Called from the endpoint's own
 * thread, one request at a time; implementations may block briefly (a journal read).
 */
public interface AdminView {
    /** Whether the connector can do its job now, and if not which codes say why. */
    Readiness readiness();

    /** The Prometheus text exposition (format 0.0.4) of every metric. */
    String metrics();

    /** Everything the status page shows. */
    StatusView status();
}
