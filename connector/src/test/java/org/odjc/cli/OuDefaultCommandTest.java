package org.odjc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odjc.config.ConfigLoader;
import org.odjc.domain.DistinguishedName;

/** {@code odjc ou default DN}, on a configuration on disk; no DC is asked. */
class OuDefaultCommandTest {
    static final String A = "OU=A,DC=corp,DC=example,DC=test";
    static final String B = "OU=B,DC=corp,DC=example,DC=test";

    @TempDir
    Path dir;

    private Path config() throws Exception {
        Path config = dir.resolve("connector.yaml");
        Files.writeString(config, """
                # kept
                domains:
                  - name: corp.example.test
                    dcs: [nowhere.invalid]
                    bind: {mode: ldaps, user: svc@corp.example.test, passwordFile: pw}
                    ous:
                      - "%s"
                      - dn: "%s"
                        includeChildren: true
                    defaultOu: "%s"   # where requests without an OU go
                """.formatted(A, B, A));
        return config;
    }

    @Test
    void setsTheDefaultOuToAnAllowListedOneKeepingTheFilesCommentsAndSaysSo() throws Exception {
        Path config = config();

        OdjcMainTest.Run r = OdjcMainTest.run("ou", "default", "OU=Sub," + B, "--config", config.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("default OU is now OU=Sub," + B);
        assertThat(ConfigLoader.load(config).domains().get(0).defaultOu()).contains(DistinguishedName.parse("OU=Sub," + B));
        assertThat(Files.readString(config)).startsWith("# kept\n").contains("# where requests without an OU go");
        OdjcMainTest.Run list = OdjcMainTest.run("ou", "list", "--config", config.toString());
        assertThat(list.out()).doesNotContain("(default)"); // OU=Sub is below B, not an entry of its own
    }

    @Test
    void anOuOutsideTheAllowListIsRefusedWithConfig003AndTheFileStaysAsItWas() throws Exception {
        Path config = config();
        String before = Files.readString(config);

        OdjcMainTest.Run r = OdjcMainTest.run("ou", "default", "OU=Servers,DC=corp,DC=example,DC=test", "--config",
                config.toString());

        assertThat(r.exit()).isEqualTo(OdjcMain.EXIT_FAILURE);
        assertThat(r.firstErrLine()).startsWith("CONFIG-003").contains("odjc ou add");
        assertThat(Files.readString(config)).isEqualTo(before);
    }
}
