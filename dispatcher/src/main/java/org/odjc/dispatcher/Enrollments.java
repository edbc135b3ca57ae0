package org.odjc.dispatcher;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.odjc.dispatcher.DispatchQueue.Refused;

/**
 * One-time, expiring enrollment tokens and the connectors they enrolled, in the dispatcher's
 * SQLite file. Only a token's SHA-256 is stored: a copy of the database enrolls nobody. A token is
 * spent by the first enrollment that presents it, atomically, even when two race.
 */
public final class Enrollments implements AutoCloseable {
    /** What {@code POST /v1/admin/enrollment-tokens} hands out; the token itself is shown once. */
    public record Token(String token, String connectorId, Instant expires) {
        @Override
        public String toString() {
            return "Token[" + connectorId + ", until " + expires + "]";
        }
    }

    /**
     * An enrolled connector, its latest certificate, when it was revoked (null: it was not), the host
     * name it enrolled from, and the version and domains of its enrollment or latest heartbeat with
     * the time of that contact (null when not known: a database from before they were kept).
     */
    public record Enrolled(String connectorId, Instant enrolled, Instant certificateExpires, String serial, Instant revoked,
            String hostName, String version, List<String> domains, Instant lastContact) {
    }

    static final String ID_PATTERN = "[A-Za-z0-9._-]{1,64}";
    static final Duration MAX_TOKEN_LIFETIME = Duration.ofDays(7);

    private final Connection db;
    private final Clock clock;
    private final SecureRandom random;

