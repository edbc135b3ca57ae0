package org.odjc.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

class PosixSecretStoreTest {
    @TempDir
    Path dir;

    final byte[] secret = "s3cret-bind-password".getBytes(StandardCharsets.UTF_8);

    @Test
    void aWrittenSecretIsOwnerOnlyAndReadsBack() throws Exception {
        Path file = dir.resolve("bind.secret");
        SecretStore store = new PosixSecretStore(Optional.empty());

        store.write(file, secret);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(store.read(file)).isEqualTo(secret);
        try (var files = Files.list(dir)) {
            assertThat(files).as("no temporary file is left").containsExactly(file);
        }
    }

    @Test
    void rewritingReplacesTheSecretAndKeepsTheFileOwnerOnly() throws Exception {
        Path file = dir.resolve("bind.secret");
        SecretStore store = new PosixSecretStore(Optional.empty());
        store.write(file, secret);

        store.write(file, "rotated".getBytes(StandardCharsets.UTF_8));

        assertThat(new String(store.read(file), StandardCharsets.UTF_8)).isEqualTo("rotated");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void theFileIsGivenToTheServiceUser() throws Exception {
        Path file = dir.resolve("bind.secret");
        String me = Files.getOwner(dir).getName();

        new PosixSecretStore(Optional.of(me)).write(file, secret);

        assertThat(Files.getOwner(file).getName()).isEqualTo(me);
    }

    @Test
    void anUnknownServiceUserIsAFailureToWriteAndLeavesNoFile() {
        Path file = dir.resolve("bind.secret");

        assertThatThrownBy(() -> new PosixSecretStore(Optional.of("odjc-no-such-user-7f3a")).write(file, secret))
                .isInstanceOfSatisfying(ConnectorException.class,
                        e -> assertThat(e.code()).isEqualTo(FailureCode.SECRET_UNWRITABLE));
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aSecretFileThatOthersMayReadIsRefused() throws Exception {
        Path file = dir.resolve("bind.secret");
        Files.write(file, secret);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> new PosixSecretStore(Optional.empty()).read(file))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo(FailureCode.SECRET_EXPOSED);
                    assertThat(e.getMessage()).contains("rw-r--r--").doesNotContain("s3cret");
                });
    }

    @Test
    void aMissingOrEmptySecretFileIsUnreadable() throws Exception {
        SecretStore store = new PosixSecretStore(Optional.empty());
        Path empty = dir.resolve("empty.secret");
        Files.createFile(empty, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));

        for (Path p : new Path[] {dir.resolve("missing.secret"), empty}) {
            assertThatThrownBy(() -> store.read(p)).isInstanceOfSatisfying(ConnectorException.class,
                    e -> assertThat(e.code()).isEqualTo(FailureCode.SECRET_UNREADABLE));
        }
    }
}
