package org.odjc.diagnostics;

import java.util.Objects;
import java.util.Optional;
import org.odjc.failure.FailureCode;

/**
 * One check's result for one target (a domain, a DC, a file): the verdict, the permanent code of
 * a WARN or FAIL, and a one-line finding with the measured value. The remedy is the code's.
 *
 * @param check the check's name, as {@code --only} takes it: dns, dc, clock, credentials, local, dispatcher
 * @param target what was checked, e.g. {@code dc1.corp.example.com:636}
 */
public record Finding(String check, String target, Status status, Optional<FailureCode> code, String detail) {
    public Finding {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(detail, "detail");
        if ((status == Status.WARN || status == Status.FAIL) != code.isPresent()) {
            throw new IllegalArgumentException("a WARN or FAIL carries a code, nothing else does: " + status);
        }
    }

    public static Finding pass(String check, String target, String detail) {
        return new Finding(check, target, Status.PASS, Optional.empty(), detail);
    }

    public static Finding skip(String check, String target, String why) {
        return new Finding(check, target, Status.SKIP, Optional.empty(), why);
    }

    public static Finding warn(String check, String target, FailureCode code, String detail) {
        return new Finding(check, target, Status.WARN, Optional.of(code), detail);
    }

    public static Finding fail(String check, String target, FailureCode code, String detail) {
        return new Finding(check, target, Status.FAIL, Optional.of(code), detail);
    }

    public Optional<String> remedy() {
        return code.map(FailureCode::remedy);
    }
}
