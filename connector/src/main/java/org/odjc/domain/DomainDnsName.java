package org.odjc.domain;

import java.util.Locale;
import java.util.Objects;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

/**
 * A DNS name such as an AD domain ({@code corp.example.test}) or a DC's host name: labels of
 * 1–63 characters from {@code [A-Za-z0-9_-]}, not starting or ending with '-', at most 253
 * characters, no trailing dot. Case is kept as given; DNS compares it case-insensitively.
 */
public record DomainDnsName(String value) {
    public DomainDnsName {
        Objects.requireNonNull(value, "value");
        String problem = problem(value);
        if (problem != null) {
            throw new IllegalArgumentException("'" + value + "' is not a DNS name: " + problem);
        }
    }

    public static DomainDnsName parse(String text) throws ConnectorException {
        String problem = text == null ? "missing" : problem(text);
        if (problem != null) {
            throw new ConnectorException(FailureCode.INPUT_BAD_DNS_NAME, "'" + text + "': " + problem);
        }
        return new DomainDnsName(text);
    }

    public String lowerCase() {
        return value.toLowerCase(Locale.ROOT);
    }

    /** The first label, e.g. {@code corp} for {@code corp.example.test}. */
    public String firstLabel() {
        int dot = value.indexOf('.');
        return dot < 0 ? value : value.substring(0, dot);
    }

    public boolean equalsIgnoreCase(DomainDnsName other) {
        return other != null && value.equalsIgnoreCase(other.value);
    }

    /** The distinguished name of the domain's naming context, {@code DC=corp,DC=example,DC=test}. */
    public String toNamingContext() {
        return "DC=" + value.replace(".", ",DC=");
    }

    @Override
    public String toString() {
        return value;
    }

    private static String problem(String v) {
        if (v.isEmpty()) {
            return "empty";
        }
        if (v.length() > 253) {
            return "longer than 253 characters";
        }
        for (String label : v.split("\\.", -1)) {
            if (label.isEmpty()) {
                return "empty label";
            }
            if (label.length() > 63) {
                return "label '" + label + "' longer than 63 characters";
            }
            if (label.startsWith("-") || label.endsWith("-")) {
                return "label '" + label + "' starts or ends with '-'";
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || c == '-' || c == '_';
                if (!ok) {
                    return "character '" + c + "' is not allowed";
                }
            }
        }
        return null;
    }
}
