package org.odjc.dispatcher.store;

import java.time.Duration;

/** What a connector reported under its lease. */
public sealed interface Finish permits Finish.Succeeded, Finish.Failed, Finish.Retry {
    /** Success: the account and the sealed blob. */
    record Succeeded(String computerName, String dn, String sid, String dc, SealedBlob blob) implements Finish {
    }

    /** A permanent failure: the request closes FAILED. */
    record Failed(String code, String message) implements Finish {
    }

    /** A retryable failure: queued again, not leasable before {@code delay} from the store's now (back-off). */
    record Retry(String code, String message, Duration delay) implements Finish {
    }
}
