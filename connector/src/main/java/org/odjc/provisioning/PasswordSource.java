package org.odjc.provisioning;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

/**
 * Where a simple bind's password comes from: a secret file (read through the system's
 * {@link SecretFiles}: DPAPI on Windows, an owner-only file elsewhere), an environment variable,
 * or memory ({@code odjc setup}, which asked for it). {@link #read} returns a fresh {@code char[]}
 * that the caller wipes once the bind has what it needs; the password never becomes a String here.
 */
public sealed interface PasswordSource {
    /** The longest password file read, in bytes: a password, not a document. */
    int MAX_FILE_BYTES = 4096;

    /**
     * The password, one trailing newline (LF or CRLF) of a file removed; never empty.
     *
     * @param files where secret files are read (the system's secret store)
     * @param environment where environment variables are looked up (the process environment in production)
     */
    char[] read(SecretFiles files, Map<String, String> environment) throws ConnectorException;

    /** A secret file, as the configuration names it ({@code passwordFile}). */
    record File(String path) implements PasswordSource {
        public File {
            if (path == null || path.isBlank()) {
                throw new IllegalArgumentException("a password file needs a path");
            }
        }

        @Override
        public char[] read(SecretFiles files, Map<String, String> environment) throws ConnectorException {
            byte[] b = files.read(path);
            try {
                if (b.length > MAX_FILE_BYTES) {
                    throw new ConnectorException(FailureCode.AD_SECRET_UNREADABLE, path + " is larger than 4 KiB");
                }
                int end = b.length;
                if (end > 0 && b[end - 1] == '\n') {
                    end--;
                    if (end > 0 && b[end - 1] == '\r') {
                        end--;
                    }
                }
                if (end == 0) {
                    throw new ConnectorException(FailureCode.AD_SECRET_UNREADABLE, path + " is empty");
                }
                return utf8(b, end, path);
            } finally {
                Arrays.fill(b, (byte) 0);
            }
        }
    }

    /** An environment variable holding the password ({@code passwordEnv}). */
    record Environment(String variable) implements PasswordSource {
        public Environment {
            if (variable == null || variable.isBlank()) {
                throw new IllegalArgumentException("a password environment variable needs a name");
            }
        }

        @Override
        public char[] read(SecretFiles files, Map<String, String> environment) throws ConnectorException {
            String value = environment.get(variable);
            if (value == null || value.isEmpty()) {
                throw new ConnectorException(FailureCode.AD_SECRET_UNREADABLE, "environment variable " + variable
                        + " is not set");
            }
            return value.toCharArray();
        }
    }

    /**
     * A password held in memory, as {@code odjc setup} asked for it: a copy of the caller's array,
     * handed out as copies, until {@link #wipe()}. Equal only to itself; {@code toString} redacts it.
     * Thread-safe.
     */
    final class InMemory implements PasswordSource {
        private final char[] password;
        private volatile boolean wiped;

        /** Copies {@code password} (the caller wipes its own array). */
        public InMemory(char[] password) {
            Objects.requireNonNull(password, "password");
            if (password.length == 0) {
                throw new IllegalArgumentException("an in-memory password cannot be empty");
            }
            this.password = password.clone();
        }

        @Override
        public synchronized char[] read(SecretFiles files, Map<String, String> environment) throws ConnectorException {
            if (wiped) {
                throw new IllegalStateException("the in-memory password was wiped");
            }
            return password.clone();
        }

        /** Overwrites the password; later reads fail. */
        public synchronized void wipe() {
            Arrays.fill(password, '\0');
            wiped = true;
        }

        @Override
        public String toString() {
            return "InMemory[***]";
        }
    }

    /** {@code password} as UTF-8 bytes, for APIs that take bytes; the caller wipes both arrays. */
    static byte[] utf8(char[] password) {
        ByteBuffer bb = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] out = Arrays.copyOfRange(bb.array(), bb.position(), bb.limit());
        Arrays.fill(bb.array(), (byte) 0);
        return out;
    }

    private static char[] utf8(byte[] b, int length, String source) throws ConnectorException {
        CharBuffer cb;
        try {
            cb = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, 0, length));
        } catch (CharacterCodingException e) {
            throw new ConnectorException(FailureCode.AD_SECRET_UNREADABLE, source + " is not UTF-8 text");
        }
        char[] out = Arrays.copyOfRange(cb.array(), cb.position(), cb.limit());
        Arrays.fill(cb.array(), '\0');
        return out;
    }
}
