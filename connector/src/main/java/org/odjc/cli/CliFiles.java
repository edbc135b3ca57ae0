package org.odjc.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.files.OwnerOnlyFiles;

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
        try {
            OwnerOnlyFiles.createNew(path, content); // Windows: the new file inherits the directory's ACL
        } catch (FileAlreadyExistsException e) {
            throw new ConnectorException(FailureCode.FILE_EXISTS, path.toString());
        } catch (IOException e) {
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
