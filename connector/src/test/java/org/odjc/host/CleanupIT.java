package org.odjc.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odjc.cli.OdjcMain;
import org.odjc.config.ConfigLoader;
import org.odjc.config.ConnectorConfig;
import org.odjc.domain.DistinguishedName;
import org.odjc.journal.SqliteJoinJournal;
import org.odjc.ldap.LdapDirectory;
import org.odjc.odj.DjoinText;
import org.odjc.provisioning.AccountCleanup.Action;
import org.odjc.provisioning.AccountCleanup.Outcome;
import org.odjc.provisioning.CleanupPolicy;
import org.odjc.provisioning.CloudChannel;
import org.odjc.provisioning.ComputerProvisioner;
import org.odjc.provisioning.DomainPolicy;
import org.odjc.provisioning.JoinRequest;
import org.odjc.provisioning.JoinResult;
import org.odjc.provisioning.JoinWorkflow;
import org.odjc.provisioning.JournalEntry;
import org.odjc.provisioning.Lease;
import org.odjc.provisioning.NameRequest;
import org.odjc.provisioning.RemoteStatus;
import org.odjc.provisioning.RequestId;
import org.odjc.provisioning.RequestState;
import org.odjc.testing.ConnectorFixture;
import org.odjc.testing.ItEnvironment;
import org.odjc.testing.ProcessResult;
import org.odjc.testing.SambaClient;
import org.odjc.testing.SambaDc;
import org.odjc.testing.SettableClock;

/**
 * Issue 7's cleanup on the Samba DC: of two accounts the connector's workflow created (journal and
 * all), one joins like a device ({@code net offlinejoin requestodj} + {@code net ads testjoin}) and
 * one does not; a third, made by someone else, copies the unused one's tag. Only the unused one of
 * ours is disabled, then deleted once the grace period is over. The clock is moved, not waited for.
 */
class CleanupIT {
    static final String CONNECTOR = "c-cleanup-it";

    @TempDir
    Path dir;

    private SambaDc dc;
    private String ou;

    @AfterEach
    void deleteOu() {
        if (ou != null) {
            dc.ldap("ldapdelete", null, "-r", ou);
        }
    }

