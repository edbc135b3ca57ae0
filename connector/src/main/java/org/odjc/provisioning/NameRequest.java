package org.odjc.provisioning;

import java.util.Locale;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.odjc.domain.ComputerName;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

/**
 * How the computer is to be named: exactly as given, or a prefix that random characters complete
 * to 15 (Intune's Domain Join profile gives a prefix; at most 12 characters so at least 3 are
 * random).
 */
public sealed interface NameRequest {
    int MAX_PREFIX = 12;
    String RANDOM_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /** An explicit name: a collision is an error, never a reason to draw another. */
    record Exact(ComputerName name) implements NameRequest {
        public Exact {
            Objects.requireNonNull(name, "name");
        }
    }

    /** A prefix, upper-cased; names are drawn until a free one is found. */
    record Prefix(String prefix) implements NameRequest {
        public Prefix {
            Objects.requireNonNull(prefix, "prefix");
            String problem = problem(prefix);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            prefix = prefix.toUpperCase(Locale.ROOT);
        }

        public static Prefix parse(String text) throws ConnectorException {
            String problem = text == null ? "missing" : problem(text);
            if (problem != null) {
                throw new ConnectorException(FailureCode.INPUT_BAD_PREFIX, "'" + text + "': " + problem);
            }
            return new Prefix(text);
        }

        /** The prefix plus random {@code [A-Z0-9]} up to 15 characters; never all digits. */
        public ComputerName draw(RandomGenerator random) {
            while (true) {
                StringBuilder sb = new StringBuilder(prefix);
                while (sb.length() < ComputerName.MAX_LENGTH) {
                    sb.append(RANDOM_ALPHABET.charAt(random.nextInt(RANDOM_ALPHABET.length())));
                }
                try {
                    return new ComputerName(sb.toString());
                } catch (IllegalArgumentException allDigits) {
                    // a digits-only prefix drew only digits: draw again
                }
            }
        }

        private static String problem(String p) {
            if (p.isEmpty() || p.length() > MAX_PREFIX) {
                return "must be 1-" + MAX_PREFIX + " characters, is " + p.length();
            }
            if (p.startsWith("-")) {
                return "must not start with '-'";
            }
            for (int i = 0; i < p.length(); i++) {
                char c = p.charAt(i);
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) {
                    return "character '" + c + "' is not a letter, digit or '-'";
                }
            }
            return null;
        }
    }
}
