package org.odjc.platform;

/**
 * Where the service's notable events go besides its log: the Windows Application log, or nowhere
 * (on Linux the journal already has every log line). Implementations are thread-safe and never
 * throw: an event log that is full or missing must not stop the service.
 */
public interface EventSink extends AutoCloseable {
    /** The entry types of the Application log. */
    enum Type { INFORMATION, WARNING, ERROR }

    /** The Application log's source, which install-service.cmd registers. */
    String SOURCE = "ODJ Connector";

    /** Writes {@code text} (one structured log line, no secret) as event {@code id} (docs/events.md). */
    void report(int id, Type type, String text);

    @Override
    void close();

    /** The sink for systems without an event log of their own. */
    EventSink NONE = new EventSink() {
        @Override
        public void report(int id, Type type, String text) {
        }

        @Override
        public void close() {
        }
    };
}
