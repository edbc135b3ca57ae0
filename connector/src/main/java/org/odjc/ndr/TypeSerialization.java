package org.odjc.ndr;

import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

/**
 * MS-RPCE 2.2.6 "Type Serialization Version 1": every serialized ODJ layer is a 16-byte header
 * followed by an NDR body padded with zeros to a multiple of 8.
 * <pre>
 *  off size field                 written        checked on read
 *   0   1   Version               01             must be 1
 *   1   1   Endianness            10 (little)    must be 0x10 (Samba also takes 00; no ODJ producer writes big-endian)
 *   2   2   CommonHeaderLength    08 00          must be 8
 *   4   4   Filler                CC CC CC CC    ignored
 *   8   4   ObjectBufferLength    body length    multiple of 8, fits the input
 *  12   4   Filler (private hdr)  00 00 00 00    ignored
 * </pre>
 */
public final class TypeSerialization {
    public static final int HEADER_LENGTH = 16;

    private TypeSerialization() {
    }

    /** Header plus the writer's body padded to 8. */
    public static byte[] serialize(NdrWriter body) {
        int len = body.length();
        int padded = (len + 7) & ~7;
        byte[] out = new byte[HEADER_LENGTH + padded];
        out[0] = 0x01;
        out[1] = 0x10;
        out[2] = 0x08;
        out[4] = (byte) 0xCC;
        out[5] = (byte) 0xCC;
        out[6] = (byte) 0xCC;
        out[7] = (byte) 0xCC;
        out[8] = (byte) padded;
        out[9] = (byte) (padded >>> 8);
        out[10] = (byte) (padded >>> 16);
        out[11] = (byte) (padded >>> 24);
        body.copyTo(out, HEADER_LENGTH);
        return out;
    }

    /**
     * Checks the header of the serialized layer in {@code buf[offset, offset+length)} and returns a
     * reader over its body. The layer must fill {@code length} exactly: where it is embedded, the
     * enclosing byte count is {@code 16 + ObjectBufferLength}.
     */
    public static NdrReader open(byte[] buf, int offset, int length, String layer) throws ConnectorException {
        if (length < HEADER_LENGTH) {
            throw new ConnectorException(FailureCode.ODJ_TRUNCATED,
                    layer + ": " + length + " bytes cannot hold the 16-byte serialization header");
        }
        if (buf[offset] != 0x01 || buf[offset + 1] != 0x10 || buf[offset + 2] != 0x08 || buf[offset + 3] != 0x00) {
            throw new ConnectorException(FailureCode.ODJ_BAD_SERIALIZATION_HEADER, String.format(
                    "%s: header starts %02x %02x %02x %02x, expected 01 10 08 00", layer,
                    buf[offset], buf[offset + 1], buf[offset + 2], buf[offset + 3]));
        }
        long bodyLength = NdrReader.le32(buf, offset + 8);
        if (bodyLength % 8 != 0) {
            throw new ConnectorException(FailureCode.ODJ_BAD_SERIALIZATION_HEADER,
                    layer + ": object buffer length " + bodyLength + " is not a multiple of 8");
        }
        if (bodyLength > length - HEADER_LENGTH) {
            throw new ConnectorException(FailureCode.ODJ_TRUNCATED,
                    layer + ": header announces " + bodyLength + " body bytes, " + (length - HEADER_LENGTH) + " present");
        }
        if (bodyLength != length - HEADER_LENGTH) {
            throw new ConnectorException(FailureCode.ODJ_LENGTH_MISMATCH,
                    layer + ": header announces " + bodyLength + " body bytes but the layer holds "
                            + (length - HEADER_LENGTH));
        }
        return new NdrReader(buf, offset + HEADER_LENGTH, offset + HEADER_LENGTH + (int) bodyLength, layer);
    }
}
