package org.odjc.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.odjc.demo.Demo;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code odjc demo}: see {@link Demo}. Needs nothing but the JDK: no root, no DC, no network. */
@Command(name = "demo",
        description = {"Run the whole chain in one process, without a DC.",
            "Run an embedded AD-like directory, the reference dispatcher and the connector in this process,",
            "enroll the connector, submit N join requests as an MDM would, and check every blob against the directory."})
final class DemoCommand extends CliCommand implements Callable<Integer> {
    @Option(names = "--requests", defaultValue = "10", paramLabel = "N", description = "Requests to submit (default ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--workers", defaultValue = "4", paramLabel = "N", description = "Connector workers (default ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--keep", paramLabel = "DIR",
            description = "Keep the run's files (config, journal, queue, certificates, event log) in DIR.")
    Path keep;

    @Override
    public Integer call() throws Exception {
        if (requests < 1 || requests > 100_000 || workers < 1 || workers > 64) {
            throw new ConnectorException(FailureCode.CLI_USAGE, "--requests takes 1-100000 and --workers 1-64");
        }
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
            Demo.Report report = new Demo(work, out(), line -> {
                synchronized (log) {
                    log.println(Instant.now() + " " + line);
                }
            }).run(requests, workers);
            if (keep != null) {
                out().println("files kept in " + work + " (events.log: the connector's event lines)");
            }
            return report.ok() ? OdjcMain.EXIT_OK : 1;
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