    @Test
    void onlyTheConnectorsNeverUsedAccountIsDisabledAndDeletedAfterTheGracePeriod() throws Exception {
        dc = SambaDc.require();
        ItEnvironment.requireTool("net", "samba");
        ou = ConnectorFixture.createOu(dc, "CleanupIT");
        Path configFile = ConnectorFixture.config(dir, dc, ou, 1, 1);
        ConnectorConfig config = ConfigLoader.load(configFile);
        ConnectorConfig.Domain domain = config.domains().get(0);
        Files.createDirectories(dir.resolve("state"));
        String suffix = ItEnvironment.randomSuffix().toLowerCase();

        try (SqliteJoinJournal journal = SqliteJoinJournal.open(dir.resolve("state/journal.db"))) {
            Map<String, byte[]> blobs = new HashMap<>();
            JournalEntry used;
            JournalEntry unused;
            try (LdapDirectory directory = DirectoryAdapters.directory(domain.access(), Map.of(), w -> { }, 1)) {
                ComputerProvisioner provisioner = new ComputerProvisioner(DirectoryAdapters.locator(domain.dnsServers()),
                        directory, new SecureRandom());
                JoinWorkflow workflow = new JoinWorkflow(provisioner, journal, new KeepsBlobs(blobs), CONNECTOR,
                        name -> Optional.of(new DomainPolicy(domain.ous(), Optional.empty(), Optional.empty())),
                        Clock.systemUTC());
                used = workflow.process(request("cleanup-" + suffix + "-used"), lease("cleanup-" + suffix + "-used"));
                unused = workflow.process(request("cleanup-" + suffix + "-unused"), lease("cleanup-" + suffix + "-unused"));
            }
            assertThat(used.state()).isEqualTo(RequestState.DONE);
            assertThat(unused.state()).isEqualTo(RequestState.DONE);
            String usedDn = used.dn().orElseThrow().toString();
            String unusedDn = unused.dn().orElseThrow().toString();
            String pwdLastSetAtCreation = dc.attribute(usedDn, "pwdLastSet");

            // the device that joins: apply the blob and log on with its password
            String usedName = used.name().orElseThrow().value();
            Path blob = dir.resolve("used.txt");
            Files.write(blob, DjoinText.toDjoinFile(blobs.get(usedName)));
            SambaClient client = new SambaClient(dc, usedName, dir.resolve("client"));
            ProcessResult applied = client.requestOdj(blob);
            assertThat(applied.exit()).as(applied.toString()).isZero();
            assertThat(client.testJoin().out()).contains("Join is OK");
            // Samba 4.17's KDC records the logon (lastLogonTimestamp, lastLogon, logonCount) but testjoin
            // does not change the password: the rule must not depend on a password change
            assertThat(dc.attribute(usedDn, "lastLogonTimestamp")).as("Samba writes lastLogonTimestamp at logon").isNotNull();
            assertThat(dc.attribute(usedDn, "pwdLastSet")).isEqualTo(pwdLastSetAtCreation);
            assertThat(dc.attribute(unusedDn, "lastLogonTimestamp")).isNull();

            // someone else's account, copying the unused account's tag word for word
            String foreignDn = "CN=CLF" + suffix.substring(0, 5).toUpperCase() + "," + ou;
            String tag = "odjc request=cleanup-" + suffix + "-unused connector=" + CONNECTOR;
            assertThat(dc.attribute(unusedDn, "description")).isEqualTo(tag);
            ProcessResult added = dc.ldap("ldapadd", String.join("\n", "dn: " + foreignDn, "objectClass: computer",
                    "sAMAccountName: CLF" + suffix.substring(0, 5).toUpperCase() + "$", "userAccountControl: 4096",
                    "description: " + tag, "unicodePwd:: " + Base64.getEncoder().encodeToString(
                            ("\"" + "Fx1!" + suffix + "\"").getBytes(java.nio.charset.StandardCharsets.UTF_16LE)), ""));
            assertThat(added.exit()).as(added.toString()).isZero();

            // the command line at today's date: nothing is old enough; --all shows why for each
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int status = OdjcMain.run(new String[] {"cleanup", "--config", configFile.toString(), "--all", "--json"},
                    System.in, new PrintWriter(out), new PrintWriter(err));
            assertThat(status).as(err.toString()).isZero();
            assertThat(out.toString().lines().map(CleanupIT::json).map(n -> n.get("action").asText() + " " + n.get("name").asText()))
                    .containsExactly("used " + usedName, "keep " + unused.name().orElseThrow().value());
            assertThat(out.toString()).contains("lastLogonTimestamp").contains("younger than 30d");

            Instant start = Instant.now();
            SettableClock clock = new SettableClock(start.plus(Duration.ofDays(31)));
            CleanupPolicy policy = new CleanupPolicy(Duration.ofDays(30), Duration.ofDays(7));

            List<Outcome> dry = outcomes(Cleanup.run(config, journal, Map.of(), clock, policy, false, Optional.empty()));
            assertThat(dry).extracting(o -> o.account().dn().toString(), Outcome::action, Outcome::done).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(usedDn, Action.USED, false),
                    org.assertj.core.groups.Tuple.tuple(unusedDn, Action.DISABLE, false));
            assertThat(dry.get(0).why()).contains("lastLogonTimestamp");
            assertThat(dc.attribute(unusedDn, "userAccountControl")).as("a dry run changes nothing").isEqualTo("4096");

            // the service's schedule applies the same cleanup, one event per account it acts on
            List<String> events = new java.util.ArrayList<>();
            ConnectorHost.scheduledCleanup(config, journal, Map.of(), clock, org.odjc.telemetry.EventLog.traced(events::add));
            assertThat(events).anyMatch(l -> l.startsWith("event=account-used ") && l.contains(usedDn))
                    .anyMatch(l -> l.startsWith("event=account-disabled ") && l.contains(unusedDn))
                    .anyMatch(l -> l.startsWith("event=cleanup-finished disabled=1 ") && l.endsWith(" used=1 gone=0 failed=0"));
            assertThat(dc.attribute(unusedDn, "userAccountControl")).isEqualTo("4098");
            assertThat(dc.attribute(usedDn, "userAccountControl")).isEqualTo("4096");
            assertThat(dc.attribute(foreignDn, "userAccountControl")).isEqualTo("4096");

            clock.set(start.plus(Duration.ofDays(35)));
            List<Outcome> waiting = outcomes(Cleanup.run(config, journal, Map.of(), clock, policy, true, Optional.empty()));
            assertThat(waiting).as("the used account is settled: no longer looked up").extracting(Outcome::action)
                    .containsExactly(Action.WAIT);
            assertThat(dc.attribute(unusedDn, "userAccountControl")).as("still there in its grace period").isEqualTo("4098");

            clock.set(start.plus(Duration.ofDays(38)).plus(Duration.ofMinutes(1)));
            events.clear();
            ConnectorHost.scheduledCleanup(config, journal, Map.of(), clock, org.odjc.telemetry.EventLog.traced(events::add));
            assertThat(events).anyMatch(l -> l.startsWith("event=account-deleted ") && l.contains(unusedDn))
                    .noneMatch(l -> l.contains(usedDn) || l.contains(foreignDn));
            assertThat(dc.ldap("ldapsearch", null, "-b", unusedDn, "-s", "base", "1.1").exit()).as("deleted").isEqualTo(32);
            assertThat(dc.attribute(usedDn, "userAccountControl")).isEqualTo("4096");
            assertThat(dc.attribute(foreignDn, "userAccountControl")).as("never touched").isEqualTo("4096");
            assertThat(dc.attribute(foreignDn, "description")).isEqualTo(tag);
            assertThat(journal.owned(domain.name())).as("nothing left to watch").isEmpty();
        }

