package org.odjc.failure;

/**
 * What the service does when a failure with this disposition ends a request. A {@code HALT} or
 * {@code LATCH} of a code about a domain (its DCs, its bind, its directory: {@code AD-}, {@code DC-},
 * {@code PROV-}, {@code DIAG-}) pauses that domain only; the connector's other domains keep working.
 * A {@code HALT} of a code about the connector itself (journal, dispatcher, a bug) pauses it whole,
 * for a back-off.
 */
public enum Disposition {
    /** Transient: try again later (a DC or the dispatcher is away, a lease was lost). */
    RETRY,
    /**
     * This request cannot succeed as asked (a bad name, an OU that is not allowed, or one where the
     * bind identity lacks rights): report it failed, not retryable, and keep serving others.
     */
    FAIL_REQUEST,
    /**
     * A fault of the domain's credentials, trust or reachability (bind refused, password expired,
     * clock skew, DNS): the request is handed back (retryable), its domain takes no work and is
     * tried again on a timer, which notices the fix on its own (readiness shows the code meanwhile).
     */
    HALT,
    /**
     * Only an admin can fix it and retrying on a timer could make it worse (an account left behind
     * that must be deleted by hand): the request is handed back, and the domain takes no work until
     * {@code odjc halt clear} — the latch is kept in the state directory and survives a restart.
     */
    LATCH;

    /** Whether a request failed with a code of this disposition is handed back for another lease. */
    public boolean retryable() {
        return this != FAIL_REQUEST;
    }
}
