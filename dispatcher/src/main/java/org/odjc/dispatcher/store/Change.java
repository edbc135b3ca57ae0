package org.odjc.dispatcher.store;

/**
 * The answer of a guarded change: applied, refused by its guard (the caller does not hold that lease
 * any more, or the request is finished; {@code request} is how it stands now), or no such request.
 */
public sealed interface Change permits Change.Applied, Change.Stale, Change.Missing {
    record Applied(StoredRequest request) implements Change {
    }

    record Stale(StoredRequest request) implements Change {
    }

    record Missing() implements Change {
    }
}
