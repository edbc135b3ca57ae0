package org.odjc.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odjc.domain.DcInfo;
import org.odjc.domain.DistinguishedName;
import org.odjc.domain.DomainDnsName;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.journal.SqliteJoinJournal;
import org.odjc.odj.Lab;

/** The workflow on the real journal: a restart between the add and the report loses nothing. */
class JoinWorkflowOnSqliteTest {
    @TempDir
    Path dir;

    @Test
    void aRestartAfterTheAddIsSettledFromTheJournalOnDiskAndTheFileHoldsNoPassword() throws Exception {
        FakeDirectory directory = new FakeDirectory();
        List<DcInfo> dcs = List.of(Lab.dc());
        ComputerProvisioner provisioner = new ComputerProvisioner((d, dc) -> dcs, directory, new SplittableRandom(3));
        JoinWorkflowTest.ScriptedCloud cloud = new JoinWorkflowTest.ScriptedCloud();
        Path file = dir.resolve("journal.db");
        JoinRequest request = new JoinRequest(new RequestId("r-disk"), DomainDnsName.parse("corp.example.test"),
                Optional.empty(), NameRequest.Prefix.parse("AP"), "device-1");

        cloud.reportFailures.add(new ConnectorException(FailureCode.CLOUD_UNREACHABLE, "killed before the reply"));
        try (SqliteJoinJournal journal = SqliteJoinJournal.open(file)) {
            assertThat(workflow(provisioner, journal, cloud).process(request,
                    new Lease(request.id(), 1, JoinWorkflowTest.NOW.plusSeconds(60))).state())
                    .isEqualTo(RequestState.ACCOUNT_CREATED);
        }

        cloud.statuses.put("r-disk", new RemoteStatus.LeasedToUs(new Lease(request.id(), 2,
                JoinWorkflowTest.NOW.plusSeconds(60))));
        try (SqliteJoinJournal journal = SqliteJoinJournal.open(file)) {
            workflow(provisioner, journal, cloud).recover();
            assertThat(journal.latest(request.id()).orElseThrow().state()).isEqualTo(RequestState.DONE);
            assertThat(journal.unfinished()).isEmpty();
        }
        assertThat(directory.computers()).hasSize(1);
        String password = new String(directory.entries.get(directory.computers().get(0)).password.copyUnits());
        for (Path f : List.of(file, dir.resolve("journal.db-wal"))) {
            if (Files.exists(f)) {
                String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertThat(bytes).doesNotContain(new String(password.getBytes(StandardCharsets.UTF_8),
                        StandardCharsets.ISO_8859_1).substring(0, 24));
            }
        }
    }

    private static JoinWorkflow workflow(ComputerProvisioner provisioner, JoinJournal journal, CloudChannel cloud) {
        DistinguishedName ou = parse("OU=Autopilot,DC=corp,DC=example,DC=test");
        return new JoinWorkflow(provisioner, journal, cloud, "c1",
                d -> Optional.of(new DomainPolicy(OuAllowList.of(List.of(new OuAllowList.Entry(ou, false))),
                        Optional.of(ou), Optional.empty())),
                Clock.fixed(JoinWorkflowTest.NOW, ZoneOffset.UTC));
    }

    private static DistinguishedName parse(String dn) {
        try {
            return DistinguishedName.parse(dn);
        } catch (ConnectorException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
