package org.odjc.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odjc.config.ConfigLoader;
import org.odjc.domain.DistinguishedName;
import org.odjc.domain.DomainDnsName;
import org.odjc.failure.FailureCode;

class ConfigReloaderTest {
    static final String A = "OU=A,DC=corp,DC=example,DC=test";
    static final String B = "OU=B,DC=corp,DC=example,DC=test";

    @TempDir
    Path dir;

    static String config(String user, String... ous) {
        return """
                domains:
                  - name: corp.example.test
                    bind: {mode: ldaps, user: %s, passwordFile: pw}
                    ous: [%s]
                """.formatted(user, String.join(", ", java.util.Arrays.stream(ous).map(o -> "\"" + o + "\"").toList()));
    }

    private ConfigReloader reloaderOver(String yaml) throws Exception {
        Path file = dir.resolve("connector.yaml");
        Files.writeString(file, yaml);
        return new ConfigReloader(file, ConfigLoader.load(file));
    }

    private boolean permits(ConfigReloader r, String ou) throws Exception {
        return r.policy(DomainDnsName.parse("corp.example.test")).orElseThrow().allowList()
                .permits(DistinguishedName.parse(ou));
    }

    @Test
    void anEditedAllowListAppliesAtOnceAndAnUntouchedFileIsLeftAlone() throws Exception {
        ConfigReloader r = reloaderOver(config("svc@corp.example.test", A));
        assertThat(r.reload()).isInstanceOf(ConfigReloader.Outcome.Unchanged.class);
        assertThat(permits(r, B)).isFalse();

        Files.writeString(dir.resolve("connector.yaml"), config("svc@corp.example.test", A, B));

        assertThat(r.reload()).isEqualTo(new ConfigReloader.Outcome.Applied(java.util.List.of("ous"), java.util.List.of()));
        assertThat(permits(r, B)).isTrue();
        assertThat(r.reload()).isInstanceOf(ConfigReloader.Outcome.Unchanged.class);
    }

    @Test
    void aBadEditChangesNothingAndIsReportedOnce() throws Exception {
        ConfigReloader r = reloaderOver(config("svc@corp.example.test", A));
        Files.writeString(dir.resolve("connector.yaml"), config("svc@corp.example.test", "not a DN"));

        ConfigReloader.Outcome first = r.reload();
        assertThat(first).isInstanceOfSatisfying(ConfigReloader.Outcome.Rejected.class, rejected -> {
            assertThat(rejected.why().code()).isEqualTo(FailureCode.CONFIG_INVALID);
            assertThat(rejected.why().getMessage()).contains("domains[0].ous[0] (line 4)", "not a DN");
        });
        assertThat(permits(r, A)).as("the last good configuration stays").isTrue();
        assertThat(r.reload()).isInstanceOf(ConfigReloader.Outcome.Unchanged.class);
    }

    @Test
    void aBindChangeIsReportedAsNeedingARestartWhileTheAllowListStillApplies() throws Exception {
        ConfigReloader r = reloaderOver(config("svc@corp.example.test", A));
        Files.writeString(dir.resolve("connector.yaml"), config("other@corp.example.test", A, B));

        assertThat(r.reload()).isEqualTo(new ConfigReloader.Outcome.Applied(java.util.List.of("bind", "ous"),
                java.util.List.of("corp.example.test bind")));
        assertThat(permits(r, B)).isTrue();
    }

    @Test
    void aReloadNamesEveryKeyThatChangedAndOnlyThose() throws Exception {
        String before = config("svc@corp.example.test", A) + """
                service:
                  dispatcher: https://dispatcher.example.test
                  identity: identity
                  stateDirectory: state
                  workers: 4
                """;
        ConfigReloader r = reloaderOver(before);
        Files.writeString(dir.resolve("connector.yaml"), before.replace("workers: 4", "workers: 8")
                .replace("ous: [\"" + A + "\"]", "ous: [\"" + A + "\", \"" + B + "\"]"));

        ConfigReloader.Outcome o = r.reload();

        assertThat(o).isInstanceOfSatisfying(ConfigReloader.Outcome.Applied.class, a -> {
            assertThat(a.changed()).containsExactly("ous", "service.workers");
            assertThat(a.restartNeededFor()).containsExactly("service");
        });
        java.util.List<String> lines = new java.util.ArrayList<>();
        ConnectorHost.report(o, lines::add);
        assertThat(lines).singleElement().asString().startsWith("event=config-reloaded changed=ous,service.workers ")
                .contains("restartNeededFor=service");
    }
}
