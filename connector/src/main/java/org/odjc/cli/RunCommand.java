package org.odjc.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import org.odjc.config.ConfigLoader;
import org.odjc.config.ConnectorConfig;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.host.ConnectorHost;
import org.odjc.telemetry.EventLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code odjc run}: the long-running connector. Only parses and wires; {@link ConnectorHost} builds
 * the service. Exits 78 (EX_CONFIG) when it cannot start for a reason a restart will not fix, so a
 * service manager does not restart-loop; SIGTERM stops it within the drain bound.
 */
@Command(name = "run",
        description = {"Run the connector: take join requests from the dispatcher and provision them, exactly once.",
            "Logs one line per event (event=… requestId=… code=…) on standard error; never a secret."})
final class RunCommand extends CliCommand implements Callable<Integer> {
    /** EX_CONFIG from sysexits.h: the unit lists it in RestartPreventExitStatus. */
    static final int EXIT_CONFIG = 78;
    private static final Set<FailureCode> NOT_FIXED_BY_RESTART = Set.of(FailureCode.CONFIG_INVALID,
            FailureCode.CONFIG_UNREADABLE, FailureCode.CLOUD_IDENTITY_UNUSABLE, FailureCode.JOURNAL_TOO_NEW);

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
        try {
            ConnectorConfig c = ConfigLoader.load(config);
            int workers = c.service().map(ConnectorConfig.Service::workers).orElse(1);
            host = ConnectorHost.start(config, c, System.getenv(), ConnectorHost.defaults(workers), events);
        } catch (ConnectorException e) {
            if (!NOT_FIXED_BY_RESTART.contains(e.code())) {
                throw e;
            }
            OdjcMain.printFailure(err, e);
            return EXIT_CONFIG;
        }
        Thread stopper = new Thread(() -> {
            try {
                host.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                host.close();
            }
        }, "odjc-shutdown");
        Runtime.getRuntime().addShutdownHook(stopper);
        host.run();
        return OdjcMain.EXIT_OK;
    }
}
