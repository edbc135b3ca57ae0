package org.odjc.dispatcher.store;

import java.time.Instant;

/**
 * One line of a request's append-only audit trail ({@code request_events}), written in the same
 * transaction as the change it records, at the store's now.
 *
 * @param connectorId who the event concerns (null for admin actions and housekeeping)
 * @param fencingToken the lease the event concerns (0 when none)
 * @param expires for lease events: when that lease ends after this event
 * @param detail a short code: a failure code, a release reason, "stale-token", …
 */
public record RequestEvent(long seq, String requestId, Instant at, Kind kind, String connectorId, long fencingToken,
        Instant expires, String detail) {
    public enum Kind {
        SUBMITTED, LEASE_GRANTED, LEASE_ACKNOWLEDGED, LEASE_EXTENDED, LEASE_RELEASED, LEASE_EXPIRED, RESULT_ACCEPTED,
        RESULT_REFUSED, RETRY_SCHEDULED, BLOB_HANDED_OVER, BLOB_DELETED, CANCELLED, EXPIRED
    }
}
