package org.odjc.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odjc.domain.ComputerName;
import org.odjc.domain.DistinguishedName;
import org.odjc.domain.DomainDnsName;
import org.odjc.domain.Guid;
import org.odjc.domain.Sid;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.provisioning.HaltLatches;
import org.odjc.provisioning.JoinRequest;
import org.odjc.provisioning.JournalEntry;
import org.odjc.provisioning.NameRequest;
import org.odjc.provisioning.OwnedAccount;
import org.odjc.provisioning.RequestId;
import org.odjc.provisioning.RequestState;

class SqliteJoinJournalTest {
    static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");

    @TempDir
    Path dir;

    static JoinRequest request(String id, NameRequest name) throws ConnectorException {
        return new JoinRequest(new RequestId(id), DomainDnsName.parse("corp.example.test"),
                Optional.of(DistinguishedName.parse("OU=Autopilot,DC=corp,DC=example,DC=test")), name, "device-" + id);
    }

    @Test
    void everyFieldSurvivesAReopen() throws Exception {
        Path file = dir.resolve("journal.db");
        JournalEntry created = JournalEntry.received(request("r1", NameRequest.Prefix.parse("AP")), 3, T0)
                .withName(ComputerName.parse("AP123"), DistinguishedName.parse("CN=AP123,OU=Autopilot,DC=corp,DC=example,DC=test"))
                .withAccount(Sid.parse("S-1-5-21-1-2-3-1104"), "dc1.corp.example.test")
                .next(RequestState.ACCOUNT_CREATED, "note", T0.plusSeconds(1));
        try (SqliteJoinJournal j = SqliteJoinJournal.open(file)) {
            j.append(JournalEntry.received(request("r1", NameRequest.Prefix.parse("AP")), 3, T0));
            j.append(created);
        }
        try (SqliteJoinJournal j = SqliteJoinJournal.open(file)) {
            assertThat(j.latest(new RequestId("r1"))).contains(created);
            assertThat(j.history(new RequestId("r1"))).extracting(JournalEntry::state)
                    .containsExactly(RequestState.RECEIVED, RequestState.ACCOUNT_CREATED);
            assertThat(j.schemaVersion()).isEqualTo(SqliteJoinJournal.SCHEMA_VERSION);
        }
    }

    @Test
    void summariesListEachRequestsLatestStateNewestFirstFilteredByStateTimeAndLimit() throws Exception {
        try (SqliteJoinJournal j = SqliteJoinJournal.open(dir.resolve("journal.db"))) {
            JournalEntry a = JournalEntry.received(request("a", NameRequest.Prefix.parse("AP")), 1, T0);
            JournalEntry b = JournalEntry.received(request("b", NameRequest.Prefix.parse("AP")), 1, T0.plusSeconds(10));
            j.append(a);
            j.append(b);
            j.append(a.next(RequestState.DONE, "reported", T0.plusSeconds(2)));
            j.append(b.withCode("PROV-001").next(RequestState.FAILED, "not allowed", T0.plusSeconds(11)));

            assertThat(j.summaries(Optional.empty(), Optional.empty(), 10))
                    .extracting(x -> x.latest().request().id().value() + " " + x.latest().state() + " "
                            + java.time.Duration.between(x.received(), x.latest().at()).toSeconds())
                    .containsExactly("b FAILED 1", "a DONE 2");
            assertThat(j.summaries(Optional.of(RequestState.DONE), Optional.empty(), 10)).hasSize(1);
            assertThat(j.summaries(Optional.empty(), Optional.of(T0.plusSeconds(5)), 10)).hasSize(1);
            assertThat(j.summaries(Optional.empty(), Optional.empty(), 1)).hasSize(1);
        }
    }

