package org.odjc.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

/**
 * An LDAP distinguished name (RFC 4514), e.g. {@code OU=Autopilot,DC=corp,DC=example,DC=test}.
 * Equality follows AD: attribute types and values compare case-insensitively after unescaping,
 * and spaces around separators do not count. {@link #toString()} is the canonical string form
 * (types upper-case, values escaped minimally), suitable to send to a DC.
 */
public final class DistinguishedName {
    /** One attribute-value pair of an RDN. */
    public record Ava(String type, String value) {
        public Ava {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(value, "value");
        }
    }

    private final List<List<Ava>> rdns;
    private final String text;
    private final String key;

    private DistinguishedName(List<List<Ava>> rdns) {
        this.rdns = List.copyOf(rdns.stream().map(List::copyOf).toList());
        StringBuilder t = new StringBuilder();
        StringBuilder k = new StringBuilder();
        for (List<Ava> rdn : this.rdns) {
            if (t.length() > 0) {
                t.append(',');
                k.append(',');
            }
            for (int i = 0; i < rdn.size(); i++) {
                if (i > 0) {
                    t.append('+');
                    k.append('+');
                }
                Ava a = rdn.get(i);
                t.append(a.type()).append('=').append(escape(a.value()));
                k.append(a.type().toLowerCase(Locale.ROOT)).append('=').append(escape(a.value().toLowerCase(Locale.ROOT)));
            }
        }
        this.text = t.toString();
        this.key = k.toString();
    }

    /**
     * Longer than any OU path AD holds in practice: each RDN value of an OU or CN is at most 64
     * characters (rangeUpper of ou and cn), so 2,048 allows some 30 levels.
     */
    public static final int MAX_LENGTH = 2048;

    public static DistinguishedName parse(String dn) throws ConnectorException {
        if (dn != null && dn.length() > MAX_LENGTH) { // said without echoing it: it would flood the log
            throw new ConnectorException(FailureCode.INPUT_BAD_DN, "a DN of " + dn.length() + " characters; at most "
                    + MAX_LENGTH);
        }
        try {
            return new DistinguishedName(Parser.parse(Objects.requireNonNull(dn, "dn")));
        } catch (IllegalArgumentException e) {
            throw new ConnectorException(FailureCode.INPUT_BAD_DN, "'" + dn + "': " + e.getMessage());
        }
    }

    /** The DN of the entry {@code type=value} directly below this one. */
    public DistinguishedName child(String type, String value) {
        List<List<Ava>> list = new ArrayList<>();
        list.add(List.of(new Ava(type.toUpperCase(Locale.ROOT), value)));
        list.addAll(rdns);
        return new DistinguishedName(list);
    }

    /** The parent DN, or empty for a single-RDN name. */
    public java.util.Optional<DistinguishedName> parent() {
        return rdns.size() <= 1 ? java.util.Optional.empty()
                : java.util.Optional.of(new DistinguishedName(rdns.subList(1, rdns.size())));
    }

    /** True when this DN is strictly below {@code ancestor}. */
    public boolean isDescendantOf(DistinguishedName ancestor) {
        return rdns.size() > ancestor.rdns.size() && key.endsWith("," + ancestor.key);
    }

    /** The value of the first RDN's first attribute, e.g. {@code PC01} for {@code CN=PC01,OU=…}. */
    public String rdnValue() {
        return rdns.get(0).get(0).value();
    }

    public List<List<Ava>> rdns() {
        return rdns;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DistinguishedName other && key.equals(other.key);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }

