package org.odjc.domain;

import java.util.Locale;
import java.util.Objects;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

/**
 * A computer's NetBIOS name as it is joined: 1–15 characters of the safe set {@code [A-Za-z0-9-]},
 * not all digits (Windows rejects numeric-only names), not starting or ending with '-' (it is also
 * the first DNS label). Case is kept: the blob carries the name as given (Windows' own vector has
 * {@code wurst2}); AD compares names case-insensitively.
 */
public record ComputerName(String value) {
    public static final int MAX_LENGTH = 15;

    public ComputerName {
        Objects.requireNonNull(value, "value");
        String problem = problem(value);
        if (problem != null) {
            throw new IllegalArgumentException("'" + value + "' is not a computer name: " + problem);
        }
    }

    public static ComputerName parse(String text) throws ConnectorException {
        String problem = text == null ? "missing" : problem(text);
        if (problem != null) {
            throw new ConnectorException(FailureCode.INPUT_BAD_COMPUTER_NAME, "'" + text + "': " + problem);
        }
        return new ComputerName(text);
    }

    /** The {@code sAMAccountName}: the upper-case name plus {@code $}. */
    public String samAccountName() {
        return value.toUpperCase(Locale.ROOT) + "$";
    }

    /** {@code <name>.<domain>} in lower case, as {@code dNSHostName} and the SPNs carry it. */
    public String fqdn(DomainDnsName domain) {
        return (value + "." + domain.value()).toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return value;
    }

    static String problem(String v) {
        if (v.isEmpty() || v.length() > MAX_LENGTH) {
            return "must be 1-15 characters, is " + v.length();
        }
        boolean allDigits = true;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            boolean digit = c >= '0' && c <= '9';
            if (!letter && !digit && c != '-') {
                return "character '" + c + "' is not a letter, digit or '-'";
            }
            allDigits &= digit;
        }
        if (allDigits) {
            return "must not be all digits";
        }
        if (v.startsWith("-") || v.endsWith("-")) {
            return "must not start or end with '-'";
        }
        return null;
    }
}