    @Test
    void unfinishedListsTheLastStateOfEachOpenRequestOldestFirst() throws Exception {
        try (SqliteJoinJournal j = SqliteJoinJournal.open(dir.resolve("journal.db"))) {
            JournalEntry a = JournalEntry.received(request("a", NameRequest.Prefix.parse("AP")), 1, T0);
            JournalEntry b = JournalEntry.received(request("b", new NameRequest.Exact(ComputerName.parse("PC-B"))), 1, T0);
            JournalEntry c = JournalEntry.received(request("c", NameRequest.Prefix.parse("AP")), 1, T0);
            j.append(a);
            j.append(b);
            j.append(c);
            j.append(a.next(RequestState.NAME_CHOSEN, "", T0));
            j.append(b.next(RequestState.DONE, "reported", T0));
            j.append(c.withCode("PROV-001").next(RequestState.FAILED, "not allowed", T0));

            assertThat(j.unfinished()).extracting(e -> e.request().id().value() + " " + e.state())
                    .containsExactly("a NAME_CHOSEN");
            assertThat(j.latest(new RequestId("b")).orElseThrow().request().name())
                    .isEqualTo(new NameRequest.Exact(ComputerName.parse("PC-B")));
            assertThat(j.latest(new RequestId("c")).orElseThrow().code()).contains("PROV-001");
            assertThat(j.latest(new RequestId("zzz"))).isEmpty();
        }
    }

    static OwnedAccount owned(String guid, String request, Instant at) throws ConnectorException {
        return new OwnedAccount(Guid.parse(guid), new RequestId(request), DomainDnsName.parse("CORP.example.test"),
                DistinguishedName.parse("CN=AP1,OU=Autopilot,DC=corp,DC=example,DC=test"), Sid.parse("S-1-5-21-1-2-3-1104"),
                "odjc request=" + request + " connector=c1", at, at, Optional.empty());
    }

    @Test
    void anAccountRecordedWithItsEntrySurvivesAReopenAndCarriesItsDisabledTimeUntilDeleted() throws Exception {
        Path file = dir.resolve("journal.db");
        OwnedAccount a = owned("92de6c92-077f-45ef-a18a-0fc4a44f636f", "r1", T0);
        OwnedAccount b = owned("0b0b0b0b-077f-45ef-a18a-0fc4a44f636f", "r2", T0.plusSeconds(5));
        try (SqliteJoinJournal j = SqliteJoinJournal.open(file)) {
            j.appendWithAccount(a, JournalEntry.received(request("r1", NameRequest.Prefix.parse("AP")), 1, T0));
            j.appendWithAccount(b, JournalEntry.received(request("r2", NameRequest.Prefix.parse("AP")), 1, T0));
            j.disabled(b.objectGuid(), T0.plusSeconds(30));
            // b adopted by a later attempt: password reset and re-enabled, creation time kept
            j.appendWithAccount(new OwnedAccount(b.objectGuid(), new RequestId("r2"), b.domain(), b.dn(), b.sid(), b.tag(),
                    T0.plusSeconds(40), T0.plusSeconds(40), Optional.empty()));
            j.disabled(a.objectGuid(), T0.plusSeconds(60));
        }
        try (SqliteJoinJournal j = SqliteJoinJournal.open(file)) {
            DomainDnsName domain = DomainDnsName.parse("corp.example.test");
            assertThat(j.owned(domain)).containsExactly(
                    new OwnedAccount(a.objectGuid(), a.requestId(), DomainDnsName.parse("corp.example.test"), a.dn(), a.sid(),
                            a.tag(), T0, T0, Optional.of(T0.plusSeconds(60))),
                    new OwnedAccount(b.objectGuid(), b.requestId(), DomainDnsName.parse("corp.example.test"), b.dn(), b.sid(),
                            b.tag(), T0.plusSeconds(5), T0.plusSeconds(40), Optional.empty()));
            j.deleted(a.objectGuid(), T0.plusSeconds(120), "deleted by cleanup");
            assertThat(j.owned(domain)).extracting(OwnedAccount::objectGuid).containsExactly(b.objectGuid());
            assertThat(j.owned(DomainDnsName.parse("other.example.test"))).isEmpty();
        }
    }