    public Enrollments(Path file, Clock clock, SecureRandom random) throws SQLException {
        this.clock = clock;
        this.random = random;
        this.db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement st = db.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("PRAGMA synchronous=FULL");
            st.execute("PRAGMA busy_timeout=5000");
            st.execute("""
                    CREATE TABLE IF NOT EXISTS enrollment_tokens (
                      digest TEXT PRIMARY KEY,
                      connector_id TEXT NOT NULL,
                      created_ms INTEGER NOT NULL,
                      expires_ms INTEGER NOT NULL,
                      used_ms INTEGER
                    )""");
            st.execute("""
                    CREATE TABLE IF NOT EXISTS connectors (
                      connector_id TEXT PRIMARY KEY,
                      enrolled_ms INTEGER NOT NULL,
                      certificate_expires_ms INTEGER NOT NULL,
                      serial TEXT NOT NULL
                    )""");
            java.util.Set<String> columns = new java.util.HashSet<>();
            try (ResultSet rs = st.executeQuery("PRAGMA table_info(connectors)")) {
                while (rs.next()) {
                    columns.add(rs.getString("name"));
                }
            }
            // a database from before these columns: add them, keep every row
            for (String column : List.of("revoked_ms INTEGER", "host_name TEXT", "version TEXT", "domains TEXT",
                    "last_contact_ms INTEGER")) {
                if (!columns.contains(column.substring(0, column.indexOf(' ')))) {
                    st.execute("ALTER TABLE connectors ADD COLUMN " + column);
                }
            }
        }
    }

    /**
     * A new token for {@code connectorId} (empty: one is made up), valid for {@code validFor}.
     * Refused when that connector already enrolled: a second enrollment under the same id would let
     * two machines act as one.
     */
    public synchronized Token create(String connectorId, Duration validFor) throws Refused, SQLException {
        if (validFor.isNegative() || validFor.isZero() || validFor.compareTo(MAX_TOKEN_LIFETIME) > 0) {
            throw new Refused("bad-request", "a token is valid for 1 minute to 7 days");
        }
        String id = connectorId == null || connectorId.isBlank() ? "connector-" + hex(4) : connectorId;
        if (!id.matches(ID_PATTERN)) {
            throw new Refused("bad-request", "connectorId is 1-64 letters, digits, '.', '_' or '-'");
        }
        if (enrolled(id) && !revoked(id)) {
            throw new Refused("conflict", id + " is enrolled; revoke it first (odjc-dispatcher revoke " + id + ")");
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = "odjc-enroll-" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant now = clock.instant();
        Instant expires = now.plus(validFor);
        try (PreparedStatement ps = db.prepareStatement(
                "INSERT INTO enrollment_tokens (digest, connector_id, created_ms, expires_ms) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, digest(token));
            ps.setString(2, id);
            ps.setLong(3, now.toEpochMilli());
            ps.setLong(4, expires.toEpochMilli());
            ps.executeUpdate();
        }
        return new Token(token, id, expires);
    }

    /**
     * Spends {@code token}; returns the connector id it was made for. Unknown, spent and expired
     * tokens are all refused alike, so a guesser learns nothing.
     */
    public synchronized String redeem(String token) throws Refused, SQLException {
        if (token == null || token.length() > 200) {
            throw new Refused("unauthenticated", "not a valid enrollment token");
        }
        long now = clock.millis();
        try (PreparedStatement ps = db.prepareStatement(
                "UPDATE enrollment_tokens SET used_ms = ? WHERE digest = ? AND used_ms IS NULL AND expires_ms > ?"
                        + " RETURNING connector_id")) {
            ps.setLong(1, now);
            ps.setString(2, digest(token));
            ps.setLong(3, now);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new Refused("unauthenticated", "the enrollment token is unknown, used or expired;"
                            + " create a new one (odjc-dispatcher token)");
                }
                return rs.getString(1);
            }
        }
    }

    /** Records the certificate just issued to {@code connectorId} (enrollment or renewal). */
    public synchronized void issued(String connectorId, Instant certificateExpires, String serial) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("""
                INSERT INTO connectors (connector_id, enrolled_ms, certificate_expires_ms, serial) VALUES (?, ?, ?, ?)
                ON CONFLICT (connector_id) DO UPDATE SET certificate_expires_ms = excluded.certificate_expires_ms,
                  serial = excluded.serial, revoked_ms = NULL""")) {
            ps.setString(1, connectorId);
            ps.setLong(2, clock.millis());
            ps.setLong(3, certificateExpires.toEpochMilli());
            ps.setString(4, serial);
            ps.executeUpdate();
        }
    }

    /** What the connector said at enrollment: its host name, version and domains. */
    public synchronized void enrolledFrom(String connectorId, String hostName, String version, List<String> domains)
            throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("UPDATE connectors SET host_name = ?, version = ?, domains = ?,"
                + " last_contact_ms = ? WHERE connector_id = ?")) {
            ps.setString(1, hostName);
            ps.setString(2, version);
            ps.setString(3, domains == null ? null : String.join("\n", domains));
            ps.setLong(4, clock.millis());
            ps.setString(5, connectorId);
            ps.executeUpdate();
        }
    }

    /** A heartbeat of an enrolled connector: its version and domains now (no row for one not enrolled here). */
    public synchronized void heard(String connectorId, String version, List<String> domains, Instant at)
            throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(
                "UPDATE connectors SET version = ?, domains = ?, last_contact_ms = ? WHERE connector_id = ?")) {
            ps.setString(1, version);
            ps.setString(2, domains == null ? null : String.join("\n", domains));
            ps.setLong(3, at.toEpochMilli());
            ps.setString(4, connectorId);
            ps.executeUpdate();
        }
    }

    /**
     * Revokes {@code connectorId}: from now on every request under any certificate naming it is
     * refused, renewal included, until it enrolls again with a new token.
     */
    public synchronized void revoke(String connectorId) throws Refused, SQLException {
        try (PreparedStatement ps = db.prepareStatement(
                "UPDATE connectors SET revoked_ms = ? WHERE connector_id = ? AND revoked_ms IS NULL")) {
            ps.setLong(1, clock.millis());
            ps.setString(2, connectorId);
            if (ps.executeUpdate() == 0 && !revoked(connectorId)) {
                throw new Refused("not-found", connectorId + " is not enrolled here");
            }
        }
    }

    public synchronized boolean revoked(String connectorId) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(
                "SELECT 1 FROM connectors WHERE connector_id = ? AND revoked_ms IS NOT NULL")) {
            ps.setString(1, connectorId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    public synchronized boolean enrolled(String connectorId) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("SELECT 1 FROM connectors WHERE connector_id = ?")) {
            ps.setString(1, connectorId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    public synchronized List<Enrolled> connectors() throws SQLException {
        List<Enrolled> out = new ArrayList<>();
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT connector_id, enrolled_ms, certificate_expires_ms, serial, revoked_ms, host_name, version, domains,"
                        + " last_contact_ms FROM connectors ORDER BY connector_id")) {
            while (rs.next()) {
                long revokedMs = rs.getLong(5);
                Instant revoked = rs.wasNull() ? null : Instant.ofEpochMilli(revokedMs); // wasNull: of the column just read
                long contactMs = rs.getLong(9);
                Instant contact = rs.wasNull() ? null : Instant.ofEpochMilli(contactMs);
                String domains = rs.getString(8);
                out.add(new Enrolled(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)),
                        Instant.ofEpochMilli(rs.getLong(3)), rs.getString(4), revoked, rs.getString(6), rs.getString(7),
                        domains == null ? null : domains.isEmpty() ? List.of() : List.of(domains.split("\n")), contact));
            }
        }
        return out;
    }

    private String hex(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String digest(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() throws SQLException {
        db.close();
    }
}
