package org.odjc.domain;

import java.util.Objects;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

/**
 * An IPv4 or IPv6 address literal, validated textually (no DNS look-up: the core does no I/O).
 * This is what a DC's {@code DomainControllerAddress} carries after its leading {@code \\}.
 */
public record IpAddress(String value) {
    public IpAddress {
        Objects.requireNonNull(value, "value");
        if (!isIpv4(value) && !isIpv6(value)) {
            throw new IllegalArgumentException("'" + value + "' is not an IPv4 or IPv6 address");
        }
    }

    public static IpAddress parse(String text) throws ConnectorException {
        if (text == null || !(isIpv4(text) || isIpv6(text))) {
            throw new ConnectorException(FailureCode.INPUT_BAD_ADDRESS, "'" + text + "' is not an IPv4 or IPv6 address");
        }
        return new IpAddress(text);
    }

    public boolean isIpv6() {
        return value.indexOf(':') >= 0;
    }

    @Override
    public String toString() {
        return value;
    }

    static boolean isIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')
                    || (p.length() > 1 && p.charAt(0) == '0') || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    /** RFC 4291 section 2.2 text forms, including {@code ::} compression and a dotted IPv4 tail. */
    static boolean isIpv6(String s) {
        if (s.isEmpty() || s.length() > 45 || s.indexOf(':') < 0) {
            return false;
        }
        int compression = s.indexOf("::");
        if (compression >= 0 && s.indexOf("::", compression + 1) >= 0) {
            return false;
        }
        String[] groups = s.split(":", -1);
        int words = 0;
        for (int i = 0; i < groups.length; i++) {
            String g = groups[i];
            boolean last = i == groups.length - 1;
            if (g.isEmpty()) {
                continue; // part of "::" (checked above) or a leading/trailing ':' of "::"
            }
            if (last && g.indexOf('.') >= 0) {
                if (!isIpv4(g)) {
                    return false;
                }
                words += 2;
            } else if (g.length() > 4 || !g.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                return false;
            } else {
                words++;
            }
        }
        // a lone ':' at either end is only legal as part of "::"
        if ((s.startsWith(":") && !s.startsWith("::")) || (s.endsWith(":") && !s.endsWith("::"))) {
            return false;
        }
        return compression >= 0 ? words < 8 : words == 8;
    }
}