    @Test
    void aVersionOneJournalIsMigratedKeepingItsHistoryAndThenRecordsAccounts() throws Exception {
        Path file = dir.resolve("journal.db");
        try (var db = DriverManager.getConnection("jdbc:sqlite:" + file); var st = db.createStatement()) {
            for (String sql : SqliteJoinJournal.MIGRATIONS.get(0)) {
                st.execute(sql);
            }
            st.execute("PRAGMA user_version=1");
            st.execute("INSERT INTO requests VALUES ('old', 'corp.example.test', NULL, 'prefix', 'AP', 'dev')");
            st.execute("INSERT INTO events (request_id, state, fencing_token, detail, at_ms) VALUES ('old', 'DONE', 1, '', 5)");
        }
        try (SqliteJoinJournal j = SqliteJoinJournal.open(file)) {
            assertThat(j.schemaVersion()).isEqualTo(SqliteJoinJournal.SCHEMA_VERSION);
            assertThat(j.latest(new RequestId("old")).orElseThrow().state()).isEqualTo(RequestState.DONE);
            j.appendWithAccount(owned("92de6c92-077f-45ef-a18a-0fc4a44f636f", "old", T0));
            assertThat(j.owned(DomainDnsName.parse("corp.example.test"))).hasSize(1);
        }
    }

    @Test
    void aVersionTwoJournalIsMigratedToThreeKeepingItsAccountsAndThenKeepsLatches() throws Exception {
        Path file = dir.resolve("journal.db");
        try (var db = DriverManager.getConnection("jdbc:sqlite:" + file); var st = db.createStatement()) {
            for (int v = 0; v < 2; v++) {
                for (String sql : SqliteJoinJournal.MIGRATIONS.get(v)) {
                    st.execute(sql);
                }
            }
            st.execute("PRAGMA user_version=2");
        }
        try (SqliteJoinJournal j = SqliteJoinJournal.open(file)) {
            j.appendWithAccount(owned("92de6c92-077f-45ef-a18a-0fc4a44f636f", "v2", T0));
        }
        try (SqliteJoinJournal j = SqliteJoinJournal.open(file)) {
            assertThat(j.schemaVersion()).isEqualTo(3);
            assertThat(j.owned(DomainDnsName.parse("corp.example.test"))).hasSize(1);
            assertThat(j.latched()).isEmpty();
        }
    }

    @Test
    void aLatchSurvivesAReopenKeepsItsFirstCodeAndIsClearedByDomainOrAll() throws Exception {
        Path file = dir.resolve("journal.db");
        DomainDnsName corp = DomainDnsName.parse("Corp.Example.Test");
        DomainDnsName other = DomainDnsName.parse("other.example.test");
        try (SqliteJoinJournal j = SqliteJoinJournal.open(file)) {
            j.latch(new HaltLatches.Latch(corp, FailureCode.PROV_ORPHAN_LEFT, T0, "CN=AP1 left behind"));
            j.latch(new HaltLatches.Latch(corp, FailureCode.CLI_INTERNAL, T0.plusSeconds(9), "later"));
            j.latch(new HaltLatches.Latch(other, FailureCode.PROV_ORPHAN_LEFT, T0.plusSeconds(5), "CN=AP2 left behind"));
        }
        try (SqliteJoinJournal j = SqliteJoinJournal.open(file)) {
            assertThat(j.latched()).containsExactly(
                    new HaltLatches.Latch(DomainDnsName.parse("corp.example.test"), FailureCode.PROV_ORPHAN_LEFT, T0,
                            "CN=AP1 left behind"),
                    new HaltLatches.Latch(other, FailureCode.PROV_ORPHAN_LEFT, T0.plusSeconds(5), "CN=AP2 left behind"));
            assertThat(j.clear(Optional.of(DomainDnsName.parse("CORP.example.test")))).extracting(HaltLatches.Latch::detail)
                    .containsExactly("CN=AP1 left behind");
            assertThat(j.latched()).extracting(l -> l.domain().lowerCase()).containsExactly("other.example.test");
            assertThat(j.clear(Optional.empty())).hasSize(1);
            assertThat(j.latched()).isEmpty();
        }
    }

