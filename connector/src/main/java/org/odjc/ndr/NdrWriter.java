package org.odjc.ndr;

import java.util.Arrays;
import org.odjc.domain.Guid;
import org.odjc.domain.Sid;

/**
 * Writes one NDR20 little-endian body; wrap it with {@link TypeSerialization#serialize}.
 * Alignment is relative to the body start and pads with zeros, as Windows and Samba do.
 * Not thread-safe.
 */
public final class NdrWriter {
    private final Referents referents;
    private byte[] buf;
    private int pos;

    public NdrWriter(Referents referents) {
        this(referents, 512);
    }

    public NdrWriter(Referents referents, int sizeHint) {
        this.referents = referents;
        this.buf = new byte[Math.max(64, sizeHint)];
    }

    public int length() {
        return pos;
    }

    public void align(int n) {
        int misalign = pos % n;
        if (misalign != 0) {
            ensure(n - misalign);
            pos += n - misalign; // the buffer is zero-filled
        }
    }

    public void u8(int v) {
        ensure(1);
        buf[pos++] = (byte) v;
    }

    public void u16(int v) {
        align(2);
        ensure(2);
        buf[pos++] = (byte) v;
        buf[pos++] = (byte) (v >>> 8);
    }

    /** An unsigned 32-bit value (the low 32 bits of {@code v}). */
    public void u32(long v) {
        align(4);
        ensure(4);
        buf[pos++] = (byte) v;
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 24);
    }

    public void guid(Guid g) {
        align(4);
        ensure(Guid.WIRE_LENGTH);
        g.toWire(buf, pos);
        pos += Guid.WIRE_LENGTH;
    }

    /** A unique pointer: the next referent id, or 0 for NULL. */
    public void pointer(boolean present) {
        u32(present ? referents.next() & 0xFFFF_FFFFL : 0);
    }

    /** A unique pointer that Samba writes as a constant; see {@link Referents#nextSambaConstant()}. */
    public void sambaConstantPointer(boolean present) {
        u32(present ? referents.nextSambaConstant() & 0xFFFF_FFFFL : 0);
    }

    public void bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
    }

    /** The deferred part of {@code [size_is(cb)] BYTE*}: {@code max_count}, then the bytes. */
    public void conformantBytes(byte[] b) {
        u32(b.length);
        bytes(b);
    }

    /** The deferred part of {@code [string] wchar_t*}: counts, the units, a 0x0000 terminator. */
    public void terminatedString(CharSequence s) {
        int n = s.length() + 1;
        u32(n);
        u32(0);
        u32(n);
        ensure(2 * n);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            buf[pos++] = (byte) c;
            buf[pos++] = (byte) (c >>> 8);
        }
        pos += 2; // terminator; the buffer is zero-filled
    }

    /** The deferred part of a counted string ({@code UNICODE_STRING.Buffer}); no terminator. */
    public void countedString(CharSequence s, int maximumLengthBytes) {
        u32(maximumLengthBytes / 2);
        u32(0);
        u32(s.length());
        ensure(2 * s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            buf[pos++] = (byte) c;
            buf[pos++] = (byte) (c >>> 8);
        }
    }

    /** The deferred part of a {@code PSID}; see {@link NdrReader#sid}. */
    public void sid(Sid sid) {
        int count = sid.subAuthorities().size();
        u32(count);
        u8(Sid.REVISION);
        u8(count);
        ensure(6);
        for (int i = 0; i < 6; i++) {
            buf[pos++] = (byte) (sid.identifierAuthority() >>> (8 * (5 - i)));
        }
        for (Long s : sid.subAuthorities()) {
            u32(s);
        }
    }

    /** Overwrites the written bytes with zeros, for bodies that held a password. */
    public void wipe() {
        Arrays.fill(buf, (byte) 0);
    }

    void copyTo(byte[] dst, int offset) {
        System.arraycopy(buf, 0, dst, offset, pos);
    }

    private void ensure(int n) {
        if (pos + n > buf.length) {
            byte[] old = buf;
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
            Arrays.fill(old, (byte) 0); // it may have held a password
        }
    }
}
