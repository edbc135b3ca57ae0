package org.odjc.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.odjc.config.ConfigLoader;
import org.odjc.config.ConnectorConfig;
import org.odjc.domain.Printable;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.journal.SqliteJoinJournal;
import org.odjc.provisioning.JournalEntry;
import org.odjc.provisioning.RequestId;
import org.odjc.provisioning.RequestState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code odjc requests}: what the connector did, from its journal (read while the service runs:
 * SQLite's WAL lets a reader in beside the writer). Never prints a password: the journal has none.
 */
@Command(name = "requests", subcommands = RequestsCommand.Show.class,
        description = {"List the requests in the journal, newest first.",
            "List the requests in the connector's journal, newest first: when, request, device, computer,",
            "DN, DC, state, code, and how long it took. 'odjc requests show ID' prints every state change of one.",
            "The journal keeps closed requests for service.journalRetention (default 90d); open ones until settled."})
final class RequestsCommand extends CliCommand implements Callable<Integer> {
    @Option(names = "--config", defaultValue = ConfigFile.DEFAULT, paramLabel = "FILE",
            description = "The connector configuration; its stateDirectory holds the journal (default ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--state", paramLabel = "STATE", description = "Only requests now in this state: received,"
            + " name_chosen, account_created, reported, done, failed.")
    String state;

    @Option(names = "--since", paramLabel = "T", description = "Only those changed since T: 2026-11-30T08:00:00Z, or 30m, 24h, 7d.")
    String since;

    @Option(names = "--limit", defaultValue = "100", paramLabel = "N", description = "At most N (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "One JSON object per request, one per line.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Optional<RequestState> s;
        try {
            s = state == null ? Optional.empty() : Optional.of(RequestState.valueOf(state.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new ConnectorException(FailureCode.CLI_USAGE, "--state " + state + " is not a request state");
        }
        if (limit < 1 || limit > 100_000) {
            throw new ConnectorException(FailureCode.CLI_USAGE, "--limit takes 1-100000");
        }
        try (SqliteJoinJournal journal = journal(config)) {
            List<SqliteJoinJournal.Summary> rows = journal.summaries(s, since(since), limit);
            ObjectMapper m = new ObjectMapper();
            if (!json) {
                out().printf("%-24s %-28s %-16s %-16s %-15s %-9s %8s  %s%n", "changed", "request", "device", "computer",
                        "state", "code", "took", "dn / dc");
            }
            for (SqliteJoinJournal.Summary r : rows) {
                JournalEntry e = r.latest();
                long took = Duration.between(r.received(), e.at()).toMillis();
                if (json) {
                    ObjectNode n = m.createObjectNode();
                    n.put("requestId", e.request().id().value());
                    n.put("deviceId", e.request().deviceId());
                    n.put("domain", e.request().domain().value());
                    n.put("state", e.state().name().toLowerCase(Locale.ROOT));
                    n.put("received", r.received().toString());
                    n.put("changed", e.at().toString());
                    n.put("tookMs", took);
                    e.name().ifPresent(x -> n.put("computerName", x.value()));
                    e.dn().ifPresent(x -> n.put("dn", x.toString()));
                    e.sid().ifPresent(x -> n.put("sid", x.toString()));
                    e.dc().ifPresent(x -> n.put("dc", x));
                    e.code().ifPresent(x -> n.put("code", x));
                    out().println(n);
                } else {
                    // device ids, DNs and DC names came from requests and directories: escaped, so none can forge a
                    // row or reach the terminal as an escape sequence (--json has the exact values)
                    out().printf("%-24s %-28s %-16s %-16s %-15s %-9s %6d ms  %s%n", e.at().toString().substring(0, 19) + "Z",
                            esc(e.request().id().value()), esc(e.request().deviceId()), e.name().map(x -> esc(x.value())).orElse("-"),
                            e.state().name().toLowerCase(Locale.ROOT), esc(e.code().orElse("")), took,
                            esc(e.dn().map(Object::toString).orElse("") + e.dc().map(x -> " @" + x).orElse("")));
                }
            }
        }
        return OdjcMain.EXIT_OK;
    }

    private static String esc(Object o) {
        return Printable.escape(o);
    }

    static SqliteJoinJournal journal(Path config) throws ConnectorException {
        ConnectorConfig c = ConfigLoader.load(config);
        Path file = c.service().orElseThrow(() -> new ConnectorException(FailureCode.CONFIG_INVALID, config
                + " has no service: section, so no journal")).stateDirectory().resolve("journal.db");
        if (!Files.exists(file)) {
            throw new ConnectorException(FailureCode.JOURNAL_UNAVAILABLE, file + " does not exist: the service has not"
                    + " run with this configuration yet");
        }
        return SqliteJoinJournal.open(file);
    }

    static Optional<Instant> since(String s) throws ConnectorException {
        if (s == null) {
            return Optional.empty();
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,6})([mhd])").matcher(s);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return Optional.of(Instant.now().minus(d));
        }
        try {
            return Optional.of(Instant.parse(s));
        } catch (DateTimeParseException e) {
            throw new ConnectorException(FailureCode.CLI_USAGE, "--since takes an instant (2026-11-30T08:00:00Z) or 30m, 24h, 7d");
        }
    }

    @Command(name = "show", description = {"Show every state change of one request.",
            "Every state change of one request, oldest first: time, state, token, name, DN, DC, code, note."})
    static final class Show extends CliCommand implements Callable<Integer> {
        @Parameters(paramLabel = "ID", description = "The request id, as odjc requests lists it.")
        String id;

        @Option(names = "--config", defaultValue = ConfigFile.DEFAULT, paramLabel = "FILE",
                description = "The connector configuration (default ${DEFAULT-VALUE}).")
        Path config;

        @Option(names = "--json", description = "One JSON object per state change, one per line.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            try (SqliteJoinJournal journal = journal(config)) {
                List<JournalEntry> h = journal.history(RequestId.parse(id));
                if (h.isEmpty()) {
                    throw new ConnectorException(FailureCode.JOURNAL_NO_SUCH_REQUEST, id + " is not in the journal");
                }
                if (json) {
                    ObjectMapper m = new ObjectMapper();
                    for (JournalEntry e : h) {
                        ObjectNode n = m.createObjectNode();
                        n.put("requestId", e.request().id().value());
                        n.put("deviceId", e.request().deviceId());
                        n.put("domain", e.request().domain().value());
                        e.request().ou().ifPresent(x -> n.put("ou", x.toString()));
                        n.put("at", e.at().toString());
                        n.put("state", e.state().name().toLowerCase(Locale.ROOT));
                        n.put("fencingToken", e.fencingToken());
                        e.name().ifPresent(x -> n.put("computerName", x.value()));
                        e.dn().ifPresent(x -> n.put("dn", x.toString()));
                        e.sid().ifPresent(x -> n.put("sid", x.toString()));
                        e.dc().ifPresent(x -> n.put("dc", x));
                        e.code().ifPresent(x -> n.put("code", x));
                        if (!e.detail().isEmpty()) {
                            n.put("detail", e.detail());
                        }
                        out().println(n);
                    }
                    return OdjcMain.EXIT_OK;
                }
                JournalEntry first = h.get(0);
                out().println(esc(first.request().id().value()) + ": domain " + first.request().domain() + ", device "
                        + esc(first.request().deviceId()) + ", OU "
                        + first.request().ou().map(Printable::escape).orElse("(default)"));
                for (JournalEntry e : h) {
                    out().printf("  %s  %-15s token %d  %s%s%s%s%s%n", e.at(), e.state().name().toLowerCase(Locale.ROOT),
                            e.fencingToken(), e.name().map(x -> esc(x.value()) + " ").orElse(""),
                            e.dn().map(x -> esc(x) + " ").orElse(""), e.dc().map(x -> "@" + esc(x) + " ").orElse(""),
                            e.code().map(x -> esc(x) + " ").orElse(""), e.detail().isEmpty() ? "" : "(" + esc(e.detail()) + ")");
                }
            }
            return OdjcMain.EXIT_OK;
        }
    }
}
