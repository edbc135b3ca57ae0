package org.odjc.platform;

/**
 * Where the service's notable events go besides its log: the Windows Application log, or nowhere
 * (on Linux the journal already has every log line). Implementations are thread-safe and never
 * throw: an event log that is full or missing must not stop the service.
 */
public interface EventSink extends AutoCloseable {
    /** Writes {@code text} (one structured log line, no secret) as {@code event}. */
    void report(ServiceEvent event, String text);

    @Override
    void close();

    /** The sink for systems without an event log of their own. */
    EventSink NONE = new EventSink() {
        @Override
        public void report(ServiceEvent event, String text) {
        }

        @Override
        public void close() {
        }
    };
}
