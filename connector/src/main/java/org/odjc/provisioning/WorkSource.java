package org.odjc.provisioning;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.odjc.domain.DomainDnsName;
import org.odjc.failure.ConnectorException;

/** Port: where leased requests come from (the dispatcher's long-poll). */
public interface WorkSource {
    /**
     * Up to {@code max} leased requests of the served domains but {@code paused}, waiting up to
     * {@code wait} when none is queued; leases whose fields break the protocol are reported failed by
     * the source and not returned. The service never asks with every served domain paused.
     */
    List<LeasedRequest> poll(int max, Duration wait, Set<DomainDnsName> paused) throws ConnectorException;

    /** Extends {@code lease}; {@code CLOUD-001} when it is no longer ours. */
    Instant extend(Lease lease, Duration by) throws ConnectorException;
}
