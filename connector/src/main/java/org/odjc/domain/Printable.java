package org.odjc.domain;

/**
 * Makes text from requests, the journal, directories or the dispatcher safe to show on a terminal
 * or a page: every character that could move the cursor, start an escape sequence, break a line or
 * reorder what is displayed becomes a visible {@code \\uXXXX}. Escaped: Unicode Cc (C0, DEL, and
 * C1, U+009B CSI among them), format characters (Cf: the bidi embeddings, overrides and isolates
 * U+202A–U+202E and U+2066–U+2069, zero-width characters), the line and paragraph separators
 * U+2028/U+2029, private-use and unassigned code points, and lone surrogates. Everything else,
 * backslashes included, passes unchanged; the {@code --json} forms carry the exact value.
 */
public final class Printable {
    private Printable() {
    }

    /** {@code s} with every unsafe character as {@code \\uXXXX} (lower-case hex); {@code null} stays {@code null}. */
    public static String escape(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
            boolean unsafe;
            if (pair) {
                int cp = Character.toCodePoint(c, s.charAt(i + 1));
                unsafe = unsafe(cp);
                if (!unsafe) {
                    if (sb != null) {
                        sb.append(c).append(s.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
            } else {
                unsafe = Character.isSurrogate(c) || unsafe(c);
            }
            if (unsafe && sb == null) {
                sb = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (unsafe) {
                sb.append(String.format("\\u%04x", (int) c));
                if (pair) {
                    sb.append(String.format("\\u%04x", (int) s.charAt(++i)));
                }
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }

    /** An {@link Object#toString()} escaped. */
    public static String escape(Object o) {
        return o == null ? null : escape(o.toString());
    }

    private static boolean unsafe(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.PRIVATE_USE || type == Character.SURROGATE
                || type == Character.UNASSIGNED;
    }
}
