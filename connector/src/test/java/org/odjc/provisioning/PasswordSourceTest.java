package org.odjc.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

class PasswordSourceTest {
    /** Secret files in memory: what the system's store would return for each name. */
    private static final class Files implements SecretFiles {
        final Map<String, byte[]> content = new HashMap<>();
        final List<String> asked = new ArrayList<>();
        byte[] lastHandedOut;

        @Override
        public byte[] read(String file) throws ConnectorException {
            asked.add(file);
            byte[] b = content.get(file);
            if (b == null) {
                throw new ConnectorException(FailureCode.SECRET_UNREADABLE, file + " was protected on another machine");
            }
            lastHandedOut = b.clone();
            return lastHandedOut;
        }

        @Override
        public void write(String file, byte[] secret) {
            throw new AssertionError("a bind never writes its password");
        }
    }

    @Test
    void aPasswordFileIsReadThroughTheSecretStoreWithoutItsTrailingNewline() throws Exception {
        Files files = new Files();
        files.content.put("/etc/odjc/secrets/bind.password", "Pass wörd!\r\n".getBytes(StandardCharsets.UTF_8));

        char[] password = new PasswordSource.File("/etc/odjc/secrets/bind.password").read(files, Map.of());

        assertThat(password).containsExactly("Pass wörd!".toCharArray());
        assertThat(files.asked).containsExactly("/etc/odjc/secrets/bind.password");
    }

    @Test
    void theBytesTheStoreHandedOutAreWipedOnceDecoded() throws Exception {
        Files files = new Files();
        files.content.put("pw", "secret\n".getBytes(StandardCharsets.UTF_8));

        new PasswordSource.File("pw").read(files, Map.of());

        assertThat(files.lastHandedOut).containsOnly((byte) 0);
    }

    @Test
    void aSecretTheStoreCannotReadKeepsItsCode() {
        ConnectorException e = catchThrowableOfType(() -> new PasswordSource.File("missing").read(new Files(), Map.of()),
                ConnectorException.class);

        assertThat(e.code()).isEqualTo(FailureCode.SECRET_UNREADABLE);
    }

    @Test
    void anEmptyOrOversizedOrNonUtf8PasswordFileIsAnUnreadableBindSecret() {
        Files files = new Files();
        files.content.put("empty", "\n".getBytes(StandardCharsets.UTF_8));
        files.content.put("big", new byte[PasswordSource.MAX_FILE_BYTES + 1]);
        files.content.put("latin1", new byte[] {'p', (byte) 0xE9, 'w'});

        for (String f : List.of("empty", "big", "latin1")) {
            ConnectorException e = catchThrowableOfType(() -> new PasswordSource.File(f).read(files, Map.of()),
                    ConnectorException.class);
            assertThat(e.code()).as(f).isEqualTo(FailureCode.AD_SECRET_UNREADABLE);
        }
    }

    @Test
    void anEnvironmentVariableIsReadFromTheGivenEnvironmentAndAnUnsetOneIsUnreadable() throws Exception {
        PasswordSource env = new PasswordSource.Environment("ODJC_BIND_PASSWORD");

        assertThat(env.read(new Files(), Map.of("ODJC_BIND_PASSWORD", "from env"))).containsExactly("from env".toCharArray());
        assertThat(catchThrowableOfType(() -> env.read(new Files(), Map.of()), ConnectorException.class).code())
                .isEqualTo(FailureCode.AD_SECRET_UNREADABLE);
    }

    @Test
    void anInMemoryPasswordIsACopyHandedOutAsCopiesUntilWiped() throws Exception {
        char[] typed = "typed at setup".toCharArray();
        PasswordSource.InMemory memory = new PasswordSource.InMemory(typed);
        java.util.Arrays.fill(typed, '\0');

        char[] first = memory.read(new Files(), Map.of());
        java.util.Arrays.fill(first, 'x');

        assertThat(memory.read(new Files(), Map.of())).containsExactly("typed at setup".toCharArray());
        memory.wipe();
        assertThatThrownBy(() -> memory.read(new Files(), Map.of())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anInMemoryPasswordNeverShowsInToString() {
        PasswordSource.InMemory memory = new PasswordSource.InMemory("hunter2".toCharArray());

        assertThat(memory.toString()).doesNotContain("hunter2");
        assertThat(new DirectoryAccess.Bind.Simple(DirectoryAccess.Transport.LDAPS, "svc@corp.example.test", memory)
                .toString()).doesNotContain("hunter2");
    }

    @Test
    void utf8BytesOfAPasswordAreItsUtf8Encoding() {
        assertThat(PasswordSource.utf8("pässword".toCharArray())).containsExactly("pässword".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aSourceWithoutAPathOrVariableIsRefused() {
        assertThatThrownBy(() -> new PasswordSource.File(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PasswordSource.Environment("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PasswordSource.InMemory(new char[0])).isInstanceOf(IllegalArgumentException.class);
    }
}
