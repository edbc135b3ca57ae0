package org.odjc.dispatcher;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;

/**
 * The blob as the file {@code djoin /requestODJ /loadfile} and Samba's
 * {@code net offlinejoin requestodj loadfile=} read (what {@code djoin /provision /savefile} writes):
 * {@code FF FE}, the base64 of the NDR bytes as UTF-16LE on one line, a UTF-16 NUL ({@code 00 00}).
 * The connector's {@code odj.DjoinText} writes the same bytes: the two modules share the protocol,
 * not code (docs/architecture.md §3), and DjoinFileTest holds this one to Samba's own file.
 */
public final class DjoinFile {
    private DjoinFile() {
    }

    public static byte[] encode(byte[] ndr) {
        byte[] ascii = Base64.getEncoder().encode(ndr);
        byte[] out = new byte[2 + 2 * ascii.length + 2];
        out[0] = (byte) 0xFF;
        out[1] = (byte) 0xFE;
        for (int i = 0; i < ascii.length; i++) {
            out[2 + 2 * i] = ascii[i];
        }
        return out;
    }

    /**
     * Writes {@code ndr} as a djoin file at {@code target}, readable by its owner only (0600 from
     * creation where POSIX permissions exist), atomically: a temporary file in the same directory
     * is written and synced, then linked to {@code target}, which must not exist (never overwritten).
     */
    public static void write(Path target, byte[] ndr) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, ".odjc-blob-", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException windows) {
            tmp = Files.createTempFile(dir, ".odjc-blob-", ".tmp");
        }
        byte[] text = encode(ndr);
        try {
            Files.write(tmp, text, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
            try {
                Files.createLink(target, tmp); // fails if target exists: never replaced
            } catch (UnsupportedOperationException noLinks) {
                if (Files.exists(target)) {
                    throw new FileAlreadyExistsException(target.toString());
                }
                Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
        } finally {
            Arrays.fill(text, (byte) 0);
            Files.deleteIfExists(tmp);
        }
    }
}
