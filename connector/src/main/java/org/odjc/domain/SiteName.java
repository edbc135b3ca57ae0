package org.odjc.domain;

import java.util.Objects;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

/**
 * An AD site name such as {@code Default-First-Site-Name}. Sites are DNS labels in the SRV
 * records ({@code _ldap._tcp.<site>._sites.dc._msdcs.<domain>}), so: 1–63 characters, no dot,
 * space or control character.
 */
public record SiteName(String value) {
    public static final SiteName DEFAULT_FIRST_SITE = new SiteName("Default-First-Site-Name");

    public SiteName {
        Objects.requireNonNull(value, "value");
        String problem = problem(value);
        if (problem != null) {
            throw new IllegalArgumentException("'" + value + "' is not a site name: " + problem);
        }
    }

    public static SiteName parse(String text) throws ConnectorException {
        String problem = text == null ? "missing" : problem(text);
        if (problem != null) {
            throw new ConnectorException(FailureCode.INPUT_BAD_SITE_NAME, "'" + text + "': " + problem);
        }
        return new SiteName(text);
    }

    @Override
    public String toString() {
        return value;
    }

    private static String problem(String v) {
        if (v.isEmpty() || v.length() > 63) {
            return "must be 1-63 characters";
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c <= 0x20 || c == 0x7F || c == '.') {
                return "must not contain dots, spaces or control characters";
            }
        }
        return null;
    }
}
