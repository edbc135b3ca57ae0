package org.odjc.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

/** Reading bounded inputs and writing secret files for the CLI. */
final class CliFiles {
    private CliFiles() {
    }

    /**
     * The file's bytes ({@code -} reads standard input), refusing more than {@code maxBytes}
     * with {@code tooLarge}.
     */
    static byte[] read(String path, InputStream stdin, long maxBytes, FailureCode tooLarge) throws ConnectorException {
        try (InputStream in = "-".equals(path) ? stdin : Files.newInputStream(Path.of(path))) {
            byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (b.length > maxBytes) {
                Arrays.fill(b, (byte) 0);
                throw new ConnectorException(tooLarge, path + " is larger than " + maxBytes + " bytes");
            }
            return b;
        } catch (IOException | java.nio.file.InvalidPathException e) {
            throw new ConnectorException(FailureCode.FILE_UNREADABLE, path + ": " + describe(e));
        }
    }

    /**
     * Creates {@code path} readable and writable by its owner only (0600 where the file system has
     * POSIX permissions) and writes {@code content}. Never overwrites: blob files hold a live password.
     */
    static void writeSecret(Path path, byte[] content) throws ConnectorException {
        boolean created = false;
        try {
            try {
                Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(path); // Windows: the new file inherits the directory's ACL
            }
            created = true;
            try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC)) {
                out.write(content);
            }
        } catch (FileAlreadyExistsException e) {
            throw new ConnectorException(FailureCode.FILE_EXISTS, path.toString());
        } catch (IOException e) {
            if (created) {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // the write error is the one to report
                }
            }
            throw new ConnectorException(FailureCode.FILE_UNWRITABLE, path + ": " + describe(e));
        }
    }

    /** The blob {@code ndr} as a djoin file at {@code path} (0600, never overwritten); wipes the text. */
    static void writeDjoinFile(Path path, byte[] ndr) throws ConnectorException {
        byte[] text = org.odjc.odj.DjoinText.toDjoinFile(ndr);
        try {
            writeSecret(path, text);
        } finally {
            Arrays.fill(text, (byte) 0);
        }
    }

    private static String describe(Exception e) {
        String name = e.getClass().getSimpleName().replace("Exception", "");
        return e.getMessage() == null ? name : name + " (" + e.getMessage() + ")";
    }
}
