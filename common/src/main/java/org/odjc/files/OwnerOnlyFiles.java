package org.odjc.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;

/**
 * The one way the connector and the dispatcher write a file that must never be seen half-written
 * or, for secrets, by anyone but its owner: a temporary file in the target's directory, created
 * with its final permissions (0600 for secrets, where the file system has POSIX permissions; on
 * Windows it inherits the directory's ACL), filled, synced, then put in place by one rename (or,
 * for {@link #createNew}, one hard link, so an existing file is never replaced).
 */
public final class OwnerOnlyFiles {
    /** Read and write for the owner, nothing for anyone else. */
    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    /** Something done to the filled temporary file before it is put in place (e.g. giving it to the service user). */
    @FunctionalInterface
    public interface BeforePlacing {
        void accept(Path temporary) throws IOException;
    }

    private OwnerOnlyFiles() {
    }

    /** Replaces (or creates) {@code file} with {@code content}, owner-only from the first byte. */
    public static void write(Path file, byte[] content) throws IOException {
        write(file, content, OWNER_ONLY, t -> { });
    }

    /**
     * Replaces (or creates) {@code file} with {@code content} atomically, the file having
     * {@code permissions} from creation where POSIX permissions exist; {@code beforePlacing}
     * runs on the synced temporary file just before the rename.
     */
    public static void write(Path file, byte[] content, Set<PosixFilePermission> permissions,
            BeforePlacing beforePlacing) throws IOException {
        Objects.requireNonNull(beforePlacing, "beforePlacing");
        Path tmp = filledTemporary(file, content, permissions);
        try {
            beforePlacing.accept(tmp);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp); // a leftover is owner-only, but leave none
        }
    }

    /**
     * Creates {@code file} with {@code content}, owner-only from the first byte, and never replaces
     * an existing file: {@link FileAlreadyExistsException} if {@code file} exists (the check and the
     * placing are one hard link where the file system has them).
     */
    public static void createNew(Path file, byte[] content) throws IOException {
        Path tmp = filledTemporary(file, content, OWNER_ONLY);
        try {
            try {
                Files.createLink(file, tmp); // fails if file exists: never replaced
            } catch (UnsupportedOperationException noLinks) {
                Files.move(tmp, file); // no REPLACE_EXISTING: fails if file exists
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static Path filledTemporary(Path file, byte[] content, Set<PosixFilePermission> permissions)
            throws IOException {
        Objects.requireNonNull(content, "content");
        Path dir = file.toAbsolutePath().getParent();
        String prefix = "." + file.getFileName() + ".";
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, prefix, ".tmp", PosixFilePermissions.asFileAttribute(permissions));
            Files.setPosixFilePermissions(tmp, permissions); // exactly these: the umask only narrows the creation mode
        } catch (UnsupportedOperationException windows) {
            tmp = Files.createTempFile(dir, prefix, ".tmp"); // inherits the directory's ACL
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(content);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return tmp;
    }
}
