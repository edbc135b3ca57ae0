package org.odjc.provisioning;

import org.odjc.failure.ConnectorException;

/** Port: what the service loop asks of the join workflow. */
public interface RequestProcessor {
    /** @see JoinWorkflow#process */
    JournalEntry process(JoinRequest request, Lease lease) throws ConnectorException;

    /** @see JoinWorkflow#handBack */
    JournalEntry handBack(JoinRequest request, Lease lease, ConnectorException why) throws ConnectorException;

    /** @see JoinWorkflow#recover */
    void recover() throws ConnectorException;
}
