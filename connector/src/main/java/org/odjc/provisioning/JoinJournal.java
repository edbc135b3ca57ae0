package org.odjc.provisioning;

import java.util.List;
import java.util.Optional;
import org.odjc.failure.ConnectorException;

/** Port: the durable record of every request's state changes. */
public interface JoinJournal {
    /** Appends the entries, in order, in one transaction; they are on stable storage when this returns. */
    void append(JournalEntry... entries) throws ConnectorException;

    /**
     * Appends the entries like {@link #append} and, in the same transaction, records {@code account}
     * as created (or adopted) by the connector: the journal's word, which cleanup requires before
     * it touches an account. Recording an account already recorded changes nothing.
     */
    void appendWithAccount(OwnedAccount account, JournalEntry... entries) throws ConnectorException;

    /** The last entry of a request. */
    Optional<JournalEntry> latest(RequestId id) throws ConnectorException;

    /** The last entry of every request that is not closed, oldest first: what recovery must settle. */
    List<JournalEntry> unfinished() throws ConnectorException;
}
