package org.odjc.odj;

/**
 * LSA's counted string.
 * <pre>
 * typedef struct _ODJ_UNICODE_STRING {
 *     USHORT Length;          // bytes, without a terminator
 *     USHORT MaximumLength;   // bytes
 *     [size_is(MaximumLength/2), length_is(Length/2)] PWSTR Buffer;
 * } ODJ_UNICODE_STRING;
 * </pre>
 * Windows and Samba write {@code MaximumLength = Length + 2} ({@link #of}); a decoded value keeps
 * what it had so it re-encodes exactly.
 *
 * @param value the text, or null for a NULL {@code Buffer}
 * @param maximumLength {@code MaximumLength} in bytes: even, at least {@code 2 * value.length()}
 */
public record OdjUnicodeString(String value, int maximumLength) {
    public static final OdjUnicodeString NULL = new OdjUnicodeString(null, 0);
    /** {@code USHORT} byte counts: at most 32767 code units. */
    public static final int MAX_UNITS = 0x7FFF;

    public OdjUnicodeString {
        int length = value == null ? 0 : 2 * value.length();
        if (value != null && value.length() > MAX_UNITS) {
            throw new IllegalArgumentException("UNICODE_STRING holds at most 32767 code units");
        }
        if (maximumLength < length || maximumLength > 0xFFFF || maximumLength % 2 != 0) {
            throw new IllegalArgumentException("MaximumLength " + maximumLength + " does not fit Length " + length);
        }
    }

    /** As Windows writes it: {@code MaximumLength = Length + 2}. */
    public static OdjUnicodeString of(String value) {
        return new OdjUnicodeString(value, Math.min(0xFFFE, 2 * value.length() + 2));
    }

    /** {@code Length} in bytes. */
    public int length() {
        return value == null ? 0 : 2 * value.length();
    }

    @Override
    public String toString() {
        return String.valueOf(value);
    }
}
