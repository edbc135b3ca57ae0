package org.odjc.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.provisioning.DirectoryAccess;
import org.odjc.provisioning.SecretFiles;

class BindSecretsTest {
    @TempDir
    Path dir;

    private DirectoryAccess fileAccess(Path file) {
        return new DirectoryAccess(DirectoryAccess.BindMode.LDAPS, Optional.of("svc@corp.example.test"),
                Optional.of(file.toString()), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), false);
    }

    @Test
    void aPlainPasswordFileIsReadWithoutItsTrailingNewline() throws Exception {
        Path file = dir.resolve("bind.password");
        Files.writeString(file, "Pass word!\r\n");

        assertThat(new String(BindSecrets.password(fileAccess(file), Map.of(), Optional.empty()), StandardCharsets.UTF_8))
                .isEqualTo("Pass word!");
    }

    @Test
    void whereTheSystemProtectsSecretsThePasswordFileIsReadThroughItNotAsPlainText() throws Exception {
        Path file = dir.resolve("bind.password");
        Files.writeString(file, "ODJC-DPAPI-1\nnot the password\n");
        List<String> asked = new ArrayList<>();
        SecretFiles dpapi = new SecretFiles() {
            @Override
            public byte[] read(String f) {
                asked.add(f);
                return "unprotected\n".getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public void write(String f, byte[] secret) {
                throw new AssertionError("a bind never writes its password");
            }
        };

        byte[] password = BindSecrets.password(fileAccess(file), Map.of(), Optional.of(dpapi));

        assertThat(new String(password, StandardCharsets.UTF_8)).isEqualTo("unprotected");
        assertThat(asked).containsExactly(file.toString());
    }

    @Test
    void aProtectedSecretThatCannotBeReadKeepsItsCode() {
        SecretFiles refusing = new SecretFiles() {
            @Override
            public byte[] read(String f) throws ConnectorException {
                throw new ConnectorException(FailureCode.SECRET_UNREADABLE, f + " was protected on another machine");
            }

            @Override
            public void write(String f, byte[] secret) {
            }
        };

        ConnectorException e = catchThrowableOfType(() -> BindSecrets.password(fileAccess(dir.resolve("x")), Map.of(),
                Optional.of(refusing)), ConnectorException.class);

        assertThat(e.code()).isEqualTo(FailureCode.SECRET_UNREADABLE);
    }
}
