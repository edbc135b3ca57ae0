package org.odjc.dispatcher.store;

/**
 * The store cannot serve now (unreachable, busy, locked, full, closed, a serialization conflict that
 * outlived its retries): the caller answers {@code 503} with {@code Retry-After}. A bug in a
 * statement is not this; it stays a {@link RuntimeException} and is answered as a bug ({@code 500}).
 */
public final class StoreUnavailable extends Exception {
    private static final long serialVersionUID = 1L;

    public StoreUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
