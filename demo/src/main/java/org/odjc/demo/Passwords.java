package org.odjc.demo;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.odjc.domain.Guid;

/**
 * {@code unicodePwd} as AD treats it (MS-ADTS 3.1.1.3.1.5): write-only, so never stored where a
 * search could return it; exactly one value, the UTF-16LE of the password in double quotes; and
 * what a simple bind is checked against. The connector sets computer and service passwords this
 * way, so a malformed value must be refused with AD's text. Kept as salted hashes by objectGUID
 * (stable across renames). Thread-safe.
 */
final class Passwords {
    /**
     * ERROR_GEN_FAILURE: what AD answers to a {@code unicodePwd} that is not a quoted UTF-16LE
     * value, and also to one sent over an unencrypted connection: the text does not tell them apart.
     */
    static final String PASSWORD_REFUSED = "0000001F: SvcErr: DSID-031A12D2, problem 5003 (WILL_NOT_PERFORM), data 0\n";
    /** ERROR_INVALID_PASSWORD: a password change whose old password is wrong (ATTRTYP 0x9005a). */
    static final String OLD_PASSWORD_WRONG = "00000056: AtrErr: DSID-03191083, #1:\n\t0: 00000056: DSID-03191083, "
            + "problem 1005 (CONSTRAINT_ATT_TYPE), data 0, Att 9005a (unicodePwd)\n";

    private final Map<Guid, SaltedHash> hashes = new ConcurrentHashMap<>();
    private final SecureRandom random;

    Passwords(SecureRandom random) {
        this.random = random;
    }

    /** A salted hash of {@code utf16le}, to {@link #store} once the write succeeded; the caller wipes the bytes. */
    SaltedHash hash(byte[] utf16le) {
        return SaltedHash.of(utf16le, random);
    }

    void store(Guid account, SaltedHash hash) {
        hashes.put(account, hash);
    }

    /** Keeps a salted hash of {@code utf16le} for the account {@code guid}; the caller wipes the bytes. */
    void set(Guid account, byte[] utf16le) {
        store(account, hash(utf16le));
    }

    boolean matches(Guid account, byte[] utf16le) {
        SaltedHash h = hashes.get(account);
        return h != null && h.matches(utf16le);
    }

    /** A deleted account's hash goes with it. */
    void forget(Guid account) {
        hashes.remove(account);
    }

    /**
     * A {@code unicodePwd} value: exactly one, the UTF-16LE of the password in double quotes
     * (MS-ADTS 3.1.1.3.1.5.1). Returns the UTF-16LE inside the quotes; the caller wipes it.
     */
    static byte[] unquoted(byte[][] values) throws LDAPException {
        if (values == null || values.length != 1) {
            throw new LDAPException(ResultCode.UNWILLING_TO_PERFORM, PASSWORD_REFUSED);
        }
        byte[] v = values[0];
        int n = v.length;
        if (n < 4 || n % 2 != 0 || v[0] != '"' || v[1] != 0 || v[n - 2] != '"' || v[n - 1] != 0) {
            throw new LDAPException(ResultCode.UNWILLING_TO_PERFORM, PASSWORD_REFUSED);
        }
        return Arrays.copyOfRange(v, 2, n - 2);
    }

    /** A simple bind's password is UTF-8 (RFC 4513 5.1.1); the DC compares its UTF-16. Null if malformed. */
    static byte[] utf8ToUtf16Le(byte[] utf8) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(utf8));
            byte[] out = new byte[chars.remaining() * 2];
            for (int i = 0; chars.hasRemaining(); i += 2) {
                char c = chars.get();
                out[i] = (byte) c;
                out[i + 1] = (byte) (c >>> 8);
            }
            Arrays.fill(chars.array(), '\0');
            return out;
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** SHA-256 over a random salt and the password's UTF-16LE: enough to recognise it, not to recover it. */
    record SaltedHash(byte[] salt, byte[] digest) {
        static SaltedHash of(byte[] utf16le, SecureRandom random) {
            byte[] salt = new byte[16];
            random.nextBytes(salt);
            return new SaltedHash(salt, digest(salt, utf16le));
        }

        boolean matches(byte[] utf16le) {
            return MessageDigest.isEqual(digest, digest(salt, utf16le));
        }

        private static byte[] digest(byte[] salt, byte[] utf16le) {
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                sha.update(salt);
                return sha.digest(utf16le);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-256", e);
            }
        }

        @Override
        public String toString() {
            return "SaltedHash[redacted]";
        }
    }
}
