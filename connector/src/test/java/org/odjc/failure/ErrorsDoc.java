package org.odjc.failure;

/**
 * Prints docs/errors.md from {@link FailureCode} (run by scripts/errors-doc; FailureCatalogueTest
 * fails when the file and the codes disagree).
 */
public final class ErrorsDoc {
    private static final String INTRO = """
            # Failure catalogue

            Every failure an admin can see has a permanent code `AREA-NNN`. Codes are never renumbered or
            reused. The CLI prints `CODE summary: detail` as the first line on standard error and the remedy
            on the second, and exits with 1 (2 for usage errors); the service reports the code with the
            request and in its logs.

            Disposition tells the service what to do: `RETRY` (transient, try again later), `FAIL_REQUEST`
            (this request cannot succeed as asked, e.g. the bind identity lacks rights on its OU: report it
            failed, not retryable, and carry on), `HALT` (a fault of the domain's credentials, trust or
            reachability: hand the request back, take no work for that domain and try it again on a timer,
            which notices the fix; readiness shows the code), `LATCH` (only an admin can fix it and retrying
            would make it worse: the domain takes no work, across restarts, until `odjc halt clear --domain D`).
            A paused domain's connector keeps working for its other domains; a `HALT` code about the connector
            itself (journal, dispatcher, a bug) pauses all its work for a back-off.

            This file is generated from the code by `scripts/errors-doc`; `FailureCatalogueTest` checks it.
            """;

    private static final String[][] AREAS = {
        {"ODJ", "The offline-domain-join blob and its encodings"},
        {"PROV", "Provisioning a computer account"},
        {"DC", "Locating and reaching domain controllers"},
        {"DIAG", "What odjc diagnose finds before a request fails"},
        {"AD", "What the directory answered (AdResultClassifier: LDAP result codes and AD/Samba diagnostic texts)"},
        {"CLOUD", "The dispatch service"},
        {"JOURNAL", "The connector's request journal"},
        {"CLEANUP", "Cleanup of never-used computer accounts"},
        {"CONFIG", "The connector's configuration file"},
        {"INPUT", "Values given on the command line, in configuration or in a request"},
        {"ADMIN", "The local admin endpoint: health, readiness, metrics and the status page"},
        {"SYSTEMD", "The link to the Linux service manager (systemd)"},
        {"SECRET", "Secrets at rest: DPAPI files on Windows, owner-only files on Linux"},
        {"FILE", "Files the CLI reads and writes"},
        {"CLI", "The program itself"},
    };

    private ErrorsDoc() {
    }

    public static void main(String[] args) {
        for (FailureCode c : FailureCode.values()) {
            if (java.util.Arrays.stream(AREAS).noneMatch(a -> c.id().startsWith(a[0] + "-"))) {
                throw new IllegalStateException(c.id() + " belongs to no area of ErrorsDoc.AREAS: add its area");
            }
        }
        StringBuilder sb = new StringBuilder(INTRO);
        for (String[] area : AREAS) {
            sb.append("\n## ").append(area[0]).append(": ").append(area[1]).append("\n\n")
                    .append("| Code | Disposition | Summary | Remedy |\n|---|---|---|---|\n");
            java.util.Arrays.stream(FailureCode.values()).filter(c -> c.id().startsWith(area[0] + "-"))
                    .sorted(java.util.Comparator.comparing(FailureCode::id))
                    .forEach(c -> sb.append(FailureCatalogueTest.row(c)).append('\n'));
        }
        System.out.print(sb);
    }
}
