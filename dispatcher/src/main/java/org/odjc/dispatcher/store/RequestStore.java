package org.odjc.dispatcher.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The request queue and its lease rules (docs/protocol.md, "Leases and fencing"). Validation,
 * sealing and back-off policy live above the port; guards and times live here.
 */
public interface RequestStore {
    /** The outcome of {@link #insert}: the stored request, and whether this call created it. */
    record Inserted(StoredRequest request, boolean created) {
    }

    /**
     * What a poll asks for.
     *
     * @param leaseTime how long a lease lasts (from the ack, for a connector that acknowledges)
     * @param ackWithin null: the connector does not acknowledge; else the lease first ends this soon
     *     and only {@link #acknowledge} gives it {@code leaseTime}
     */
    record LeaseAsk(String connectorId, Set<String> domains, int max, Duration leaseTime, Duration ackWithin) {
    }

    /** One page position of {@link #list}: newest first by (submitted, requestId). */
    record Position(Instant submitted, String requestId) {
    }

    Inserted insert(NewRequest request) throws StoreUnavailable;

    Optional<StoredRequest> find(String requestId) throws StoreUnavailable;

    /**
     * Leases up to {@code max} leasable requests of {@code domains}, oldest first: QUEUED, or LEASED
     * with the lease expired (the expiry is recorded as it is taken over), not before their
     * {@code nextAttemptAt}, not past their deadline. Each grant moves the fencing token on by one and
     * counts an attempt. Many callers racing (threads, replicas) never lease one generation twice.
     */
    List<StoredRequest> lease(LeaseAsk ask) throws StoreUnavailable;

    /**
     * The holder acknowledges its lease: it now lasts {@code leaseTime}; if it then expires unreported,
     * the request waits {@code backoffIfLost} after the expiry before its next lease.
     */
    Change acknowledge(String connectorId, String requestId, long token, Duration leaseTime, Duration backoffIfLost)
            throws StoreUnavailable;

    /** The holder extends its running lease by {@code by} from now; same back-off rule as {@link #acknowledge}. */
    Change extend(String connectorId, String requestId, long token, Duration by, Duration backoffIfLost)
            throws StoreUnavailable;

    /** The lease never reached its connector (the connection closed): queued again at once, no back-off. */
    Change release(String connectorId, String requestId, long token, String reason) throws StoreUnavailable;

    /** A result under the lease {@code token} of {@code connectorId}; stale tokens are refused (and recorded). */
    Change finish(String connectorId, String requestId, long token, Finish result) throws StoreUnavailable;

    /** Ends every running lease of a revoked connector: leasable again at once. How many. */
    int endLeasesOf(String connectorId) throws StoreUnavailable;

    /** Cancels an unfinished request (a finished one is left as it is and returned). */
    Change cancel(String requestId) throws StoreUnavailable;

    /** Hands the sealed blob over once, deleting it in the same statement; empty when none is held. */
    Optional<SealedBlob> takeBlob(String requestId) throws StoreUnavailable;

    /** Newest first; {@code state} and {@code since} optional, {@code after} the last row of the previous page. */
    List<StoredRequest> list(RequestState state, Instant since, Position after, int limit) throws StoreUnavailable;

    Map<RequestState, Long> counts() throws StoreUnavailable;

    /** Closes requests past their deadline (EXPIRED) and deletes blobs finished before now minus {@code blobRetention}. */
    int housekeeping(Duration blobRetention) throws StoreUnavailable;

    /** The audit trail of one request, oldest first. */
    List<RequestEvent> events(String requestId) throws StoreUnavailable;

    /** The whole audit trail from {@code afterSeq} (exclusive), oldest first, at most {@code limit}: for checkers. */
    List<RequestEvent> events(long afterSeq, int limit) throws StoreUnavailable;
}
