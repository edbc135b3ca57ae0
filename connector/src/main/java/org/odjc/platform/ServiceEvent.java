package org.odjc.platform;

import java.util.Arrays;
import java.util.Optional;

/**
 * What the service writes to the Windows Application log under the source {@link #SOURCE}, one
 * permanent event id each (never renumbered or reused; {@code docs/windows.md} lists them and a
 * test keeps the two in step). Each is raised by the structured log line whose {@code event=}
 * names it; the entry's text is that line, so an event never says more than the log.
 */
public enum ServiceEvent {
    STARTED(1000, Level.INFORMATION, "service-started", "The connector started and takes requests."),
    STOPPED(1001, Level.INFORMATION, "service-stopped", "The connector stopped; drained=false means work was left to its leases."),
    NOT_STARTED(1100, Level.ERROR, "service-not-started",
            "The connector could not start (configuration, identity or journal); the entry has the failure code. The service stops without a restart."),
    CONFIG_REJECTED(1101, Level.WARNING, "config-rejected",
            "An edited configuration is invalid; the last good one stays in use. The entry has the failure code."),
    HALTED(1102, Level.ERROR, "halted-failed",
            "A request failed in a way only an administrator can fix (rights, quota, credentials); the connector pauses taking work. The entry has the failure code."),
    RENEWAL_FAILED(1103, Level.WARNING, "certificate-renewal-failed",
            "The client certificate could not be renewed; the current one stays in use until it expires."),
    STOP_SLOW(1104, Level.WARNING, "service-stop-slow",
            "Stopping took longer than allowed; the service manager may have ended the process.");

    /** The event source the installer registers and every entry carries. */
    public static final String SOURCE = "ODJ Connector";

    /** The entry's type in the Application log. */
    public enum Level {
        INFORMATION, WARNING, ERROR
    }

    private final int id;
    private final Level level;
    private final String logEvent;
    private final String meaning;

    ServiceEvent(int id, Level level, String logEvent, String meaning) {
        this.id = id;
        this.level = level;
        this.logEvent = logEvent;
        this.meaning = meaning;
    }

    public int id() {
        return id;
    }

    public Level level() {
        return level;
    }

    /** The {@code event=} value of the log line that raises it. */
    public String logEvent() {
        return logEvent;
    }

    /** What it means, for the documentation. */
    public String meaning() {
        return meaning;
    }

    /** The event a structured log line ({@code event=NAME …}) raises, if any. */
    public static Optional<ServiceEvent> forLogLine(String line) {
        if (!line.startsWith("event=")) {
            return Optional.empty();
        }
        int end = line.indexOf(' ');
        String name = line.substring("event=".length(), end < 0 ? line.length() : end);
        return Arrays.stream(values()).filter(e -> e.logEvent.equals(name)).findFirst();
    }
}
