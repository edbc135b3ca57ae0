package org.odjc.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code scripts/demo}: see {@link Demo}. Needs nothing but the JDK: no root, no DC, no network. Its
 * own program, in its own module, so the production {@code odjc} and its distributions carry neither
 * the AD emulator nor the reference dispatcher.
 */
@Command(name = "odjc-demo", mixinStandardHelpOptions = true,
        description = {"Run the whole chain in one process, without a DC.",
            "Run an embedded AD-like directory, the reference dispatcher and the connector in this process,",
            "enroll the connector, submit N join requests as an MDM would, and check every blob against the directory."})
public final class DemoMain implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--requests", defaultValue = "10", paramLabel = "N", description = "Requests to submit (default ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--workers", defaultValue = "4", paramLabel = "N", description = "Connector workers (default ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--keep", paramLabel = "DIR",
            description = "Keep the run's files (config, journal, queue, certificates, event log) in DIR.")
    Path keep;

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(args, out, err));
    }

    /** Runs the demo with the given streams; returns the exit status (0: every blob checked out). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new DemoMain());
        cli.setOut(out);
        cli.setErr(err);
        cli.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            ConnectorException coded = ex instanceof ConnectorException c ? c
                    : new ConnectorException(FailureCode.CLI_INTERNAL, ex.getClass().getName());
            err.println(coded.code().id() + " " + coded.code().summary() + ": " + coded.detail());
            err.println(coded.code().remedy());
            err.flush();
            return coded.code() == FailureCode.CLI_USAGE ? 2 : 1;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        if (requests < 1 || requests > 100_000 || workers < 1 || workers > 64) {
            throw new ConnectorException(FailureCode.CLI_USAGE, "--requests takes 1-100000 and --workers 1-64");
        }
        PrintWriter out = spec.commandLine().getOut();
        Path work = keep != null ? Files.createDirectories(keep) : Files.createTempDirectory("odjc-demo-");
        if (keep != null) {
            try (Stream<Path> s = Files.list(work)) {
                if (s.findAny().isPresent()) {
                    throw new ConnectorException(FailureCode.FILE_EXISTS, work + " is not empty");
                }
            }
        }
        Path events = work.resolve("events.log");
        try (PrintWriter log = new PrintWriter(Files.newBufferedWriter(events), true)) {
            Demo.Report report = new Demo(work, out, line -> {
                synchronized (log) {
                    log.println(Instant.now() + " " + line);
                }
            }).run(requests, workers);
            if (keep != null) {
                out.println("files kept in " + work + " (events.log: the connector's event lines)");
            }
            return report.ok() ? 0 : 1;
        } finally {
            if (keep == null) {
                deleteTree(work);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
