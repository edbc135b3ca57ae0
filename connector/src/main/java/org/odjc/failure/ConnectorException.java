package org.odjc.failure;

import java.util.Objects;

/**
 * A failure with a permanent {@link FailureCode}. The message is {@code CODE summary: detail};
 * the detail names what was wrong (an offset, a field, a value that is not secret) and never
 * carries a password, blob, key or keytab.
 */
public final class ConnectorException extends Exception {
    private static final long serialVersionUID = 1L;

    private final FailureCode code;
    private final String detail;

    public ConnectorException(FailureCode code, String detail) {
        this(code, detail, null);
    }

    public ConnectorException(FailureCode code, String detail, Throwable cause) {
        super(code.id() + " " + code.summary() + (detail == null || detail.isEmpty() ? "" : ": " + detail), cause);
        this.code = Objects.requireNonNull(code, "code");
        this.detail = detail == null ? "" : detail;
    }

    public FailureCode code() {
        return code;
    }

    /** The specific finding, without the code's summary; empty when there is none. */
    public String detail() {
        return detail;
    }
}
