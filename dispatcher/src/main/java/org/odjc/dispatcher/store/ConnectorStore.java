package org.odjc.dispatcher.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Enrollment tokens (only their SHA-256 digests), enrolled connectors and their certificates, and the
 * registry of heartbeats every replica shares. Token making and validation live above the port.
 */
public interface ConnectorStore {
    /** A heartbeat as stored; {@code diagnosticsJson} is the connector's last diagnosis, verbatim JSON or null. */
    record Heartbeat(String version, List<String> domains, List<String> capabilities, String health, List<String> codes,
            String diagnosticsJson, Instant at) {
    }

    /**
     * An enrolled connector (or one only heard from, when enrollment is not used): {@code revoked}
     * null when it is not; {@code lastHeartbeat} null before the first.
     */
    record ConnectorRecord(String connectorId, Instant enrolled, Instant certificateExpires, String serial,
            Instant revoked, String hostName, String version, List<String> domains, Instant lastContact,
            Heartbeat lastHeartbeat) {
    }

    /** Stores a new token's digest; times from the store's now. */
    void insertToken(String digest, String connectorId, Instant expires) throws StoreUnavailable;

    /** Spends the token of {@code digest} if unused and unexpired (one statement: two racing enrollments spend it once). */
    Optional<String> redeemToken(String digest) throws StoreUnavailable;

    /** The certificate just issued (enrollment or renewal); an enrollment clears a revocation. */
    void issued(String connectorId, Instant certificateExpires, String serial) throws StoreUnavailable;

    void enrolledFrom(String connectorId, String hostName, String version, List<String> domains) throws StoreUnavailable;

    /** Records a heartbeat at the store's now; returns that time. */
    Instant heard(String connectorId, Heartbeat heartbeat) throws StoreUnavailable;

    /** False when no such connector is enrolled. */
    boolean revoke(String connectorId) throws StoreUnavailable;

    Optional<ConnectorRecord> find(String connectorId) throws StoreUnavailable;

    List<ConnectorRecord> all() throws StoreUnavailable;

    /** Whether an unrevoked connector has named {@code domain} (lower-case) at enrollment or in a heartbeat: indexed, not a scan. */
    boolean servesDomain(String domain) throws StoreUnavailable;
}