    /** RFC 4514 section 2.4 escaping: the specials, a leading '#' or space, a trailing space, NUL. */
    static String escape(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean special = ",+\"\\<>;=".indexOf(c) >= 0
                    || (i == 0 && (c == '#' || c == ' '))
                    || (i == value.length() - 1 && c == ' ');
            if (c == 0) {
                sb.append("\\00");
            } else if (special) {
                sb.append('\\').append(c);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** A small RFC 4514 parser: string and hex-pair escapes, quoted values, multi-valued RDNs. */
    private static final class Parser {
        private final String s;
        private int pos;

        private Parser(String s) {
            this.s = s;
        }

        static List<List<Ava>> parse(String s) {
            Parser p = new Parser(s);
            List<List<Ava>> rdns = new ArrayList<>();
            p.skipSpaces();
            if (p.pos == s.length()) {
                throw new IllegalArgumentException("empty DN");
            }
            while (true) {
                List<Ava> rdn = new ArrayList<>();
                while (true) {
                    rdn.add(p.ava());
                    if (p.peek() == '+') {
                        p.pos++;
                        continue;
                    }
                    break;
                }
                rdns.add(rdn);
                if (p.pos == s.length()) {
                    return rdns;
                }
                char sep = s.charAt(p.pos++);
                if (sep != ',' && sep != ';') {
                    throw new IllegalArgumentException("unexpected '" + sep + "' at position " + (p.pos - 1));
                }
            }
        }

        private Ava ava() {
            skipSpaces();
            int start = pos;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '-'
                    || s.charAt(pos) == '.')) {
                pos++;
            }
            String type = s.substring(start, pos);
            if (type.isEmpty()) {
                throw new IllegalArgumentException("missing attribute type at position " + start);
            }
            skipSpaces();
            if (peek() != '=') {
                throw new IllegalArgumentException("expected '=' after '" + type + "'");
            }
            pos++;
            skipSpaces();
            String value = peek() == '"' ? quoted() : plain();
            return new Ava(type.toUpperCase(Locale.ROOT), value);
        }

        private String plain() {
            StringBuilder v = new StringBuilder();
            int lastNonSpace = 0;
            java.io.ByteArrayOutputStream utf8 = null;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == ',' || c == ';' || c == '+') {
                    break;
                }
                if (c == '\\') {
                    if (pos + 1 >= s.length()) {
                        throw new IllegalArgumentException("dangling '\\' at the end");
                    }
                    char n = s.charAt(pos + 1);
                    if (isHex(n) && pos + 2 < s.length() && isHex(s.charAt(pos + 2))) {
                        // hex pairs encode UTF-8 bytes; collect consecutive ones
                        if (utf8 == null) {
                            utf8 = new java.io.ByteArrayOutputStream();
                        }
                        utf8.write(Integer.parseInt(s.substring(pos + 1, pos + 3), 16));
                        pos += 3;
                        continue;
                    }
                    flush(v, utf8);
                    utf8 = null;
                    v.append(n);
                    pos += 2;
                    lastNonSpace = v.length();
                    continue;
                }
                flush(v, utf8);
                utf8 = null;
                v.append(c);
                pos++;
                if (c != ' ') {
                    lastNonSpace = v.length();
                }
            }
            if (utf8 != null) {
                flush(v, utf8);
                lastNonSpace = v.length();
            }
            return v.substring(0, lastNonSpace);
        }

        private static void flush(StringBuilder v, java.io.ByteArrayOutputStream utf8) {
            if (utf8 != null) {
                v.append(new String(utf8.toByteArray(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }

        private String quoted() {
            pos++;
            StringBuilder v = new StringBuilder();
            while (pos < s.length() && s.charAt(pos) != '"') {
                char c = s.charAt(pos++);
                if (c == '\\' && pos < s.length()) {
                    c = s.charAt(pos++);
                }
                v.append(c);
            }
            if (pos >= s.length()) {
                throw new IllegalArgumentException("unterminated quoted value");
            }
            pos++;
            skipSpaces();
            return v.toString();
        }

        private char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        private void skipSpaces() {
            while (pos < s.length() && s.charAt(pos) == ' ') {
                pos++;
            }
        }

        private static boolean isHex(char c) {
            return Character.digit(c, 16) >= 0;
        }
    }
}