        StringWriter text = new StringWriter();
        assertThat(OdjcMain.run(new String[] {"cleanup", "--config", configFile.toString()}, System.in, new PrintWriter(text),
                new PrintWriter(new StringWriter()))).isZero();
        assertThat(text.toString()).isEqualTo("dry run: 0 to disable, 0 to delete, 0 in their 7d grace period, 0 used, 0 kept"
                + " (created less than 30d ago, re-enabled or re-tagged; --all lists them); run again with --apply to change"
                + " the directory\n");
    }

    @Test
    void theScheduleLogsAFailedDomainAndForgetsAnAccountSomeoneElseDeleted() throws Exception {
        dc = SambaDc.require();
        ou = ConnectorFixture.createOu(dc, "CleanupIT");
        Path configFile = ConnectorFixture.config(dir, dc, ou, 1, 1);
        ConnectorConfig config = ConfigLoader.load(configFile);
        ConnectorConfig.Domain domain = config.domains().get(0);
        String id = "cleanup-" + ItEnvironment.randomSuffix().toLowerCase() + "-gone";
        Path wrong = dir.resolve("wrong.password");
        Files.writeString(wrong, "not-the-password\n");
        Path wrongFile = dir.resolve("wrong.yaml");
        Files.writeString(wrongFile, Files.readString(configFile).replace(dc.adminPasswordFile().toString(), wrong.toString()));

        try (SqliteJoinJournal journal = SqliteJoinJournal.open(dir.resolve("journal.db"))) {
            JournalEntry gone;
            try (LdapDirectory directory = DirectoryAdapters.directory(domain.access(), Map.of(), w -> { }, 1)) {
                gone = new JoinWorkflow(new ComputerProvisioner(DirectoryAdapters.locator(domain.dnsServers()), directory,
                        new SecureRandom()), journal, new KeepsBlobs(new HashMap<>()), CONNECTOR,
                        name -> Optional.of(new DomainPolicy(domain.ous(), Optional.empty(), Optional.empty())),
                        Clock.systemUTC()).process(request(id), lease(id));
            }
            assertThat(dc.ldap("ldapdelete", null, gone.dn().orElseThrow().toString()).exit()).isZero();
            SettableClock clock = new SettableClock(Instant.now().plus(Duration.ofDays(31)));
            List<String> events = new java.util.ArrayList<>();

            ConnectorHost.scheduledCleanup(ConfigLoader.load(wrongFile), journal, Map.of(), clock,
                    org.odjc.telemetry.EventLog.traced(events::add));
            ConnectorHost.scheduledCleanup(config, journal, Map.of(), clock, org.odjc.telemetry.EventLog.traced(events::add));

            assertThat(events).anyMatch(l -> l.startsWith("event=cleanup-failed domain=" + dc.domain() + " code=AD-"))
                    .anyMatch(l -> l.startsWith("event=account-forgotten requestId=" + id))
                    .anyMatch(l -> l.endsWith(" gone=1 failed=0"));
            assertThat(journal.owned(domain.name())).as("nothing left to watch").isEmpty();
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String line) {
        try {
            return org.odjc.cloud.Wire.JSON.readTree(line);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(line, e);
        }
    }

    private static List<Outcome> outcomes(List<Cleanup.DomainRun> runs) {
        assertThat(runs).singleElement().satisfies(r -> assertThat(r.failure()).isEmpty());
        return runs.get(0).outcomes();
    }

    private JoinRequest request(String id) throws Exception {
        return new JoinRequest(RequestId.parse(id), org.odjc.domain.DomainDnsName.parse(dc.domain()),
                Optional.of(DistinguishedName.parse(ou)), NameRequest.Prefix.parse("CLU"), "device-" + id);
    }

    private static Lease lease(String id) throws Exception {
        return new Lease(RequestId.parse(id), 1, Instant.now().plusSeconds(300));
    }

    /** The dispatcher's part: keeps each blob (a copy: the workflow wipes its own) as the device would receive it. */
    private record KeepsBlobs(Map<String, byte[]> blobs) implements CloudChannel {
        @Override
        public void report(Lease lease, JoinResult result) {
            if (result instanceof JoinResult.Succeeded s) {
                blobs.put(s.name().value(), s.blob().clone());
            }
        }

        @Override
        public RemoteStatus status(RequestId id) {
            throw new UnsupportedOperationException("no recovery in this test");
        }
    }
}
