package org.odjc.dispatcher;

import java.io.PrintStream;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

/**
 * The dispatcher's log: one line per event, {@code <RFC 3339 UTC time> event=… key=value…}, to
 * standard error (a service manager keeps it). Callers never pass a request body, a blob or a
 * token; values that came from a client go through {@link Visible#escape}.
 */
public final class Log {
    private final PrintStream out;
    private final Clock clock;

    public Log(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    public static Log stderr() {
        return new Log(System.err, Clock.systemUTC());
    }

    public void info(String line) {
        synchronized (out) {
            out.println(clock.instant().truncatedTo(ChronoUnit.MILLIS) + " " + line);
            out.flush();
        }
    }

    /** A line and the stack trace of {@code t} (for bugs: what the operator needs to report one). */
    public void error(String line, Throwable t) {
        synchronized (out) {
            out.println(clock.instant().truncatedTo(ChronoUnit.MILLIS) + " " + line);
            t.printStackTrace(out);
            out.flush();
        }
    }
}
