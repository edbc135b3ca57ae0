package org.odjc.host;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import org.odjc.config.ConfigLoader;
import org.odjc.config.ConnectorConfig;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.platform.EventSink;
import org.odjc.platform.WindowsEventLog;
import org.odjc.telemetry.Event;
import org.odjc.telemetry.EventLog;

/**
 * The Windows service's entry points for procrun in {@code jvm} mode ({@code --StartClass} and
 * {@code --StopClass}, both {@code org.odjc.host.ProcrunService}): procrun calls {@link #start}
 * on one thread, which must block while the service runs, and {@link #stop} on another when the
 * service manager stops it. Start parameters: {@code --config FILE}. Log lines go to standard error
 * (procrun's {@code --StdError} file); the notable ones also to the Application log.
 */
public final class ProcrunService {
    /**
     * How long {@link #stop} waits, after the service's drain, for the journal to close. procrun's
     * {@code --StopTimeout} (install-service.cmd) covers the 30 s drain plus this.
     */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(15);

    private static final Object LOCK = new Object();
    private static ServiceLifecycle lifecycle;
    private static EventSink events = EventSink.NONE;
    /** A stop that came before procrun's start thread got here: that start must not run the service. */
    private static boolean stopBeforeStart;

    private ProcrunService() {
    }

    /** procrun's StartMethod: runs the connector until {@link #stop}; returns at once if it cannot start. */
    public static void start(String[] args) {
        ServiceLifecycle l;
        synchronized (LOCK) {
            if (lifecycle != null && !lifecycle.finished()) {
                throw new IllegalStateException("the service is already running in this JVM");
            }
            if (stopBeforeStart) {
                stopBeforeStart = false;
                return;
            }
            Consumer<String> stderr = logTo(System.err);
            events = HostSecrets.windows() ? WindowsEventLog.open(stderr) : EventSink.NONE;
            Consumer<String> log = EventLog.traced(withEvents(stderr, events));
            l = new ServiceLifecycle(a -> launch(a, log), CLOSE_WAIT, log);
            lifecycle = l;
        }
        l.start(args);
    }

    /** procrun's StopMethod: the graceful stop; returns after the drain and once {@link #start} has returned. */
    public static void stop(String[] args) throws InterruptedException {
        ServiceLifecycle l;
        synchronized (LOCK) {
            l = lifecycle;
            if (l == null) {
                // procrun calls start on a thread of its own; a stop may overtake it
                stopBeforeStart = true;
            }
        }
        if (l != null) {
            l.stop();
        }
        synchronized (LOCK) {
            events.close();
            events = EventSink.NONE;
        }
    }

    /** Forgets the last start (tests run several in one JVM; procrun makes a JVM per start). */
    static void forget() {
        synchronized (LOCK) {
            lifecycle = null;
            stopBeforeStart = false;
        }
    }

    /** Reads {@code --config FILE} and builds the host as {@code odjc run} does. */
    static ServiceLifecycle.Running launch(String[] args, Consumer<String> log) throws ConnectorException {
        Path config = configFile(args);
        ConnectorConfig c = ConfigLoader.load(config);
        int workers = c.service().map(ConnectorConfig.Service::workers).orElse(1);
        ConnectorHost host = ConnectorHost.start(config, c, System.getenv(), ConnectorHost.defaults(workers), log);
        return running(host);
    }

    /** The host behind the lifecycle's view of it. */
    static ServiceLifecycle.Running running(ConnectorHost host) {
        return new ServiceLifecycle.Running() {
            @Override
            public void run() {
                host.run();
            }

            @Override
            public boolean stop() throws InterruptedException {
                return host.stop();
            }

            @Override
            public void close() {
                host.close();
            }
        };
    }

    /** procrun passes {@code --StartParams} split at {@code ;} or {@code #}: here {@code --config FILE}. */
    static Path configFile(String[] args) throws ConnectorException {
        if (args != null) {
            for (int i = 0; i + 1 < args.length; i++) {
                if (args[i].equals("--config")) {
                    return Path.of(args[i + 1]);
                }
            }
        }
        throw new ConnectorException(FailureCode.CONFIG_UNREADABLE,
                "the service's start parameters name no --config FILE (install-service.cmd sets them)");
    }

    /** Log lines to {@code log}, and those of the events meant for it ({@link Event#eventLog}) to {@code sink}, under the same ids. */
    static Consumer<String> withEvents(Consumer<String> log, EventSink sink) {
        return line -> {
            log.accept(line);
            Event.byName(EventLog.eventName(line)).filter(Event::eventLog).ifPresent(e ->
                    sink.report(e.id(), switch (e.level()) {
                        case INFO -> EventSink.Type.INFORMATION;
                        case WARNING -> EventSink.Type.WARNING;
                        case ERROR -> EventSink.Type.ERROR;
                    }, line));
        };
    }

    private static Consumer<String> logTo(PrintStream stream) {
        return new EventLog(EventLog.Format.TEXT, java.time.Clock.systemUTC(),
                new java.io.PrintWriter(new java.io.OutputStreamWriter(stream, StandardCharsets.UTF_8), true));
    }

}
