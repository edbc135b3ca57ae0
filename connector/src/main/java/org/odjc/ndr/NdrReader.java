package org.odjc.ndr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.odjc.domain.Guid;
import org.odjc.domain.Sid;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

/**
 * Reads one NDR20 little-endian body (the part of a serialized layer after its 16-byte header).
 * Alignment is relative to the body start. Every count is checked against the bytes that remain
 * before anything is allocated, so hostile input ends in a coded {@link ConnectorException}, never
 * an {@code IndexOutOfBoundsException} or {@code OutOfMemoryError}. Records the non-NULL referent
 * ids it meets so an encoder can replay them. Not thread-safe.
 */
public final class NdrReader {
    /** Longest string accepted, in UTF-16 code units (no ODJ string comes near it). */
    public static final int MAX_STRING_UNITS = 1 << 16;

    private final byte[] buf;
    private final int start;
    private final int end;
    private final String layer;
    private int pos;
    private int[] referents = new int[16];
    private int referentCount;

    NdrReader(byte[] buf, int start, int end, String layer) {
        this.buf = buf;
        this.start = start;
        this.end = end;
        this.layer = layer;
        this.pos = start;
    }

    /** Bytes read so far, from the body start. */
    public int offset() {
        return pos - start;
    }

    public int remaining() {
        return end - pos;
    }

    /** Body length (a multiple of 8). */
    public int bodyLength() {
        return end - start;
    }

    public String layer() {
        return layer;
    }

    /** The non-NULL referent ids read so far, in order. */
    public int[] referents() {
        return Arrays.copyOf(referents, referentCount);
    }

    public void align(int n) throws ConnectorException {
        int misalign = (pos - start) % n;
        if (misalign != 0) {
            need(n - misalign, "alignment padding");
            pos += n - misalign;
        }
    }

    public int u8(String field) throws ConnectorException {
        need(1, field);
        return buf[pos++] & 0xFF;
    }

    public int u16(String field) throws ConnectorException {
        align(2);
        need(2, field);
        int v = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8;
        pos += 2;
        return v;
    }

    /** An unsigned 32-bit value. */
    public long u32(String field) throws ConnectorException {
        align(4);
        need(4, field);
        long v = le32(buf, pos);
        pos += 4;
        return v;
    }

    public Guid guid(String field) throws ConnectorException {
        align(4);
        need(Guid.WIRE_LENGTH, field);
        Guid g = Guid.fromWire(buf, pos);
        pos += Guid.WIRE_LENGTH;
        return g;
    }

    /** A unique pointer's referent id: true when non-NULL. The id is recorded for replay. */
    public boolean pointer(String field) throws ConnectorException {
        int id = (int) u32(field);
        if (id != 0) {
            if (referentCount == referents.length) {
                referents = Arrays.copyOf(referents, referentCount * 2);
            }
            referents[referentCount++] = id;
        }
        return id != 0;
    }

    /**
     * The {@code max_count} of a conformant array whose elements take at least {@code minElementSize}
     * bytes: rejected when the elements could not fit in what remains.
     */
    public int arrayCount(String field, int minElementSize) throws ConnectorException {
        long count = u32(field + " count");
        if (count * minElementSize > remaining()) {
            throw new ConnectorException(FailureCode.ODJ_SIZE_OUT_OF_BOUNDS, at(field + " claims " + count
                    + " elements of at least " + minElementSize + " bytes, " + remaining() + " bytes remain"));
        }
        return (int) count;
    }

    /**
     * The deferred part of {@code [size_is(cb)] BYTE*}: {@code max_count}, which must equal the
     * size field {@code cb} read with the scalars, then the bytes.
     */
    public byte[] conformantBytes(String field, long cb) throws ConnectorException {
        long maxCount = u32(field + " max_count");
        if (maxCount != cb) {
            throw new ConnectorException(FailureCode.ODJ_LENGTH_MISMATCH,
                    at(field + " max_count " + maxCount + " differs from its size field " + cb));
        }
        return bytes(field, cb);
    }

    /** {@code n} raw bytes, bounded by what remains. */
    public byte[] bytes(String field, long n) throws ConnectorException {
        if (n > remaining()) {
            throw new ConnectorException(n > Integer.MAX_VALUE / 2 ? FailureCode.ODJ_SIZE_OUT_OF_BOUNDS : FailureCode.ODJ_TRUNCATED,
                    at(field + " needs " + n + " bytes, " + remaining() + " remain"));
        }
        byte[] out = Arrays.copyOfRange(buf, pos, pos + (int) n);
        pos += (int) n;
        return out;
    }

    /** Position of the next raw byte, for callers that decode an embedded layer in place. */
    public int absolutePosition() {
        return pos;
    }

    public byte[] buffer() {
        return buf;
    }

    /** Skips {@code n} bytes already bounds-checked by the caller through {@link #need}. */
    public void skip(String field, long n) throws ConnectorException {
        need(n, field);
        pos += (int) n;
    }

