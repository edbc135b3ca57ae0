package org.odjc.domain;

import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

/**
 * A GUID. On the wire (MS-DTYP 2.3.4.2) {@code Data1:u32, Data2:u16, Data3:u16} are little-endian and
 * {@code Data4[8]} is in string order, so {@code 92de6c92-077f-45ef-…} is {@code 92 6c de 92 7f 07 ef 45 …};
 * {@link UUID} holds the big-endian form.
 */
public record Guid(UUID uuid) {
    public static final Guid NIL = new Guid(new UUID(0, 0));
    public static final int WIRE_LENGTH = 16;

    private static final Pattern FORM =
            Pattern.compile("\\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}}?");

    public Guid {
        Objects.requireNonNull(uuid, "uuid");
    }

    /** Parses the 8-4-4-4-12 form, with or without braces. */
    public static Guid parse(String text) throws ConnectorException {
        if (text == null || !FORM.matcher(text.trim()).matches()
                || text.trim().startsWith("{") != text.trim().endsWith("}")) {
            throw new ConnectorException(FailureCode.INPUT_BAD_GUID, "'" + text + "' is not in 8-4-4-4-12 form");
        }
        String bare = text.trim().replace("{", "").replace("}", "");
        return new Guid(UUID.fromString(bare));
    }

    /** Reads the 16-byte wire form at {@code offset}. */
    public static Guid fromWire(byte[] b, int offset) {
        long msb = ((long) le32(b, offset) << 32)
                | ((long) le16(b, offset + 4) << 16)
                | le16(b, offset + 6);
        long lsb = 0;
        for (int i = 8; i < 16; i++) {
            lsb = (lsb << 8) | (b[offset + i] & 0xFF);
        }
        return new Guid(new UUID(msb, lsb));
    }

    /** Writes the 16-byte wire form at {@code offset}. */
    public void toWire(byte[] b, int offset) {
        long msb = uuid.getMostSignificantBits();
        long lsb = uuid.getLeastSignificantBits();
        int data1 = (int) (msb >>> 32);
        b[offset] = (byte) data1;
        b[offset + 1] = (byte) (data1 >>> 8);
        b[offset + 2] = (byte) (data1 >>> 16);
        b[offset + 3] = (byte) (data1 >>> 24);
        b[offset + 4] = (byte) (msb >>> 16);
        b[offset + 5] = (byte) (msb >>> 24);
        b[offset + 6] = (byte) msb;
        b[offset + 7] = (byte) (msb >>> 8);
        for (int i = 15; i >= 8; i--) {
            b[offset + i] = (byte) lsb;
            lsb >>>= 8;
        }
    }

    public boolean isNil() {
        return equals(NIL);
    }

    /** Lower-case 8-4-4-4-12 form. */
    @Override
    public String toString() {
        return uuid.toString().toLowerCase(Locale.ROOT);
    }

    private static long le32(byte[] b, int o) {
        return (b[o] & 0xFFL) | (b[o + 1] & 0xFFL) << 8 | (b[o + 2] & 0xFFL) << 16 | (b[o + 3] & 0xFFL) << 24;
    }

    private static long le16(byte[] b, int o) {
        return (b[o] & 0xFFL) | (b[o + 1] & 0xFFL) << 8;
    }
}
