package org.odjc.dispatcher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import org.odjc.files.OwnerOnlyFiles;

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
     * is written and synced, then linked to {@code target}, which must not exist (never overwritten):
     * {@link OwnerOnlyFiles#createNew}.
     */
    public static void write(Path target, byte[] ndr) throws IOException {
        byte[] text = encode(ndr);
        try {
            OwnerOnlyFiles.createNew(target, text);
        } finally {
            Arrays.fill(text, (byte) 0);
        }
    }
}
