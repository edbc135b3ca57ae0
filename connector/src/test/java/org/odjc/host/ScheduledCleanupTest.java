package org.odjc.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odjc.config.ConfigLoader;
import org.odjc.config.ConnectorConfig;
import org.odjc.domain.DistinguishedName;
import org.odjc.domain.DomainDnsName;
import org.odjc.journal.SqliteJoinJournal;
import org.odjc.provisioning.JoinRequest;
import org.odjc.provisioning.JournalEntry;
import org.odjc.provisioning.NameRequest;
import org.odjc.provisioning.RequestId;
import org.odjc.provisioning.RequestState;

/** What the service's schedules do and log: journal pruning and scheduled cleanup. */
class ScheduledCleanupTest {
    static final Instant NOW = Instant.parse("2026-12-01T02:00:00Z");

    @TempDir
    Path dir;

    @Test
    void pruningDropsClosedRequestsOlderThanTheRetentionAndLogsHowMany() throws Exception {
        List<String> log = new ArrayList<>();
        try (SqliteJoinJournal j = SqliteJoinJournal.open(dir.resolve("journal.db"))) {
            JournalEntry old = JournalEntry.received(request("old"), 1, NOW.minus(Duration.ofDays(91)));
            JournalEntry recent = JournalEntry.received(request("recent"), 1, NOW.minus(Duration.ofDays(89)));
            j.append(old, old.next(RequestState.DONE, "", old.at()));
            j.append(recent, recent.next(RequestState.DONE, "", recent.at()));

            ConnectorHost.prune(j, Duration.ofDays(90), Clock.fixed(NOW, ZoneOffset.UTC), org.odjc.telemetry.EventLog.traced(log::add));
            ConnectorHost.prune(j, Duration.ofDays(90), Clock.fixed(NOW, ZoneOffset.UTC), org.odjc.telemetry.EventLog.traced(log::add));

            assertThat(j.latest(new RequestId("old"))).isEmpty();
            assertThat(j.latest(new RequestId("recent"))).isPresent();
        }
        assertThat(log).containsExactly("event=journal-pruned requests=1 events=2 accounts=0 retention=90d");
    }

    @Test
    void aScheduledCleanupWithNothingRecordedLogsAnEmptySummaryWithoutBinding() throws Exception {
        ConnectorConfig config = ConfigLoader.parse("""
                domains:
                  - name: corp.example.test
                    dcs: [nowhere.invalid]
                    bind: {mode: ldaps, user: svc@corp.example.test, passwordFile: pw}
                    ous: ["OU=Autopilot,DC=corp,DC=example,DC=test"]
                cleanup: {every: 24h}
                """.getBytes(StandardCharsets.UTF_8), "connector.yaml", dir);
        List<String> log = new ArrayList<>();
        try (SqliteJoinJournal j = SqliteJoinJournal.open(dir.resolve("journal.db"))) {
            ConnectorHost.scheduledCleanup(config, j, Map.of(), Clock.fixed(NOW, ZoneOffset.UTC), org.odjc.telemetry.EventLog.traced(log::add));
        }
        assertThat(log).containsExactly("event=cleanup-finished disabled=0 waiting=0 deleted=0 kept=0 used=0 gone=0 failed=0");
    }

    private static JoinRequest request(String id) throws Exception {
        return new JoinRequest(new RequestId(id), DomainDnsName.parse("corp.example.test"),
                Optional.of(DistinguishedName.parse("OU=Autopilot,DC=corp,DC=example,DC=test")), NameRequest.Prefix.parse("AP"),
                "device-" + id);
    }
}