    @Test
    void pruningRemovesOnlyClosedRequestsOlderThanTheCutAndRecordsOfAccountsDeletedBeforeIt() throws Exception {
        try (SqliteJoinJournal j = SqliteJoinJournal.open(dir.resolve("journal.db"))) {
            JournalEntry oldDone = JournalEntry.received(request("old-done", NameRequest.Prefix.parse("AP")), 1, T0);
            JournalEntry oldOpen = JournalEntry.received(request("old-open", NameRequest.Prefix.parse("AP")), 1, T0);
            JournalEntry newDone = JournalEntry.received(request("new-done", NameRequest.Prefix.parse("AP")), 1, T0);
            j.append(oldDone, oldDone.next(RequestState.DONE, "", T0.plusSeconds(1)));
            j.append(oldOpen.next(RequestState.NAME_CHOSEN, "", T0.plusSeconds(1)));
            j.append(newDone, newDone.next(RequestState.DONE, "", T0.plusSeconds(100)));
            OwnedAccount gone = owned("92de6c92-077f-45ef-a18a-0fc4a44f636f", "old-done", T0);
            OwnedAccount alive = owned("0b0b0b0b-077f-45ef-a18a-0fc4a44f636f", "old-done", T0);
            OwnedAccount joined = owned("0c0c0c0c-077f-45ef-a18a-0fc4a44f636f", "old-done", T0);
            j.appendWithAccount(gone);
            j.appendWithAccount(alive);
            j.appendWithAccount(joined);
            j.deleted(gone.objectGuid(), T0.plusSeconds(2), "deleted by cleanup");
            j.used(joined.objectGuid(), T0.plusSeconds(3), "logged on");
            assertThat(j.owned(DomainDnsName.parse("corp.example.test"))).as("a used account is no longer watched")
                    .extracting(OwnedAccount::objectGuid).containsExactly(alive.objectGuid());

            SqliteJoinJournal.Pruned pruned = j.prune(T0.plusSeconds(50));

            assertThat(pruned).isEqualTo(new SqliteJoinJournal.Pruned(1, 2, 2));
            assertThat(j.history(new RequestId("old-done"))).isEmpty();
            assertThat(j.latest(new RequestId("old-open"))).isPresent();
            assertThat(j.latest(new RequestId("new-done"))).isPresent();
            assertThat(j.owned(DomainDnsName.parse("corp.example.test"))).extracting(OwnedAccount::objectGuid)
                    .containsExactly(alive.objectGuid());
            assertThat(j.prune(T0.plusSeconds(50))).isEqualTo(new SqliteJoinJournal.Pruned(0, 0, 0));
        }
    }

    @Test
    void aJournalWrittenByANewerVersionIsRefusedNotGuessedAt() throws Exception {
        Path file = dir.resolve("journal.db");
        try (var db = DriverManager.getConnection("jdbc:sqlite:" + file); var st = db.createStatement()) {
            st.execute("PRAGMA user_version=" + (SqliteJoinJournal.SCHEMA_VERSION + 1));
        }
        ConnectorException e = catchThrowableOfType(() -> SqliteJoinJournal.open(file), ConnectorException.class);
        assertThat(e.code()).isEqualTo(FailureCode.JOURNAL_TOO_NEW);
    }

    @Test
    void aJournalThatCannotBeCreatedSaysWhere() {
        Path file = dir.resolve("missing-dir/journal.db");
        ConnectorException e = catchThrowableOfType(() -> SqliteJoinJournal.open(file), ConnectorException.class);
        assertThat(e.code()).isEqualTo(FailureCode.JOURNAL_UNAVAILABLE);
        assertThat(e.getMessage()).contains("missing-dir");
    }
}
