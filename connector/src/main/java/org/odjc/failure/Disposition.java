package org.odjc.failure;

/** What the service does when a failure with this disposition ends a step. */
public enum Disposition {
    /** Transient: try again later (a DC or the dispatcher is away, a lease was lost). */
    RETRY,
    /** This request cannot succeed as asked: report it failed with the code, keep serving others. */
    FAIL_REQUEST,
    /** Something only an admin can fix (configuration, rights, credentials): stop taking work until fixed. */
    HALT
}
