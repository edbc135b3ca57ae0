package org.odjc.dispatcher.store;

import java.time.Instant;

/**
 * A request as stored (never its blob: that leaves only through {@link RequestStore#takeBlob}).
 *
 * @param holder the connector of the latest lease (kept after it ends: it names who reported)
 * @param fencingToken the latest lease's token; 0 before the first lease
 * @param leaseExpires when the latest lease ends; null when none is running
 * @param acknowledged whether the latest lease was acknowledged (capability {@code ack})
 * @param attempts how many leases were granted
 * @param nextAttemptAt the earliest time of the next lease (back-off); null: at once
 * @param blobHeld whether a sealed blob is still held to hand over
 */
public record StoredRequest(String requestId, String domain, String ou, String computerName, String computerNamePrefix,
        String deviceId, RequestState state, Instant submitted, Instant deadline, Instant finished, String holder,
        long fencingToken, Instant leaseExpires, boolean acknowledged, int attempts, Instant nextAttemptAt,
        String resultName, String resultDn, String resultSid, String resultDc, boolean blobHeld, Instant blobFetched,
        String failureCode, String failureMessage) {
}
