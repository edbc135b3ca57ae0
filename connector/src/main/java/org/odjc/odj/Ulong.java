package org.odjc.odj;

/** IDL {@code ULONG}/{@code DWORD} values are unsigned 32-bit; the records hold them in a {@code long}. */
final class Ulong {
    static final long MAX = 0xFFFF_FFFFL;

    private Ulong() {
    }

    static long check(long value, String name) {
        if (value < 0 || value > MAX) {
            throw new IllegalArgumentException(name + " is an unsigned 32-bit value: " + value);
        }
        return value;
    }
}
