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
import org.odjc.domain.Sid;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.provisioning.JoinRequest;
import org.odjc.provisioning.JournalEntry;
import org.odjc.provisioning.NameRequest;
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
