package org.odjc.dispatcher;

/**
 * Characters that must not reach a terminal, a log line or a table raw: Unicode Cc (C0, DEL, C1
 * such as U+009B, the one-byte CSI), the bidi embeddings/overrides U+202A-202E and isolates
 * U+2066-2069, and the line and paragraph separators U+2028 and U+2029. The dispatcher refuses them
 * at submit; what older databases may still hold is shown escaped.
 */
public final class Visible {
    private Visible() {
    }

    public static boolean isControl(int c) {
        return Character.getType(c) == Character.CONTROL || (c >= 0x202A && c <= 0x202E)
                || (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029;
    }

    /** {@code value} with each such character as {@code \\uXXXX} and each backslash doubled; null stays null. */
    public static String escape(String value) {
        if (value == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                out.append("\\\\");
            } else if (isControl(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
