package org.odjc.provisioning;

/**
 * Where a request is (docs/architecture.md §5). Each is journaled before the side effect that
 * follows it, so after a crash the last one says what may have happened.
 */
public enum RequestState {
    /** Taken on; nothing written to the directory yet. */
    RECEIVED,
    /** A name and DN are chosen and about to be added: the account may exist. */
    NAME_CHOSEN,
    /** The account exists (SID known); its blob may or may not have reached the dispatcher. */
    ACCOUNT_CREATED,
    /** The dispatcher accepted our result. */
    REPORTED,
    /** Closed: reported, or settled otherwise (another connector finished, the request went away). */
    DONE,
    /** Closed with a failure code, reported to the dispatcher when it could be. */
    FAILED;

    public boolean isClosed() {
        return this == DONE || this == FAILED;
    }
}
