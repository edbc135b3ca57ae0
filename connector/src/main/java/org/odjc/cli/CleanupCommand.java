package org.odjc.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.odjc.config.ConfigLoader;
import org.odjc.config.ConnectorConfig;
import org.odjc.config.Durations;
import org.odjc.domain.DomainDnsName;
import org.odjc.domain.Printable;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.host.Cleanup;
import org.odjc.journal.SqliteJoinJournal;
import org.odjc.provisioning.AccountCleanup;
import org.odjc.provisioning.CleanupPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** {@code odjc cleanup}: see {@link AccountCleanup}. A dry run unless {@code --apply}. */
@Command(name = "cleanup",
        description = {"Disable and delete accounts of devices that never joined.",
            "List (dry run) or, with --apply, clean up the computer accounts this connector created for devices",
            "that never joined: no logon (lastLogonTimestamp), password unchanged since creation, older than --older-than.",
            "--apply disables them first, and deletes only those it disabled longer than --grace ago and still unused.",
            "Only accounts whose objectGUID the journal recorded and whose description still carries the connector's tag",
            "are ever looked at. The configured bind needs the rights odjc delegate grants."})
final class CleanupCommand extends CliCommand implements Callable<Integer> {
    @Option(names = "--config", defaultValue = ConfigFile.DEFAULT, paramLabel = "FILE",
            description = "The connector configuration: its domains' binds, its journal, its cleanup: defaults (default ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--domain", paramLabel = "DNS", description = "Only this configured domain (default: all).")
    DomainDnsName domain;

    @Option(names = "--older-than", paramLabel = "AGE", converter = Days.class,
            description = "Only accounts created longer ago than this, e.g. 30d (default: cleanup.olderThan, 30d).")
    Duration olderThan;

    @Option(names = "--grace", paramLabel = "AGE", converter = Days.class,
            description = "How long an account stays disabled before it is deleted, e.g. 7d (default: cleanup.grace, 7d).")
    Duration grace;

    @Option(names = "--apply", description = "Disable and delete (default: only list what would be done).")
    boolean apply;

    @Option(names = "--all", description = "Also list the accounts used or kept, with why.")
    boolean all;

    @Option(names = "--json", description = "One JSON object per account, one per line.")
    boolean json;

    /** At least a day: younger accounts may belong to devices still in their boxes. */
    static final class Days implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) throws ConnectorException {
            return Durations.parse(value, Duration.ofDays(1), Duration.ofDays(3650));
        }
    }

    @Override
    public Integer call() throws Exception {
        ConnectorConfig c = ConfigLoader.load(config);
        CleanupPolicy p = new CleanupPolicy(olderThan != null ? olderThan : c.cleanup().policy().olderThan(),
                grace != null ? grace : c.cleanup().policy().grace());
        List<Cleanup.DomainRun> runs;
        try (SqliteJoinJournal journal = RequestsCommand.journal(config)) {
            runs = Cleanup.run(c, journal, System.getenv(), Clock.systemUTC(), p, apply, Optional.ofNullable(domain));
        }
        return print(runs, p);
    }

    /** Prints the runs; {@code CLEANUP-001} naming each account or domain left unchanged. */
    int print(List<Cleanup.DomainRun> runs, CleanupPolicy p) throws ConnectorException {
        ObjectMapper m = new ObjectMapper();
        List<String> failed = new ArrayList<>();
        int[] counts = new int[AccountCleanup.Action.values().length];
        for (Cleanup.DomainRun run : runs) {
            if (run.failure().isPresent()) {
                failed.add(run.domain() + ": " + run.failure().get().getMessage());
                if (!json) {
                    out().println(run.domain() + ": not cleaned: " + Printable.escape(run.failure().get().getMessage()));
                }
                continue;
            }
            for (AccountCleanup.Outcome o : run.outcomes()) {
                counts[o.action().ordinal()]++;
                o.failure().ifPresent(f -> failed.add(o.account().dn() + ": " + f.getMessage()));
                if (!o.isCandidate() && !all && o.failure().isEmpty()) {
                    continue;
                }
                String dn = o.found().map(a -> a.dn().toString()).orElse(o.account().dn().toString());
                String created = o.found().map(a -> a.whenCreated().toString()).orElse("-");
                if (json) {
                    ObjectNode n = m.createObjectNode();
                    n.put("domain", run.domain().value());
                    n.put("action", o.action().name().toLowerCase(Locale.ROOT));
                    n.put("done", o.done());
                    n.put("name", o.account().dn().rdnValue());
                    n.put("dn", dn);
                    n.put("objectGuid", o.account().objectGuid().toString());
                    n.put("requestId", o.account().requestId().value());
                    n.put("created", created);
                    o.account().disabledAt().ifPresent(t -> n.put("disabledAt", t.toString()));
                    n.put("why", o.why());
                    o.failure().ifPresent(f -> n.put("code", f.code().id()));
                    out().println(n);
                } else {
                    // names, DNs and reasons come from the journal and the directory: escaped for the terminal
                    out().printf("%-15s %-5s %-15s %s  created %s  %s%s%n", o.action().name().toLowerCase(Locale.ROOT),
                            apply && o.isCandidate() && o.action() != AccountCleanup.Action.WAIT ? (o.done() ? "done" : "NOT")
                                    : "", Printable.escape(o.account().dn().rdnValue()), Printable.escape(dn), created,
                            Printable.escape(o.why()), o.failure().map(f -> "  [" + Printable.escape(f.getMessage()) + "]").orElse(""));
                }
            }
        }
        if (!json) {
            int disable = counts[AccountCleanup.Action.DISABLE.ordinal()] + counts[AccountCleanup.Action.RECORD_DISABLED.ordinal()];
            out().println((apply ? "" : "dry run: ") + disable + (apply ? " disabled, " : " to disable, ")
                    + counts[AccountCleanup.Action.DELETE.ordinal()] + (apply ? " deleted, " : " to delete, ")
                    + counts[AccountCleanup.Action.WAIT.ordinal()] + " in their " + Durations.format(p.grace())
                    + " grace period, " + counts[AccountCleanup.Action.USED.ordinal()] + " used, "
                    + counts[AccountCleanup.Action.KEEP.ordinal()] + " kept (created less than "
                    + Durations.format(p.olderThan()) + " ago, re-enabled or re-tagged" + (all ? ")" : "; --all lists them)")
                    + (apply ? "" : "; run again with --apply to change the directory"));
        }
        if (!failed.isEmpty()) {
            throw new ConnectorException(FailureCode.CLEANUP_INCOMPLETE, failed.size() + ": " + String.join("; ", failed));
        }
        return OdjcMain.EXIT_OK;
    }
}
