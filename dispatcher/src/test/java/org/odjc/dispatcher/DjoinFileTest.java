package org.odjc.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DjoinFileTest {
    @TempDir
    Path dir;

    static byte[] resource(String name) throws Exception {
        try (InputStream in = DjoinFileTest.class.getResourceAsStream("/odj/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void theWrittenFileIsByteForByteWhatSambaSavedForTheSameBlobAndOwnerOnly() throws Exception {
        Path out = dir.resolve("TESTPC01.djoin");
        DjoinFile.write(out, resource("samba417_TESTPC01.bin"));

        assertThat(Files.readAllBytes(out)).isEqualTo(resource("samba417_TESTPC01.djoin.txt"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(out);
        }
    }

    @Test
    void anExistingFileIsNeverOverwritten() throws Exception {
        Path out = dir.resolve("taken");
        Files.writeString(out, "keep me");

        assertThatThrownBy(() -> DjoinFile.write(out, new byte[] {1, 2, 3})).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(out)).isEqualTo("keep me");
    }
}
