package org.odjc.odj;

import java.util.Arrays;

/**
 * Opaque bytes carried as {@code [size_is(cb)] PBYTE}.
 * <pre>
 * typedef struct _OP_BLOB {
 *     ULONG                     cbBlob;
 *     [size_is(cbBlob)] PBYTE   pBlob;
 * } OP_BLOB, *POP_BLOB;
 * </pre>
 * {@link #NULL} is {@code {0, NULL}}, which Windows and Samba write for every empty Extension and
 * EncryptionContext; a present but empty array is kept apart so decoding round-trips.
 * {@link #toString()} shows the length only: the bytes may be a PFX with a private key.
 */
public final class OpBlob {
    public static final OpBlob NULL = new OpBlob(null);

    private final byte[] data;

    private OpBlob(byte[] data) {
        this.data = data;
    }

    public static OpBlob of(byte[] data) {
        return new OpBlob(data.clone());
    }

    /** Takes ownership of {@code data} without copying (the decoder's fresh arrays). */
    static OpBlob wrap(byte[] data) {
        return new OpBlob(data);
    }

    public boolean isNull() {
        return data == null;
    }

    /** The bytes (a copy); empty for {@link #NULL}. */
    public byte[] bytes() {
        return data == null ? new byte[0] : data.clone();
    }

    public int length() {
        return data == null ? 0 : data.length;
    }

    byte[] unsafeBytes() {
        return data;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OpBlob other && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return data == null ? "OpBlob[NULL]" : "OpBlob[" + data.length + " bytes]";
    }
}
