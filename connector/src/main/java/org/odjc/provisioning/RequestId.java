package org.odjc.provisioning;

import java.util.Objects;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

/**
 * The dispatcher's id of a join request: 1-64 characters of {@code [A-Za-z0-9._-]}. It goes into
 * the account's {@code description} tag and into LDAP filters (escaped by the SDK all the same),
 * so the alphabet is kept small.
 */
public record RequestId(String value) {
    public static final int MAX_LENGTH = 64;

    public RequestId {
        Objects.requireNonNull(value, "value");
        String problem = problem(value);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    public static RequestId parse(String text) throws ConnectorException {
        String problem = text == null ? "missing" : problem(text);
        if (problem != null) {
            throw new ConnectorException(FailureCode.INPUT_BAD_REQUEST_ID, "'" + text + "': " + problem);
        }
        return new RequestId(text);
    }

    private static String problem(String v) {
        if (v.isEmpty() || v.length() > MAX_LENGTH) {
            return "must be 1-" + MAX_LENGTH + " characters, is " + v.length();
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
                    || c == '-')) {
                return "character '" + c + "' is not a letter, digit, '.', '_' or '-'";
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return value;
    }
}
