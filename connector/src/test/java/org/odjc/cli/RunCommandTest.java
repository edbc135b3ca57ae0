package org.odjc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {
    @TempDir
    Path dir;

    private String[] run(String yaml) throws Exception {
        Path config = dir.resolve("connector.yaml");
        Files.writeString(config, yaml);
        StringWriter err = new StringWriter();
        int exit = OdjcMain.run(new String[] {"run", "--config", config.toString()}, InputStream.nullInputStream(),
                new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        return new String[] {Integer.toString(exit), err.toString()};
    }

    static final String DOMAIN = """
            domains:
              - name: corp.example.test
                bind: {mode: ldaps, user: svc@corp.example.test, passwordFile: pw}
                ous: ["OU=A,DC=corp,DC=example,DC=test"]
            """;

    @Test
    void aConfigurationThatCannotStartTheServiceExits78SoTheServiceManagerDoesNotRestartLoop() throws Exception {
        assertThat(run(DOMAIN)).containsExactly("78",
                "CONFIG-001 Configuration is invalid: odjc run needs a service: section (dispatcher, identity, "
                        + "stateDirectory)\nremedy: Fix every problem listed (each names its key path and line); the "
                        + "service does not start with an invalid configuration, and a reload keeps the last good one.\n");
        assertThat(run("domains: 5\n")[0]).isEqualTo("78");
        String[] noIdentity = run(DOMAIN + "service: {dispatcher: 'https://localhost:1', identity: id, stateDirectory: st}\n");
        assertThat(noIdentity[0]).isEqualTo("78");
        assertThat(noIdentity[1]).startsWith("CLOUD-005 ");
        assertThat(Files.exists(dir.resolve("st"))).as("nothing created before the identity is usable").isFalse();
    }
}
