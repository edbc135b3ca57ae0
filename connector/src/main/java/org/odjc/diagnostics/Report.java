package org.odjc.diagnostics;

import java.util.Comparator;
import java.util.List;

/** Every finding of one run, in the order the checks ran. */
public record Report(List<Finding> findings) {
    public Report {
        findings = List.copyOf(findings);
    }

    /** The most severe verdict; PASS for an empty report. */
    public Status worst() {
        return findings.stream().map(Finding::status).max(Comparator.naturalOrder()).orElse(Status.PASS);
    }

    /** {@code odjc diagnose}'s exit code: 1 when something fails, else 0 (2 is for usage errors). */
    public int exitCode() {
        return worst() == Status.FAIL ? 1 : 0;
    }
}
