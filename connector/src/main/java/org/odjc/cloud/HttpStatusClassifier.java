package org.odjc.cloud;

import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

/**
 * The one place that turns the dispatcher's HTTP answers (status and {@code error} body, see
 * docs/protocol.md "Errors") into failure codes. What matters for exactly-once is the line
 * between a definite refusal and an unknown fate: only {@code 409 lease-lost} says for certain
 * that a result did not land.
 */
final class HttpStatusClassifier {
    private HttpStatusClassifier() {
    }

    static ConnectorException classify(int status, Wire.ErrorBody body, String what) {
        String error = body == null || body.error() == null ? "" : body.error();
        String detail = what + ": HTTP " + status + (error.isEmpty() ? "" : " " + error)
                + (body == null || body.detail() == null ? "" : ": " + body.detail());
        if (status == 409 && error.equals("lease-lost")) {
            return new ConnectorException(FailureCode.CLOUD_LEASE_LOST, detail);
        }
        if (status == 401 || status == 403) {
            return new ConnectorException(FailureCode.CLOUD_REFUSED, detail);
        }
        if (status == 408 || status == 429 || status >= 500) {
            return new ConnectorException(FailureCode.CLOUD_UNREACHABLE, detail);
        }
        return new ConnectorException(FailureCode.CLOUD_BAD_MESSAGE, detail);
    }
}
