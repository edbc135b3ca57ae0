package org.odjc.domain;

import java.util.Objects;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

/**
 * A domain's NetBIOS (pre-Windows 2000) name, e.g. {@code CORP}: 1–15 characters, none of
 * {@code \ / : * ? " < > |}, no control characters, not starting with '.'
 * (Microsoft: "Naming conventions in Active Directory"). Kept as given.
 */
public record NetbiosDomainName(String value) {
    public static final int MAX_LENGTH = 15;

    public NetbiosDomainName {
        Objects.requireNonNull(value, "value");
        String problem = problem(value);
        if (problem != null) {
            throw new IllegalArgumentException("'" + value + "' is not a NetBIOS domain name: " + problem);
        }
    }

    public static NetbiosDomainName parse(String text) throws ConnectorException {
        String problem = text == null ? "missing" : problem(text);
        if (problem != null) {
            throw new ConnectorException(FailureCode.INPUT_BAD_NETBIOS_DOMAIN, "'" + text + "': " + problem);
        }
        return new NetbiosDomainName(text);
    }

    @Override
    public String toString() {
        return value;
    }

    private static String problem(String v) {
        if (v.isEmpty() || v.length() > MAX_LENGTH) {
            return "must be 1-15 characters";
        }
        if (v.startsWith(".")) {
            return "starts with '.'";
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < 0x20 || c == 0x7F || "\\/:*?\"<>|".indexOf(c) >= 0) {
                return "character '" + c + "' is not allowed";
            }
        }
        return null;
    }
}
