package org.odjc.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.odjc.domain.DomainDnsName;
import org.odjc.journal.SqliteJoinJournal;
import org.odjc.provisioning.HaltLatches;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code odjc halt show|clear}: the domains latched by a LATCH failure (PROV-009), which take no
 * work until cleared. The latches live in the journal in the state directory: whoever may write
 * that file (the service account, root) may clear one, which is the whole authentication; the
 * admin endpoint, which asks nobody who they are, cannot. The running service reads the latches on
 * every turn of its loop, so a clear takes effect within one long-poll (25 s).
 */
@Command(name = "halt", subcommands = {HaltCommand.Show.class, HaltCommand.Clear.class},
        description = {"Show or clear domains latched until an admin acts.",
            "A domain latches on a failure only an admin can fix (PROV-009: a computer account left behind).",
            "A latched domain takes no work, across restarts, until cleared; the connector's",
            "other domains go on. Run as the service user or root: the latches are kept in the journal of its state directory."})
final class HaltCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** {@code odjc halt} alone: its usage. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** One line, control characters replaced: the detail may quote a DC's message. */
    static String oneLine(String s) {
        return s.replaceAll("\\p{Cntrl}", " ");
    }

    @Command(name = "show", description = {"List the latched domains.", "Each with its code, since when, the detail and the remedy."})
    static final class Show extends CliCommand implements Callable<Integer> {
        @Mixin
        ConfigFile config;

        @Option(names = "--domain", paramLabel = "D", description = "Only this domain.")
        String domain;

        @Option(names = "--json", description = "One JSON object per latched domain, one per line.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            Optional<DomainDnsName> only = domain == null ? Optional.empty() : Optional.of(DomainDnsName.parse(domain));
            try (SqliteJoinJournal journal = RequestsCommand.journal(config.path)) {
                List<HaltLatches.Latch> latched = journal.latched().stream()
                        .filter(l -> only.isEmpty() || l.domain().equalsIgnoreCase(only.get())).toList();
                ObjectMapper m = new ObjectMapper();
                if (!json && latched.isEmpty()) {
                    out().println("no domain is latched");
                }
                for (HaltLatches.Latch l : latched) {
                    if (json) {
                        ObjectNode n = m.createObjectNode();
                        n.put("domain", l.domain().lowerCase());
                        n.put("code", l.code().id());
                        n.put("since", l.since().toString());
                        n.put("summary", l.code().summary());
                        n.put("detail", l.detail());
                        n.put("remedy", l.code().remedy());
                        out().println(n);
                    } else {
                        out().printf("%s  %s  since %s  %s: %s%n  remedy: %s%n  then: odjc halt clear --domain %s%n",
                                l.domain().lowerCase(), l.code().id(), l.since(), l.code().summary(), oneLine(l.detail()),
                                l.code().remedy(), l.domain().lowerCase());
                    }
                }
            }
            return OdjcMain.EXIT_OK;
        }
    }

    @Command(name = "clear", description = {"Clear the latch of one domain, or of all.",
        "The latch of --domain D, or of every domain; the running service takes work for it again within one",
        "long-poll. Fix the cause first (odjc halt show gives the remedy)."})
    static final class Clear extends CliCommand implements Callable<Integer> {
        @Mixin
        ConfigFile config;

        @Option(names = "--domain", paramLabel = "D", description = "Only this domain (default: every latched domain).")
        String domain;

        @Override
        public Integer call() throws Exception {
            Optional<DomainDnsName> only = domain == null ? Optional.empty() : Optional.of(DomainDnsName.parse(domain));
            try (SqliteJoinJournal journal = RequestsCommand.journal(config.path)) {
                List<HaltLatches.Latch> cleared = journal.clear(only);
                if (cleared.isEmpty()) {
                    out().println(only.map(d -> d.lowerCase() + " is not latched").orElse("no domain is latched"));
                }
                for (HaltLatches.Latch l : cleared) {
                    out().println("cleared " + l.domain().lowerCase() + " (" + l.code().id() + " since " + l.since() + ")");
                }
            }
            return OdjcMain.EXIT_OK;
        }
    }
}
