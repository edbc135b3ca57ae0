package org.odjc.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.odjc.config.ConfigLoader;
import org.odjc.config.ConnectorConfig;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.host.ConnectorHost;
import org.odjc.host.Supervision;
import org.odjc.telemetry.EventLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code odjc run}: the long-running connector. Only parses and wires; {@link ConnectorHost} builds
 * the service. Exits 78 (EX_CONFIG) when it cannot start for a reason a restart will not fix, so a
 * service manager does not restart-loop; SIGTERM stops it within the drain bound. Under a
 * {@code Type=notify} systemd unit it reports readiness, status, stopping and the watchdog
 * ({@link Supervision}).
 */
@Command(name = "run",
        description = {"Run the connector service in the foreground.",
            "Run the connector: take join requests from the dispatcher and provision them, exactly once.",
            "Logs one line per event (event=… requestId=… code=…) on standard error; never a secret."})
final class RunCommand extends CliCommand implements Callable<Integer> {
    /** EX_CONFIG from sysexits.h: the unit lists it in RestartPreventExitStatus. */
    static final int EXIT_CONFIG = 78;
    private static final Set<FailureCode> NOT_FIXED_BY_RESTART = Set.of(FailureCode.CONFIG_INVALID,
            FailureCode.CONFIG_UNREADABLE, FailureCode.CLOUD_IDENTITY_UNUSABLE, FailureCode.JOURNAL_TOO_NEW,
            FailureCode.SYSTEMD_NOTIFY_INVALID);

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The connector configuration (YAML).")
    Path config;

    @Option(names = "--log-format", defaultValue = "text", paramLabel = "text|json",
            description = "Event lines as text (time level event=… eventId=… key=value) or one JSON object per line"
                    + " (default ${DEFAULT-VALUE}); event ids in docs/events.md.")
    String logFormat;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        EventLog.Format format;
        try {
            format = EventLog.Format.valueOf(logFormat.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConnectorException(FailureCode.CLI_USAGE, "--log-format: text or json, not '" + logFormat + "'");
        }
        EventLog events = new EventLog(format, java.time.Clock.systemUTC(), err);
        ConnectorHost host;
        Supervision supervision = null;
        try {
            supervision = Supervision.fromEnvironment(System.getenv(), ProcessHandle.current().pid(), events);
            ConnectorConfig c = ConfigLoader.load(config);
            int workers = c.service().map(ConnectorConfig.Service::workers).orElse(1);
            host = ConnectorHost.start(config, c, System.getenv(), ConnectorHost.defaults(workers), events);
        } catch (ConnectorException e) {
            if (supervision != null) {
                supervision.notStarted(e);
                supervision.close();
            }
            if (!NOT_FIXED_BY_RESTART.contains(e.code())) {
                throw e;
            }
            OdjcMain.printFailure(err, e);
            return EXIT_CONFIG;
        }
        Supervision manager = supervision;
        Thread stopper = new Thread(() -> {
            try {
                manager.stopping();
                host.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                host.close();
                manager.close();
            }
        }, "odjc-shutdown");
        Runtime.getRuntime().addShutdownHook(stopper);
        // The loop runs on a thread of its own, not on main: main ends in System.exit, which blocks
        // while the shutdown hook runs, and the hook's stop waits for the loop's thread to end.
        AtomicReference<Throwable> died = new AtomicReference<>();
        Thread loop = new Thread(host::run, "odjc-service-loop");
        loop.setUncaughtExceptionHandler((t, e) -> died.set(e));
        loop.start();
        manager.ready(host::status, loop::isAlive);
        loop.join();
        if (died.get() != null) { // exit non-zero, so the service manager restarts it
            throw new ConnectorException(FailureCode.CLI_INTERNAL, "the service loop ended: " + died.get());
        }
        return OdjcMain.EXIT_OK;
    }
}
