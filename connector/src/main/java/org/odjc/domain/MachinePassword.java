package org.odjc.domain;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

/**
 * A computer account's cleartext password, held as UTF-16 code units in a {@code char[]} so it can
 * be wiped and so any code unit a blob carries survives (a {@code String} round trip through a
 * charset would replace lone surrogates). Never logged: {@link #toString()} is redacted.
 * Not thread-safe; {@link #wipe()} makes every later use fail.
 */
public final class MachinePassword {
    /** Windows and Samba (4.17+) generate 120 code units. */
    public static final int GENERATED_LENGTH = 120;
    /** Longest password accepted from an admin. */
    public static final int MAX_GIVEN_LENGTH = 256;

    // 0x0001..0xFFFF without the surrogate block D800-DFFF
    private static final int NON_SURROGATE_UNITS = 0xFFFF - 0x800;

    private final char[] units;
    private boolean wiped;

    private MachinePassword(char[] units) {
        this.units = units;
    }

    /**
     * 120 random code units, none 0x0000 and none in D800–DFFF: the shape Windows uses, and one
     * that survives Samba's conversion of the blob's password to UTF-8 (docs/ad-facts.md §1).
     */
    public static MachinePassword random(RandomGenerator random) {
        char[] u = new char[GENERATED_LENGTH];
        for (int i = 0; i < u.length; i++) {
            int v = random.nextInt(NON_SURROGATE_UNITS) + 1;
            u[i] = (char) (v >= 0xD800 ? v + 0x800 : v);
        }
        return new MachinePassword(u);
    }

    /** Exactly the code units a blob carried, whatever they are (copied). */
    public static MachinePassword fromWire(char[] units) {
        return new MachinePassword(units.clone());
    }

    /**
     * A password an admin wrote to a file: strict UTF-8, one trailing {@code \n} or {@code \r\n}
     * ignored, 1–256 code units, no NUL. The caller should wipe {@code content} afterwards.
     */
    public static MachinePassword fromUtf8File(byte[] content) throws ConnectorException {
        int end = content.length;
        if (end > 0 && content[end - 1] == '\n') {
            end--;
            if (end > 0 && content[end - 1] == '\r') {
                end--;
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer chars;
        try {
            chars = decoder.decode(ByteBuffer.wrap(content, 0, end));
        } catch (CharacterCodingException e) {
            throw new ConnectorException(FailureCode.INPUT_BAD_PASSWORD, "the password file is not valid UTF-8");
        }
        char[] u = new char[chars.remaining()];
        chars.get(u);
        Arrays.fill(chars.array(), '\0');
        if (u.length == 0 || u.length > MAX_GIVEN_LENGTH) {
            Arrays.fill(u, '\0');
            throw new ConnectorException(FailureCode.INPUT_BAD_PASSWORD,
                    "the password must be 1-" + MAX_GIVEN_LENGTH + " characters");
        }
        for (char c : u) {
            if (c == 0) {
                Arrays.fill(u, '\0');
                throw new ConnectorException(FailureCode.INPUT_BAD_PASSWORD, "the password contains NUL");
            }
        }
        return new MachinePassword(u);
    }

    /** Number of UTF-16 code units. */
    public int length() {
        check();
        return units.length;
    }

    public char unitAt(int index) {
        check();
        return units[index];
    }

    /** A copy of the code units; the caller wipes it. */
    public char[] copyUnits() {
        check();
        return units.clone();
    }

    /** UTF-16LE bytes of the code units as they are; the caller wipes them. */
    public byte[] toUtf16Le() {
        check();
        byte[] b = new byte[units.length * 2];
        for (int i = 0; i < units.length; i++) {
            b[2 * i] = (byte) units[i];
            b[2 * i + 1] = (byte) (units[i] >>> 8);
        }
        return b;
    }

    /** Overwrites the code units; every later use throws {@link IllegalStateException}. */
    public void wipe() {
        Arrays.fill(units, '\0');
        wiped = true;
    }

    public boolean isWiped() {
        return wiped;
    }

    /** Constant-time comparison of the code units. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MachinePassword other) || wiped || other.wiped) {
            return false;
        }
        int diff = units.length ^ other.units.length;
        for (int i = 0; i < Math.max(units.length, other.units.length); i++) {
            char a = i < units.length ? units[i] : 0;
            char b = i < other.units.length ? other.units[i] : 0;
            diff |= a ^ b;
        }
        return diff == 0;
    }

    /** Depends on the length only, so a hash never leaks content. */
    @Override
    public int hashCode() {
        return units.length;
    }

    @Override
    public String toString() {
        return wiped ? "MachinePassword[wiped]" : "MachinePassword[" + units.length + " code units, redacted]";
    }

    private void check() {
        if (wiped) {
            throw new IllegalStateException("machine password was wiped");
        }
    }
}
