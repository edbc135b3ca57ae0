package org.odjc.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

/**
 * A security identifier (MS-DTYP 2.4.2). {@code Revision} MUST be 1; at most 15 sub-authorities,
 * each an unsigned 32-bit value; the identifier authority is 48 bits.
 *
 * @param identifierAuthority 0 … 2^48-1 (5 = NT AUTHORITY)
 * @param subAuthorities unsigned 32-bit values, 0 … 15 of them
 */
public record Sid(long identifierAuthority, List<Long> subAuthorities) {
    public static final int REVISION = 1;
    public static final int MAX_SUB_AUTHORITIES = 15;

    public Sid {
        if (identifierAuthority < 0 || identifierAuthority >= 1L << 48) {
            throw new IllegalArgumentException("identifier authority out of range: " + identifierAuthority);
        }
        subAuthorities = List.copyOf(subAuthorities);
        if (subAuthorities.size() > MAX_SUB_AUTHORITIES) {
            throw new IllegalArgumentException("more than 15 sub-authorities: " + subAuthorities.size());
        }
        for (Long s : subAuthorities) {
            if (s < 0 || s > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("sub-authority out of range: " + s);
            }
        }
    }

    /**
     * Parses the string form {@code S-1-<authority>-<sub>…} (MS-DTYP 2.4.2.1); the authority may be
     * decimal (below 2^32) or {@code 0x}-prefixed hexadecimal.
     */
    public static Sid parse(String text) throws ConnectorException {
        Objects.requireNonNull(text, "text");
        String[] parts = text.trim().split("-", -1);
        if (parts.length < 3 || !parts[0].equalsIgnoreCase("S") || !parts[1].equals("1")) {
            throw bad(text, "expected S-1-<authority>-<sub-authority>...");
        }
        try {
            String a = parts[2];
            boolean hex = a.startsWith("0x") || a.startsWith("0X");
            String digits = hex ? a.substring(2) : a;
            if (digits.isEmpty() || digits.length() > 12
                    || !digits.chars().allMatch(c -> hex ? Character.digit(c, 16) >= 0 : c >= '0' && c <= '9')) {
                throw bad(text, "identifier authority '" + a + "' is not a number");
            }
            long authority = Long.parseLong(digits, hex ? 16 : 10);
            List<Long> subs = new ArrayList<>();
            for (int i = 3; i < parts.length; i++) {
                if (parts[i].isEmpty() || parts[i].length() > 10 || !parts[i].chars().allMatch(c -> c >= '0' && c <= '9')) {
                    throw bad(text, "sub-authority '" + parts[i] + "' is not an unsigned 32-bit number");
                }
                subs.add(Long.parseLong(parts[i]));
            }
            return new Sid(authority, subs);
        } catch (IllegalArgumentException e) { // includes NumberFormatException
            throw bad(text, e.getMessage());
        }
    }

    /** This SID with one more sub-authority, e.g. a domain SID plus an account's RID. */
    public Sid withRid(long rid) {
        List<Long> subs = new ArrayList<>(subAuthorities);
        subs.add(rid);
        return new Sid(identifierAuthority, subs);
    }

    /** The last sub-authority. */
    public long rid() {
        if (subAuthorities.isEmpty()) {
            throw new IllegalStateException("SID has no sub-authorities");
        }
        return subAuthorities.get(subAuthorities.size() - 1);
    }

    /** True when {@code other} is this SID plus exactly one sub-authority (an account in this domain). */
    public boolean isDomainOf(Sid other) {
        return other.identifierAuthority == identifierAuthority
                && other.subAuthorities.size() == subAuthorities.size() + 1
                && other.subAuthorities.subList(0, subAuthorities.size()).equals(subAuthorities);
    }

    /** The binary form of MS-DTYP 2.4.2.2 (as LDAP's {@code objectSid} carries it). */
    public byte[] toBinary() {
        byte[] b = new byte[8 + 4 * subAuthorities.size()];
        b[0] = REVISION;
        b[1] = (byte) subAuthorities.size();
        for (int i = 0; i < 6; i++) {
            b[2 + i] = (byte) (identifierAuthority >>> (8 * (5 - i)));
        }
        for (int i = 0; i < subAuthorities.size(); i++) {
            long s = subAuthorities.get(i);
            for (int k = 0; k < 4; k++) {
                b[8 + 4 * i + k] = (byte) (s >>> (8 * k));
            }
        }
        return b;
    }

    /** Parses the binary form of MS-DTYP 2.4.2.2. */
    public static Sid fromBinary(byte[] b) throws ConnectorException {
        if (b == null || b.length < 8 || b[0] != REVISION || (b[1] & 0xFF) > MAX_SUB_AUTHORITIES
                || b.length != 8 + 4 * (b[1] & 0xFF)) {
            throw new ConnectorException(FailureCode.INPUT_BAD_SID, "binary SID is malformed");
        }
        long authority = 0;
        for (int i = 0; i < 6; i++) {
            authority = (authority << 8) | (b[2 + i] & 0xFF);
        }
        List<Long> subs = new ArrayList<>();
        for (int i = 0; i < (b[1] & 0xFF); i++) {
            int o = 8 + 4 * i;
            subs.add((b[o] & 0xFFL) | (b[o + 1] & 0xFFL) << 8 | (b[o + 2] & 0xFFL) << 16 | (b[o + 3] & 0xFFL) << 24);
        }
        return new Sid(authority, subs);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("S-1-");
        sb.append(identifierAuthority < 1L << 32 ? Long.toString(identifierAuthority)
                : String.format("0x%012X", identifierAuthority));
        for (Long s : subAuthorities) {
            sb.append('-').append(s);
        }
        return sb.toString();
    }

    private static ConnectorException bad(String text, String why) {
        return new ConnectorException(FailureCode.INPUT_BAD_SID, "'" + text + "': " + why);
    }
}
