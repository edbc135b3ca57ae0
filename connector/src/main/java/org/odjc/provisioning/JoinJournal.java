package org.odjc.provisioning;

import java.util.List;
import java.util.Optional;
import org.odjc.failure.ConnectorException;

/** Port: the durable record of every request's state changes. */
public interface JoinJournal {
    /** Appends the entries, in order, in one transaction; they are on stable storage when this returns. */
    void append(JournalEntry... entries) throws ConnectorException;

    /** The last entry of a request. */
    Optional<JournalEntry> latest(RequestId id) throws ConnectorException;

    /** The last entry of every request that is not closed, oldest first: what recovery must settle. */
    List<JournalEntry> unfinished() throws ConnectorException;
}
