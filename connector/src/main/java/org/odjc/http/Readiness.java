package org.odjc.http;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer of {@code GET /readyz}: ready when every check passes.
 *
 * @param checks in a fixed order: configuration, dispatcher, one per domain, halt
 */
public record Readiness(List<Check> checks) {
    public Readiness {
        checks = List.copyOf(checks);
    }

    /**
     * One condition of readiness.
     *
     * @param name e.g. {@code dispatcher} or {@code domain corp.example.com}
     * @param code the permanent failure code when it fails, never present when it passes
     * @param detail one line for people; untrusted text is escaped where it is shown
     */
    public record Check(String name, boolean ok, Optional<String> code, String detail) {
        public Check {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(detail, "detail");
            if (ok == code.isPresent()) {
                throw new IllegalArgumentException("a failing check carries a code, a passing one none: " + name);
            }
        }

        public static Check pass(String name, String detail) {
            return new Check(name, true, Optional.empty(), detail);
        }

        public static Check fail(String name, String code, String detail) {
            return new Check(name, false, Optional.of(code), detail);
        }
    }

    public boolean ready() {
        return checks.stream().allMatch(Check::ok);
    }

    /** The failing checks' codes, each once, in check order. */
    public List<String> failingCodes() {
        return checks.stream().filter(c -> !c.ok()).map(c -> c.code().orElseThrow()).distinct().toList();
    }
}
