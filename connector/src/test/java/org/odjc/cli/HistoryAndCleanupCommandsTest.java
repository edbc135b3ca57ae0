package org.odjc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odjc.domain.ComputerName;
import org.odjc.domain.DistinguishedName;
import org.odjc.domain.DomainDnsName;
import org.odjc.domain.Sid;
import org.odjc.journal.SqliteJoinJournal;
import org.odjc.provisioning.JoinRequest;
import org.odjc.provisioning.JournalEntry;
import org.odjc.provisioning.NameRequest;
import org.odjc.provisioning.RequestId;
import org.odjc.provisioning.RequestState;

/** {@code odjc requests} and {@code odjc cleanup} over a journal on disk, without a DC. */
class HistoryAndCleanupCommandsTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path config() throws Exception {
        Path config = OfflineConfig.write(dir);
        return config;
    }

    private static JournalEntry done(String id, Instant at) throws Exception {
        JoinRequest r = new JoinRequest(new RequestId(id), DomainDnsName.parse("corp.example.test"),
                Optional.of(DistinguishedName.parse("OU=Autopilot,DC=corp,DC=example,DC=test")), NameRequest.Prefix.parse("AP"),
                "device-" + id);
        return JournalEntry.received(r, 1, at)
                .withName(ComputerName.parse("AP" + id.toUpperCase().replace("-", "")),
                        DistinguishedName.parse("CN=AP" + id.toUpperCase().replace("-", "") + ",OU=Autopilot,DC=corp,DC=example,DC=test"))
                .withAccount(Sid.parse("S-1-5-21-1-2-3-1104"), "dc1.corp.example.test")
                .next(RequestState.DONE, "reported", at.plusSeconds(1));
    }

    @Test
    void requestsListsEveryRequestProcessedBeforeAndAfterARestart() throws Exception {
        Path config = config();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (SqliteJoinJournal j = SqliteJoinJournal.open(dir.resolve("state/journal.db"))) {
            for (int i = 0; i < 3; i++) {
                JournalEntry d = done("before-" + i, now.minusSeconds(60 + i));
                j.append(JournalEntry.received(d.request(), 1, d.at().minusSeconds(1)), d);
            }
        } // the service stops; a new process opens the same file
        try (SqliteJoinJournal j = SqliteJoinJournal.open(dir.resolve("state/journal.db"))) {
            JournalEntry d = done("after-0", now);
            j.append(JournalEntry.received(d.request(), 1, now),
                    d.withCode("PROV-002").next(RequestState.FAILED, "no such OU", now.plusSeconds(2)));
        }

        OdjcMainTest.Run all = OdjcMainTest.run("requests", "--config", config.toString(), "--json");
        assertThat(all.exit()).as(all.err()).isZero();
        List<JsonNode> rows = all.out().lines().map(HistoryAndCleanupCommandsTest::json).toList();
        assertThat(rows).extracting(n -> n.get("requestId").asText())
                .containsExactly("after-0", "before-2", "before-1", "before-0");

        OdjcMainTest.Run failed = OdjcMainTest.run("requests", "--config", config.toString(), "--state", "failed");
        assertThat(failed.out()).contains("after-0").contains("PROV-002").doesNotContain("before-");
        OdjcMainTest.Run recent = OdjcMainTest.run("requests", "--config", config.toString(), "--since",
                now.minusSeconds(30).toString(), "--json");
        assertThat(recent.out().lines()).hasSize(1);

        OdjcMainTest.Run show = OdjcMainTest.run("requests", "show", "after-0", "--config", config.toString(), "--json");
        assertThat(show.exit()).as(show.err()).isZero();
        assertThat(show.out().lines().map(HistoryAndCleanupCommandsTest::json).toList())
                .extracting(n -> n.get("state").asText(), n -> n.path("code").asText())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("received", ""),
                        org.assertj.core.groups.Tuple.tuple("failed", "PROV-002"));
    }

    /** Device ids are any 1-128 characters; details and DC names come from the dispatcher and the directory. */
    static final String[] HOSTILE = {"esc\u001b[2Jcleared", "dev\n2026-12-01T00:00:00Z  forged-row  done", "abc\u202Eexe.txt",
        "csi\u009b31mred", "nel\u0085ls\u2028ps\u2029iso\u2066x\u2069"};

    @Test
    void hostileDeviceIdsDetailsAndDcNamesReachTheTerminalOnlyAsVisibleEscapes() throws Exception {
        Path config = config();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (SqliteJoinJournal j = SqliteJoinJournal.open(dir.resolve("state/journal.db"))) {
            for (int i = 0; i < HOSTILE.length; i++) {
                JoinRequest r = new JoinRequest(new RequestId("hostile-" + i), DomainDnsName.parse("corp.example.test"),
                        Optional.empty(), NameRequest.Prefix.parse("AP"), HOSTILE[i]);
                JournalEntry received = JournalEntry.received(r, 1, now.minusSeconds(10 + i));
                j.append(received, received.withName(ComputerName.parse("AP" + i),
                                DistinguishedName.parse("CN=AP" + i + ",OU=Autopilot,DC=corp,DC=example,DC=test"))
                        .withAccount(Sid.parse("S-1-5-21-1-2-3-1104"), "dc" + HOSTILE[i])
                        .withCode("CLOUD-001").next(RequestState.FAILED, "dispatcher said: " + HOSTILE[i], now.minusSeconds(i)));
            }
        }

        OdjcMainTest.Run list = OdjcMainTest.run("requests", "--config", config.toString());
        List<String> shows = new java.util.ArrayList<>();
        for (int i = 0; i < HOSTILE.length; i++) {
            OdjcMainTest.Run show = OdjcMainTest.run("requests", "show", "hostile-" + i, "--config", config.toString());
            assertThat(show.exit()).as(show.err()).isZero();
            shows.add(show.out());
        }

        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out().lines()).hasSize(1 + HOSTILE.length); // the header and one line per request: none forged
        assertThat(list.out()).contains("esc\\u001b[2Jcleared", "dev\\u000a2026", "abc\\u202eexe.txt", "csi\\u009b31mred",
                "nel\\u0085ls\\u2028ps\\u2029iso\\u2066x\\u2069");
        for (String out : shows) {
            assertThat(out.lines()).hasSize(3); // the request, then received and failed
        }
        for (String out : List.of(list.out(), String.join("", shows))) {
            assertThat(out.codePoints().filter(c -> Character.getType(c) == Character.CONTROL && c != '\n')).isEmpty();
            assertThat(out).doesNotContain("\u202E", "\u2028", "\u2029", "\u2066", "\u2069");
        }
        assertThat(String.join("", shows)).contains("dispatcher said: dev\\u000a2026", "@dcesc\\u001b[2Jcleared");

        OdjcMainTest.Run json = OdjcMainTest.run("requests", "--config", config.toString(), "--json");
        assertThat(json.out().lines().map(HistoryAndCleanupCommandsTest::json).map(n -> n.get("deviceId").asText()))
                .as("the JSON form keeps the exact value").contains(HOSTILE);
    }

    @Test
    void showingARequestThatIsNotInTheJournalSaysSoWithItsOwnCode() throws Exception {
        Path config = config();
        SqliteJoinJournal.open(dir.resolve("state/journal.db")).close();

        OdjcMainTest.Run r = OdjcMainTest.run("requests", "show", "no-such-request", "--config", config.toString());

        assertThat(r.exit()).isEqualTo(OdjcMain.EXIT_FAILURE);
        assertThat(r.firstErrLine()).startsWith(org.odjc.failure.FailureCode.JOURNAL_NO_SUCH_REQUEST.id())
                .contains("no-such-request is not in the journal");
        assertThat(r.firstErrLine()).doesNotStartWith("INPUT-");
    }

    @Test
    void cleanupRefusesABadDurationAsAUsageErrorBeforeOpeningAnything() throws Exception {
        Path config = config();
        OdjcMainTest.Run young = OdjcMainTest.run("cleanup", "--config", config.toString(), "--older-than", "2h");
        OdjcMainTest.Run word = OdjcMainTest.run("cleanup", "--config", config.toString(), "--grace", "soon");

        assertThat(young.exit()).isEqualTo(OdjcMain.EXIT_USAGE);
        assertThat(young.firstErrLine()).startsWith("INPUT-014").contains("outside 1d to 3650d");
        assertThat(word.exit()).isEqualTo(OdjcMain.EXIT_USAGE);
        assertThat(word.firstErrLine()).startsWith("INPUT-014").contains("'soon'");
        assertThat(dir.resolve("state/journal.db")).doesNotExist();
    }

    @Test
    void cleanupWithNoRecordedAccountsBindsToNoDcAndSaysSo() throws Exception {
        Path config = config();
        SqliteJoinJournal.open(dir.resolve("state/journal.db")).close();

        OdjcMainTest.Run r = OdjcMainTest.run("cleanup", "--config", config.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("dry run: 0 to disable, 0 to delete").contains("--apply");
    }

    @Test
    void cleanupOfADomainThatIsNotConfiguredIsRefused() throws Exception {
        Path config = config();
        SqliteJoinJournal.open(dir.resolve("state/journal.db")).close();

        OdjcMainTest.Run r = OdjcMainTest.run("cleanup", "--config", config.toString(), "--domain", "other.example.test");

        assertThat(r.exit()).isEqualTo(OdjcMain.EXIT_USAGE);
        assertThat(r.firstErrLine()).startsWith("CLI-002").contains("other.example.test is not a configured domain");
    }

    @Test
    void aDryRunListsEachCandidateWithNameDnCreatedAndWhyAndAnAccountLeftUnchangedEndsWithCleanup001() throws Exception {
        Instant created = Instant.parse("2026-10-01T08:00:00Z");
        org.odjc.provisioning.OwnedAccount a = owned("AP1", created);
        org.odjc.provisioning.OwnedAccount b = owned("AP2", created);
        org.odjc.provisioning.AccountActivity found = new org.odjc.provisioning.AccountActivity(a.dn(), a.objectGuid(), 4096,
                a.tag(), created, Optional.of(created), Optional.empty(), Optional.empty(), 0);
        List<org.odjc.host.Cleanup.DomainRun> runs = List.of(new org.odjc.host.Cleanup.DomainRun(a.domain(), List.of(
                new org.odjc.provisioning.AccountCleanup.Outcome(a, Optional.of(found),
                        org.odjc.provisioning.AccountCleanup.Action.DISABLE, "never used", false, Optional.empty()),
                new org.odjc.provisioning.AccountCleanup.Outcome(b, Optional.empty(),
                        org.odjc.provisioning.AccountCleanup.Action.KEEP, "could not be read", false,
                        Optional.of(new org.odjc.failure.ConnectorException(org.odjc.failure.FailureCode.AD_DC_UNREACHABLE,
                                "dc1")))), Optional.empty()));
        CleanupCommand command = new CleanupCommand();
        java.io.StringWriter out = new java.io.StringWriter();
        new picocli.CommandLine(command).setOut(new java.io.PrintWriter(out, true));

        org.odjc.failure.ConnectorException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> command.print(runs, org.odjc.provisioning.CleanupPolicy.DEFAULTS), org.odjc.failure.ConnectorException.class);

        assertThat(e.code()).isEqualTo(org.odjc.failure.FailureCode.CLEANUP_INCOMPLETE);
        assertThat(e.getMessage()).contains(b.dn().toString()).contains("AD-006");
        assertThat(out.toString().lines().toList()).hasSize(3);
        assertThat(out.toString().lines().findFirst().orElseThrow()).startsWith("disable").contains("AP1")
                .contains(a.dn().toString()).contains("created " + created).contains("never used");
        assertThat(out.toString()).contains("AP2").contains("AD-006").contains("dry run: 1 to disable, 0 to delete");
    }

    @Test
    void cleanupShowsReasonsAndFailuresFromTheDirectoryOnlyAsVisibleEscapes() throws Exception {
        Instant created = Instant.parse("2026-10-01T08:00:00Z");
        org.odjc.provisioning.OwnedAccount a = owned("AP1", created);
        List<org.odjc.host.Cleanup.DomainRun> runs = List.of(new org.odjc.host.Cleanup.DomainRun(a.domain(), List.of(
                new org.odjc.provisioning.AccountCleanup.Outcome(a, Optional.empty(),
                        org.odjc.provisioning.AccountCleanup.Action.KEEP, "kept \u001b[2J\nforged row \u202Eabc", false,
                        Optional.of(new org.odjc.failure.ConnectorException(org.odjc.failure.FailureCode.AD_DC_UNREACHABLE,
                                "dc1\u009b31m\u2028")))), Optional.empty()));
        CleanupCommand command = new CleanupCommand();
        java.io.StringWriter out = new java.io.StringWriter();
        new picocli.CommandLine(command).setOut(new java.io.PrintWriter(out, true));

        org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> command.print(runs, org.odjc.provisioning.CleanupPolicy.DEFAULTS), org.odjc.failure.ConnectorException.class);

        assertThat(out.toString().lines()).hasSize(2); // the account and the summary
        assertThat(out.toString()).contains("kept \\u001b[2J\\u000aforged row \\u202eabc", "dc1\\u009b31m\\u2028")
                .doesNotContain("\u001b", "\u202E", "\u009b", "\u2028");
    }

    private static org.odjc.provisioning.OwnedAccount owned(String name, Instant at) throws Exception {
        return new org.odjc.provisioning.OwnedAccount(
                new org.odjc.domain.Guid(java.util.UUID.nameUUIDFromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8))),
                new RequestId("r-" + name), DomainDnsName.parse("corp.example.test"),
                DistinguishedName.parse("CN=" + name + ",OU=Autopilot,DC=corp,DC=example,DC=test"), Sid.parse("S-1-5-21-1-2-3-1104"),
                "odjc request=r-" + name + " connector=c1", at, at, Optional.empty());
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new IllegalStateException(line, e);
        }
    }
}
