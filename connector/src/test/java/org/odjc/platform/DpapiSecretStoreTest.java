package org.odjc.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

/** The file handling around DPAPI, with a stand-in for CryptProtectData (no Windows here). */
class DpapiSecretStoreTest {
    @TempDir
    Path dir;

    final byte[] secret = "s3cret-bind-password".getBytes(StandardCharsets.UTF_8);
    final List<String> restricted = new ArrayList<>();

    /** Reversible and recognisable: a prefix, then every byte inverted. */
    static final class FakeDpapi implements Dpapi {
        static final byte[] TAG = {1, 0, 0, 0, (byte) 0xD0, (byte) 0x8C};

        @Override
        public byte[] protect(byte[] plain) {
            byte[] out = Arrays.copyOf(TAG, TAG.length + plain.length);
            for (int i = 0; i < plain.length; i++) {
                out[TAG.length + i] = (byte) ~plain[i];
            }
            return out;
        }

        @Override
        public byte[] unprotect(byte[] blob) throws ConnectorException {
            if (blob.length < TAG.length || !Arrays.equals(blob, 0, TAG.length, TAG, 0, TAG.length)) {
                throw new ConnectorException(FailureCode.SECRET_UNREADABLE, "CryptUnprotectData: win32 error 13");
            }
            byte[] out = new byte[blob.length - TAG.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = (byte) ~blob[TAG.length + i];
            }
            return out;
        }
    }

    DpapiSecretStore store() {
        return new DpapiSecretStore(new FakeDpapi(), file -> {
            assertThat(Files.size(file)).as("the ACL is set while the file is still empty").isZero();
            restricted.add(file.getFileName().toString());
        });
    }

    @Test
    void theFileIsTheMagicAndTheDpapiBlobAndReadsBack() throws Exception {
        Path file = dir.resolve("bind.dpapi");

        store().write(file, secret);

        byte[] content = Files.readAllBytes(file);
        assertThat(new String(content, 0, DpapiSecretStore.MAGIC.length, StandardCharsets.US_ASCII)).isEqualTo("ODJC-DPAPI-1\n");
        assertThat(new String(content, StandardCharsets.ISO_8859_1)).doesNotContain("s3cret");
        assertThat(store().read(file)).isEqualTo(secret);
        assertThat(restricted).singleElement().asString().startsWith(".bind.dpapi.").endsWith(".tmp");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void aPlainTextFileIsRefusedInsteadOfBeingHandedToDpapi() throws Exception {
        Path file = dir.resolve("bind.dpapi");
        Files.write(file, secret);

        assertThatThrownBy(() -> store().read(file)).isInstanceOfSatisfying(ConnectorException.class, e -> {
            assertThat(e.code()).isEqualTo(FailureCode.SECRET_UNREADABLE);
            assertThat(e.getMessage()).contains("not a DPAPI-protected secret").doesNotContain("s3cret");
        });
    }

    @Test
    void aBlobThatDpapiCannotOpenIsUnreadable() throws Exception {
        Path file = dir.resolve("bind.dpapi");
        byte[] foreign = Arrays.copyOf(DpapiSecretStore.MAGIC, DpapiSecretStore.MAGIC.length + 4);
        Files.write(file, foreign); // e.g. protected on another machine

        assertThatThrownBy(() -> store().read(file)).isInstanceOfSatisfying(ConnectorException.class,
                e -> assertThat(e.code()).isEqualTo(FailureCode.SECRET_UNREADABLE));
    }

    @Test
    void anAclThatCannotBeSetLeavesNoFileBehind() {
        Path file = dir.resolve("bind.dpapi");
        DpapiSecretStore failing = new DpapiSecretStore(new FakeDpapi(), f -> {
            throw new IOException("no such account CORP\\odjc-gmsa$");
        });

        assertThatThrownBy(() -> failing.write(file, secret)).isInstanceOfSatisfying(ConnectorException.class, e -> {
            assertThat(e.code()).isEqualTo(FailureCode.SECRET_UNWRITABLE);
            assertThat(e.getMessage()).contains("CORP\\odjc-gmsa$");
        });
        assertThat(dir).isEmptyDirectory();
    }
}
