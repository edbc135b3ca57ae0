package org.odjc.provisioning;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.odjc.failure.ConnectorException;

/** Port: where leased requests come from (the dispatcher's long-poll). */
public interface WorkSource {
    /**
     * Up to {@code max} leased requests, waiting up to {@code wait} when none is queued; leases
     * whose fields break the protocol are reported failed by the source and not returned.
     */
    List<LeasedRequest> poll(int max, Duration wait) throws ConnectorException;

    /** Extends {@code lease}; {@code CLOUD-001} when it is no longer ours. */
    Instant extend(Lease lease, Duration by) throws ConnectorException;
}
