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

    @Test
    void badWorkersAdminEndpointOrIncludeChildrenAreUsageErrorsNamingTheFlagBeforeAnythingIsAskedOrWritten() {
        Path config = dir.resolve("connector.yaml");
        String[][] cases = {{"--workers", "0"}, {"--workers", "65"}, {"--workers", "many"},
            {"--admin-endpoint", "localhost:9464"}, {"--admin-endpoint", "70000"}, {"--include-children", "maybe"}};
        for (String[] c : cases) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();

            int exit = run(out, err, "setup", "--non-interactive", "--config", config.toString(), "--domain",
                    "corp.example.test", c[0], c[1]);

            assertThat(exit).as(String.join(" ", c)).isEqualTo(OdjcMain.EXIT_USAGE);
            assertThat(err.toString()).as(String.join(" ", c)).startsWith("CLI-002").contains(c[0] + ":");
            assertThat(out.toString()).as(String.join(" ", c)).doesNotContain("Active Directory domain");
            assertThat(Files.exists(config)).isFalse();
        }
    }

    @Test
    void theNewQuestionsHaveFlagsWithDescriptions() {
        StringWriter out = new StringWriter();

        int exit = run(out, new StringWriter(), "setup", "--help");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("--admin-endpoint=PORT|IP:PORT|off", "--workers=N", "--include-children[=yes|no]",
                "127.0.0.1:9464");
    }

    @Test
    void includeChildrenAloneMeansYesAsOnOuAddAndIsNotAskedThen() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        // the domain is refused (INPUT-003) after the flags were checked: --include-children alone passed as yes
        int exit = run(out, err, "setup", "--non-interactive", "--config", dir.resolve("c.yaml").toString(),
                "--include-children", "--domain", "not a domain!");

        assertThat(exit).as(err.toString()).isEqualTo(OdjcMain.EXIT_FAILURE);
        assertThat(err.toString()).startsWith("INPUT-003");
    }

    @Test
    void aConfirmationShowsItsDefaultOnceAndTakesYesOrNo() throws Exception {
        java.util.List<String> asked = new java.util.ArrayList<>();
        org.odjc.host.Setup.Terminal t = new org.odjc.host.Setup.Terminal() {
            @Override
            public void say(String line) {
            }

            @Override
            public String ask(String key, String question, String suggested) {
                asked.add(question + " [" + suggested + "]");
                return suggested;
            }

            @Override
            public char[] secret(String key, String question) {
                return new char[0];
            }
        };

        assertThat(t.confirm("--delegate", "Delegate them now?", false)).isFalse();
        assertThat(asked).containsExactly("Delegate them now? (yes/no) [no]");
    }
}
