package org.odjc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SetupCommandTest {
    @TempDir
    Path dir;

    private int run(StringWriter out, StringWriter err, String... args) {
        return OdjcMain.run(args, new ByteArrayInputStream(new byte[0]), new PrintWriter(out), new PrintWriter(err));
    }

    @Test
    void withoutATerminalAQuestionWithoutItsFlagIsAUsageErrorNamingTheFlagAndNothingIsWritten() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path config = dir.resolve("etc/connector.yaml");

        int exit = run(out, err, "setup", "--non-interactive", "--config", config.toString());

        assertThat(exit).isEqualTo(OdjcMain.EXIT_USAGE);
        assertThat(err.toString()).startsWith("CLI-002").contains("--domain is needed");
        assertThat(Files.exists(config)).isFalse();
        assertThat(Files.exists(dir.resolve("etc/secrets"))).isFalse();
    }

    @Test
    void anInvalidDomainIsRefusedWithItsCodeBeforeAnythingIsAskedOrWritten() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path config = dir.resolve("connector.yaml");

        int exit = run(out, err, "setup", "--non-interactive", "--config", config.toString(), "--domain", "not a domain!");

        assertThat(exit).isEqualTo(OdjcMain.EXIT_FAILURE);
        assertThat(err.toString()).startsWith("INPUT-003");
        assertThat(out.toString()).doesNotContain("DNS servers");
        assertThat(Files.exists(config)).isFalse();
    }

    @Test
    void onAnExistingConfigurationAnUnknownChangeIsAUsageErrorAndTheFileStaysAsItWas() throws Exception {
        Path config = dir.resolve("connector.yaml");
        String text = """
                domains:
                  - name: corp.example.test
                    bind: {mode: ldaps, user: svc@corp.example.test, passwordEnv: PW}
                    ous: ["OU=A,DC=corp,DC=example,DC=test"]
                """;
        Files.writeString(config, text);
        StringWriter err = new StringWriter();

        int exit = run(new StringWriter(), err, "setup", "--non-interactive", "--config", config.toString(), "--change", "some");

        assertThat(exit).isEqualTo(OdjcMain.EXIT_USAGE);
        assertThat(err.toString()).contains("--change: ous or all");
        assertThat(Files.readString(config)).isEqualTo(text);
    }
}
