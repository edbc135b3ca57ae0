package org.odjc.dispatcher.store;

/** Where a request is. A LEASED request whose lease has expired is leasable again (lazily: no sweeper needed). */
public enum RequestState {
    QUEUED, LEASED, SUCCEEDED, FAILED, CANCELLED, EXPIRED;

    public boolean isFinished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED || this == EXPIRED;
    }
}
