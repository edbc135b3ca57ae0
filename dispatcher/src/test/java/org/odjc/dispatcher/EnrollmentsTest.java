package org.odjc.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnrollmentsTest {
    @TempDir
    Path dir;

    final Clock clock = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void aConnectorThatWasNotRevokedIsListedWithoutARevocationTime() throws Exception {
        try (Enrollments store = new Enrollments(dir.resolve("d.db"), clock, new SecureRandom())) {
            store.issued("c-live", Instant.parse("2027-01-01T00:00:00Z"), "01");
            store.issued("c-gone", Instant.parse("2027-01-01T00:00:00Z"), "02");
            store.revoke("c-gone");

            List<Enrollments.Enrolled> all = store.connectors();
            assertThat(all).extracting(Enrollments.Enrolled::connectorId).containsExactly("c-gone", "c-live");
            assertThat(all.get(0).revoked()).isEqualTo(clock.instant());
            assertThat(all.get(1).revoked()).isNull();
        }
    }

    @Test
    void enrollmentAndHeartbeatDetailsAreKeptAcrossARestart() throws Exception {
        try (Enrollments store = new Enrollments(dir.resolve("d.db"), clock, new SecureRandom())) {
            store.issued("c-1", Instant.parse("2027-01-01T00:00:00Z"), "01");
            store.enrolledFrom("c-1", "host1.corp.example.com", "0.1.0", List.of("corp.example.com"));
            store.heard("c-1", "0.2.0", List.of("corp.example.com", "lab.example.com"), Instant.parse("2026-12-01T11:00:00Z"));
        }
        try (Enrollments store = new Enrollments(dir.resolve("d.db"), clock, new SecureRandom())) {
            Enrollments.Enrolled e = store.connectors().get(0);
            assertThat(e.hostName()).isEqualTo("host1.corp.example.com");
            assertThat(e.version()).isEqualTo("0.2.0");
            assertThat(e.domains()).containsExactly("corp.example.com", "lab.example.com");
            assertThat(e.lastContact()).isEqualTo(Instant.parse("2026-12-01T11:00:00Z"));
        }
    }
}
