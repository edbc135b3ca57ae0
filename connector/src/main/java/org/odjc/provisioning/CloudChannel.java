package org.odjc.provisioning;

import org.odjc.failure.ConnectorException;

/** Port: the dispatcher, as the join workflow needs it. */
public interface CloudChannel {
    /**
     * Reports the result under {@code lease}. Posting the same result twice is harmless.
     *
     * @throws ConnectorException {@code CLOUD-001} when the dispatcher refused it because the lease
     *         is no longer ours (a definite answer); {@code CLOUD-002} when it is unknown whether the
     *         report arrived (time-out, connection lost)
     */
    void report(Lease lease, JoinResult result) throws ConnectorException;

    /** The request's status at the dispatcher; {@code CLOUD-002} when it cannot be asked. */
    RemoteStatus status(RequestId id) throws ConnectorException;
}
