package org.odjc.provisioning;

import java.time.Instant;
import java.util.Objects;

/**
 * This connector's lease on a request. The fencing token is the lease's generation: the
 * dispatcher refuses a result or an extension carrying an older one, so a connector that lost its
 * lease (paused, partitioned) can never overwrite the result of the one that took over.
 */
public record Lease(RequestId requestId, long fencingToken, Instant expires) {
    public Lease {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(expires, "expires");
        if (fencingToken < 1) {
            throw new IllegalArgumentException("fencing tokens start at 1: " + fencingToken);
        }
    }
}
