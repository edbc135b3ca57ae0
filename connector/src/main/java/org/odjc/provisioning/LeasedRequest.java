package org.odjc.provisioning;

import java.util.Objects;

/** A request and this connector's lease on it, as the dispatcher handed them over. */
public record LeasedRequest(JoinRequest request, Lease lease) {
    public LeasedRequest {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(lease, "lease");
        if (!request.id().equals(lease.requestId())) {
            throw new IllegalArgumentException("lease of " + lease.requestId() + " given for " + request.id());
        }
    }
}
