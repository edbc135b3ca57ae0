package org.odjc.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerOnlyFilesTest {
    @TempDir
    Path dir;

    @Test
    void aWrittenFileHoldsTheContentAndIsReadableByItsOwnerOnly() throws IOException {
        Path f = dir.resolve("secret");

        OwnerOnlyFiles.write(f, "s3cret".getBytes());

        assertThat(f).hasContent("s3cret");
        assumeTrue(Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
    }

    @Test
    void writeReplacesAnExistingFileAndNarrowsAWiderOne() throws IOException {
        Path f = dir.resolve("secret");
        Files.writeString(f, "old and longer");
        boolean posix = Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null;
        if (posix) {
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        }

        OwnerOnlyFiles.write(f, "new".getBytes());

        assertThat(f).hasContent("new");
        if (posix) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
        }
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void theGivenPermissionsAreSetExactlyWhateverTheUmask() throws IOException {
        assumeTrue(Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null);
        Path f = dir.resolve("config.yaml");

        OwnerOnlyFiles.write(f, "a: 1\n".getBytes(), PosixFilePermissions.fromString("rw-r-----"), t -> { });

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-r-----");
    }

    @Test
    void theStepBeforePlacingSeesTheFilledTemporaryFileAndItsFailureLeavesTheOldFile() throws IOException {
        Path f = dir.resolve("secret");
        Files.writeString(f, "old");
        List<String> seen = new ArrayList<>();

        assertThatThrownBy(() -> OwnerOnlyFiles.write(f, "new".getBytes(), OwnerOnlyFiles.OWNER_ONLY, t -> {
            seen.add(Files.readString(t));
            throw new IOException("no such user");
        })).hasMessage("no such user");

        assertThat(seen).containsExactly("new");
        assertThat(f).hasContent("old");
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void createNewNeverReplacesAnExistingFile() throws IOException {
        Path f = dir.resolve("blob.txt");
        Files.writeString(f, "live password");

        assertThatThrownBy(() -> OwnerOnlyFiles.createNew(f, "other".getBytes()))
                .isInstanceOf(FileAlreadyExistsException.class);

        assertThat(f).hasContent("live password");
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void createNewWritesAnOwnerOnlyFileWhereNoneWas() throws IOException {
        Path f = dir.resolve("blob.txt");

        OwnerOnlyFiles.createNew(f, "blob".getBytes());

        assertThat(f).hasContent("blob");
        assertThat(leftovers()).isEmpty();
        assumeTrue(Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
    }

    private List<Path> leftovers() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }
}