    /**
     * The deferred part of {@code [string] wchar_t*}: {@code max_count, offset, actual_count}, then
     * {@code actual_count} code units ending with 0x0000. Returns the units without the terminator,
     * exactly as sent (lone surrogates included).
     */
    public char[] terminatedString(String field) throws ConnectorException {
        long max = u32(field + " max_count");
        long offset = u32(field + " offset");
        long actual = u32(field + " actual_count");
        if (offset != 0) {
            throw new ConnectorException(FailureCode.ODJ_MALFORMED_STRING, at(field + " has offset " + offset + ", expected 0"));
        }
        if (actual > max) {
            throw new ConnectorException(FailureCode.ODJ_MALFORMED_STRING,
                    at(field + " actual_count " + actual + " exceeds max_count " + max));
        }
        if (max > MAX_STRING_UNITS) {
            throw new ConnectorException(FailureCode.ODJ_SIZE_OUT_OF_BOUNDS, at(field + " max_count " + max + " is absurd"));
        }
        if (actual == 0) {
            throw new ConnectorException(FailureCode.ODJ_MALFORMED_STRING, at(field + " lacks its terminating NUL"));
        }
        char[] units = units(field, actual);
        if (units[units.length - 1] != 0) {
            throw new ConnectorException(FailureCode.ODJ_MALFORMED_STRING, at(field + " lacks its terminating NUL"));
        }
        return Arrays.copyOf(units, units.length - 1);
    }

    /** {@link #terminatedString} as a {@code String} (built from code units, so nothing is replaced). */
    public String string(String field) throws ConnectorException {
        return new String(terminatedString(field));
    }

    /**
     * {@code [size_is(max/2), length_is(len/2)]} code units of a counted string such as
     * {@code UNICODE_STRING.Buffer}: {@code max_count}, {@code offset}, {@code actual_count}, which must
     * agree with the byte sizes read with the scalars; no terminator on the wire.
     */
    public char[] countedString(String field, int lengthBytes, int maximumLengthBytes) throws ConnectorException {
        long max = u32(field + " max_count");
        long offset = u32(field + " offset");
        long actual = u32(field + " actual_count");
        if (offset != 0) {
            throw new ConnectorException(FailureCode.ODJ_MALFORMED_STRING, at(field + " has offset " + offset + ", expected 0"));
        }
        if (max != maximumLengthBytes / 2 || actual != lengthBytes / 2) {
            throw new ConnectorException(FailureCode.ODJ_LENGTH_MISMATCH, at(field + " counts " + max + "/" + actual
                    + " disagree with MaximumLength " + maximumLengthBytes + " / Length " + lengthBytes));
        }
        return units(field, actual);
    }

    /**
     * The deferred part of a {@code PSID} (a conformant struct, MS-DTYP 2.4.2.3 RPC_SID):
     * {@code max_count = SubAuthorityCount}, Revision, SubAuthorityCount, 6-byte big-endian
     * IdentifierAuthority, then the sub-authorities.
     */
    public Sid sid(String field) throws ConnectorException {
        long max = u32(field + " max_count");
        int revision = u8(field + " Revision");
        int count = u8(field + " SubAuthorityCount");
        if (revision != Sid.REVISION || count > Sid.MAX_SUB_AUTHORITIES || count != max) {
            throw new ConnectorException(FailureCode.ODJ_BAD_SID, at(field + " has revision " + revision + ", "
                    + count + " sub-authorities, max_count " + max));
        }
        need(6, field + " IdentifierAuthority");
        long authority = 0;
        for (int i = 0; i < 6; i++) {
            authority = (authority << 8) | (buf[pos++] & 0xFF);
        }
        List<Long> subs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            subs.add(u32(field + " SubAuthority"));
        }
        return new Sid(authority, subs);
    }

    /** Throws unless {@code n} more bytes are there. */
    public void need(long n, String field) throws ConnectorException {
        if (n > end - pos) {
            throw new ConnectorException(FailureCode.ODJ_TRUNCATED,
                    at(field + " needs " + n + " bytes, " + (end - pos) + " remain"));
        }
    }

    /**
     * Called once the layer's object is read: only the zero padding to 8 may be left.
     */
    public void expectEnd() throws ConnectorException {
        int used = pos - start;
        int padded = (used + 7) & ~7;
        if (padded != end - start) {
            throw new ConnectorException(FailureCode.ODJ_LENGTH_MISMATCH,
                    layer + ": object ends at body offset " + used + " but the body holds " + (end - start) + " bytes");
        }
    }

    /** A message naming the layer and body offset. */
    public String at(String what) {
        return String.format("%s: %s (body offset 0x%x)", layer, what, pos - start);
    }

    private char[] units(String field, long count) throws ConnectorException {
        if (count > MAX_STRING_UNITS) {
            throw new ConnectorException(FailureCode.ODJ_SIZE_OUT_OF_BOUNDS, at(field + " length " + count + " is absurd"));
        }
        need(count * 2, field);
        char[] u = new char[(int) count];
        for (int i = 0; i < u.length; i++) {
            u[i] = (char) ((buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8);
            pos += 2;
        }
        return u;
    }

    static long le32(byte[] b, int o) {
        return (b[o] & 0xFFL) | (b[o + 1] & 0xFFL) << 8 | (b[o + 2] & 0xFFL) << 16 | (b[o + 3] & 0xFFL) << 24;
    }
}
