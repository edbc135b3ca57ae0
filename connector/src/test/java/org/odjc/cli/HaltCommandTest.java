package org.odjc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odjc.domain.DomainDnsName;
import org.odjc.failure.FailureCode;
import org.odjc.journal.SqliteJoinJournal;
import org.odjc.provisioning.HaltLatches;

/** {@code odjc halt show|clear} over the journal in the state directory, as the running service reads it. */
class HaltCommandTest {
    static final Instant T = Instant.parse("2026-12-04T10:00:00Z");

    @TempDir
    Path dir;

    private Path config() throws Exception {
        Path config = OfflineConfig.write(dir);
        try (SqliteJoinJournal j = SqliteJoinJournal.open(dir.resolve("state/journal.db"))) {
            j.latch(new HaltLatches.Latch(DomainDnsName.parse("corp.example.test"), FailureCode.PROV_ORPHAN_LEFT, T,
                    "CN=AP1,OU=Autopilot,DC=corp,DC=example,DC=test could not be deleted\u001b[31m"));
            j.latch(new HaltLatches.Latch(DomainDnsName.parse("other.example.test"), FailureCode.PROV_ORPHAN_LEFT,
                    T.plusSeconds(60), "CN=AP2 left"));
        }
        return config;
    }

    @Test
    void showListsEachLatchedDomainWithCodeSinceAndRemedyAsTextAndJson() throws Exception {
        Path config = config();

        OdjcMainTest.Run text = OdjcMainTest.run("halt", "show", "--config", config.toString());
        OdjcMainTest.Run json = OdjcMainTest.run("halt", "show", "--config", config.toString(), "--json", "--domain",
                "CORP.example.test");

        assertThat(text.exit()).as(text.err()).isZero();
        assertThat(text.out()).contains("corp.example.test  PROV-009  since 2026-12-04T10:00:00Z")
                .contains("remedy: " + FailureCode.PROV_ORPHAN_LEFT.remedy())
                .contains("then: odjc halt clear --domain corp.example.test")
                .contains("other.example.test  PROV-009  since 2026-12-04T10:01:00Z")
                .doesNotContain("\u001b");
        assertThat(json.exit()).as(json.err()).isZero();
        JsonNode n = new ObjectMapper().readTree(json.out().strip());
        assertThat(n.get("domain").asText()).isEqualTo("corp.example.test");
        assertThat(n.get("code").asText()).isEqualTo("PROV-009");
        assertThat(n.get("since").asText()).isEqualTo("2026-12-04T10:00:00Z");
        assertThat(n.get("remedy").asText()).isEqualTo(FailureCode.PROV_ORPHAN_LEFT.remedy());
    }

    @Test
    void clearWithADomainClearsOnlyThatOneAndWithoutClearsEveryOne() throws Exception {
        Path config = config();

        OdjcMainTest.Run one = OdjcMainTest.run("halt", "clear", "--config", config.toString(), "--domain",
                "corp.example.test");
        assertThat(one.exit()).as(one.err()).isZero();
        assertThat(one.out()).contains("cleared corp.example.test (PROV-009 since 2026-12-04T10:00:00Z)");
        try (SqliteJoinJournal j = SqliteJoinJournal.open(dir.resolve("state/journal.db"))) {
            assertThat(j.latched()).extracting(l -> l.domain().lowerCase()).containsExactly("other.example.test");
        }

        OdjcMainTest.Run all = OdjcMainTest.run("halt", "clear", "--config", config.toString());
        assertThat(all.out()).contains("cleared other.example.test");
        assertThat(OdjcMainTest.run("halt", "show", "--config", config.toString()).out()).contains("no domain is latched");
        try (SqliteJoinJournal j = SqliteJoinJournal.open(dir.resolve("state/journal.db"))) {
            assertThat(j.clear(Optional.empty())).isEmpty();
        }
    }
}
