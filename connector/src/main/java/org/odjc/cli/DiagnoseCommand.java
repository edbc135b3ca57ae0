package org.odjc.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.odjc.config.ConfigLoader;
import org.odjc.diagnostics.Finding;
import org.odjc.diagnostics.Report;
import org.odjc.domain.Printable;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.host.Diagnostics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code odjc diagnose}: runs the checks once and prints what it found. Exit 0 when nothing fails,
 * 1 when something does, 2 for a usage or configuration error. No secret is printed.
 */
@Command(name = "diagnose",
        description = {"Check what breaks hybrid join, with a code and remedy each.",
            "Check what breaks hybrid join: DNS records, DC ports and certificates, the LDAP ping, the clock,",
            "the bind, the state directory and the dispatcher. Each finding: PASS/WARN/FAIL/SKIP, a code, the measured",
            "value, the remedy. Exit 0 when nothing fails, 1 when something does, 2 for usage or configuration errors."})
final class DiagnoseCommand extends CliCommand implements Callable<Integer> {
    static final int EXIT_USAGE = 2;

    @Option(names = "--config", defaultValue = ConfigFile.DEFAULT, paramLabel = "FILE",
            description = "The connector configuration (default ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--json", description = "One JSON object (docs/diagnose.schema.json).")
    boolean json;

    @Option(names = "--only", split = ",", paramLabel = "CHECK",
            description = "Run only these: dns, dc, clock, credentials, keytab, ous, quota, local, proxy, dispatcher.")
    List<String> only = List.of();

    @Override
    public Integer call() throws Exception {
        Set<String> checks = new LinkedHashSet<>(only);
        if (!Diagnostics.CHECKS.containsAll(checks)) {
            OdjcMain.printFailure(spec.commandLine().getErr(), new ConnectorException(FailureCode.CLI_USAGE,
                    "--only takes " + String.join(", ", Diagnostics.CHECKS) + "; not " + checks));
            return EXIT_USAGE;
        }
        Report report;
        try {
            report = new Diagnostics(ConfigLoader.load(config), System.getenv(), Clock.systemUTC()).run(checks);
        } catch (ConnectorException e) {
            OdjcMain.printFailure(spec.commandLine().getErr(), e);
            return EXIT_USAGE;
        }
        if (json) {
            out().println(toJson(report));
        } else {
            print(report);
        }
        out().flush();
        return report.exitCode();
    }

    static String toJson(Report report) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        root.put("worst", report.worst().name());
        ArrayNode findings = root.putArray("findings");
        for (Finding f : report.findings()) {
            ObjectNode n = findings.addObject();
            n.put("check", f.check());
            n.put("target", f.target());
            n.put("status", f.status().name());
            f.code().ifPresent(c -> n.put("code", c.id()));
            n.put("finding", f.detail());
            f.remedy().ifPresent(r -> n.put("remedy", r));
        }
        return root.toString();
    }

    private void print(Report report) {
        for (Finding f : report.findings()) {
            // targets and details quote DNS answers, certificates and DC replies: escaped for the terminal
            out().printf("%-4s  %-11s %-52s %-9s %s%n", f.status(), f.check(), Printable.escape(f.target()),
                    f.code().map(FailureCode::id).orElse(""), Printable.escape(f.detail()));
        }
        List<Finding> bad = report.findings().stream().filter(f -> f.code().isPresent()).toList();
        if (!bad.isEmpty()) {
            out().println();
            bad.stream().map(f -> f.code().orElseThrow()).distinct().forEach(c ->
                    out().println(c.id() + " " + c.summary() + ": " + c.remedy()));
        }
        out().println();
        out().println(report.worst() == org.odjc.diagnostics.Status.FAIL ? "diagnose: something fails"
                : report.worst() == org.odjc.diagnostics.Status.WARN ? "diagnose: warnings, nothing fails"
                : "diagnose: everything passes");
    }
}
