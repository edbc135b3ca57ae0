package org.odjc.dispatcher.store;

/**
 * The dispatcher's storage port: the request queue, the connectors (enrollment tokens, certificates,
 * heartbeats) and the wake-up signal. Implementations: SQLite (one process) and PostgreSQL (several
 * replicas on one database). No {@code java.sql} or Netty type crosses it; every implementation runs
 * the one contract test ({@code StoreContract}).
 *
 * <p>Rules every implementation keeps (docs/architecture.md §9):
 * <ul>
 * <li>every state change is one guarded statement (or one short transaction), correct when replicas
 *     and threads race, never check-then-act across statements;</li>
 * <li>every time it records or compares is the store's own now (the database's {@code now()} for
 *     PostgreSQL, the injected clock for SQLite), never a replica's clock;</li>
 * <li>every lease, extension, acknowledgement, release, expiry, accepted or refused result and blob
 *     hand-over appends a {@link RequestEvent}, in the same transaction as the change;</li>
 * <li>keys never enter it: blobs arrive sealed ({@link SealedBlob}) and leave sealed.</li>
 * </ul>
 */
public interface Store extends AutoCloseable {
    RequestStore requests();

    ConnectorStore connectors();

    /** Wakes long-polls parked on any replica when work may be there. */
    WakeUp wakeUp();

    /** Where it is, for logs: {@code sqlite:/var/lib/…/dispatcher.db}, {@code postgresql://host:5432/db}; no secret. */
    String describe();

    @Override
    void close();
}
