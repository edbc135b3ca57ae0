package org.odjc.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odjc.config.ConfigLoader;
import org.odjc.config.ConnectorConfig;

class SecretFilePermissionsTest {
    @TempDir
    Path dir;

    private ConnectorConfig config() throws Exception {
        String yaml = """
                domains:
                  - name: corp.example.test
                    bind: {mode: ldaps, user: svc@corp.example.test, passwordFile: secrets/bind.password}
                    ous: ["OU=A,DC=corp,DC=example,DC=test"]
                  - name: other.example.test
                    bind: {mode: kerberos, keytab: secrets/svc.keytab, principal: svc@OTHER.EXAMPLE.TEST}
                    ous: ["OU=A,DC=other,DC=example,DC=test"]
                service: {dispatcher: 'https://localhost:1', identity: identity, stateDirectory: state}
                """;
        return ConfigLoader.parse(yaml.getBytes(StandardCharsets.UTF_8), "connector.yaml", dir);
    }

    private Path file(String name, String mode) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, "x");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        return p;
    }

    @Test
    void theBindPasswordTheKeytabAndTheEnrollmentKeyAreTheSecretsAConfigurationReferences() throws Exception {
        assertThat(SecretFilePermissions.referenced(config())).containsExactly(dir.resolve("secrets/bind.password"),
                dir.resolve("secrets/svc.keytab"), dir.resolve("identity/client.key"));
    }

    @Test
    void aSecretOthersMayReadIsReportedAndA0600OneOwnedByTheServiceUserIsNot() throws Exception {
        file("secrets/bind.password", "rw-r--r--");
        file("secrets/svc.keytab", "rw-------");
        file("identity/client.key", "rw-rw----");
        long me = SecretFilePermissions.processUid().orElseThrow();
        assertThat(SecretFilePermissions.exposed(config(), me)).containsExactly(
                "secret file " + dir.resolve("secrets/bind.password") + " is rw-r--r--: other users may read it; make it"
                        + " 0600 (chmod 600), owned by the service user",
                "secret file " + dir.resolve("identity/client.key") + " is rw-rw----: other users may read it; make it"
                        + " 0600 (chmod 600), owned by the service user");
    }

    @Test
    void aSecretOwnedByAnotherUserIsReportedUnlessItIsRootAndAMissingOneIsLeftToItsReader() throws Exception {
        file("secrets/bind.password", "rw-------");
        file("secrets/svc.keytab", "rw-------");
        long me = SecretFilePermissions.processUid().orElseThrow();
        long someoneElse = me + 4242;
        if (me == 0) {
            // root owns them: fine for any service user, since only root could have put them there
            assertThat(SecretFilePermissions.exposed(config(), someoneElse)).isEmpty();
        } else {
            assertThat(SecretFilePermissions.exposed(config(), someoneElse)).hasSize(2)
                    .allMatch(l -> l.contains("not by the service user (uid " + someoneElse + ")"));
        }
        assertThat(SecretFilePermissions.exposed(config(), me)).isEmpty();
    }
}
