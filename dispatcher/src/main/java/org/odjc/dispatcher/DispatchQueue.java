package org.odjc.dispatcher;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The dispatcher's queue of join requests and its lease rules (docs/protocol.md, "Leases and
 * fencing"), in one SQLite file so leases survive a restart:
 * <ul>
 * <li>a request is leased to one connector at a time, only to one that serves its domain; each
 *     lease carries a fencing token one higher than the last;</li>
 * <li>a result or an extension is accepted only with the current token, from the connector that
 *     received it; the same result twice is accepted once and answered twice;</li>
 * <li>an unreported lease expires and the request is queued again; a retryable failure queues it
 *     again; a request past its time-out is closed as expired;</li>
 * <li>blobs are kept encrypted (AES-256-GCM, the request id as associated data), handed to the
 *     requester once and then deleted, or deleted after the retention period.</li>
 * </ul>
 * Thread-safe: one connection, used under this object's lock; time comes from the injected clock.
 */
public final class DispatchQueue implements AutoCloseable {
    /** What a connector may learn, and what the admin side sees. */
    public enum State {
        QUEUED, LEASED, SUCCEEDED, FAILED, CANCELLED, EXPIRED;

        boolean isFinished() {
            return this == SUCCEEDED || this == FAILED || this == CANCELLED || this == EXPIRED;
        }
    }

    /** A request as submitted; exactly one of {@code computerName} and {@code computerNamePrefix}. */
    public record Submission(String requestId, String domain, String ou, String computerName, String computerNamePrefix,
            String deviceId) {
    }

    public record Lease(Submission request, long fencingToken, Instant expires) {
    }

    /** A connector's result: {@code blob} set for a success, {@code code} for a failure. */
    public record Result(String computerName, String dn, String sid, String dc, byte[] blob, String code, String message,
            boolean retryable) {
        public boolean succeeded() {
            return blob != null;
        }

        @Override
        public String toString() {
            return "Result[" + (succeeded() ? computerName + ", blob=(redacted)" : code) + "]";
        }
    }

    /** The connector's view (protocol {@code status}). */
    public record ConnectorView(String requestId, String state, boolean leasedToYou, Long fencingToken, Instant expires,
            String resultBy) {
    }

    /**
     * The admin's view; {@code blob} is present only on the one read that hands it over,
     * {@code blobHeld} says whether the dispatcher still holds one to hand over.
     */
    public record AdminView(String requestId, State state, Instant submitted, Instant finished, String connectorId,
            String computerName, String dn, String sid, String dc, byte[] blob, Instant blobFetched, String code,
            String message, boolean blobHeld, String domain, String deviceId) {
        @Override
        public String toString() {
            return "AdminView[" + requestId + ", " + state + (blob == null ? "" : ", blob=(redacted)") + "]";
        }
    }

    /** A submit's answer: the request's view, and whether this submit queued it (false: a repeat). */
    public record Submitted(AdminView view, boolean created) {
    }

    /** A page of {@link #list}: newest first, no blobs; {@code nextCursor} null on the last page. */
    public record Page(List<AdminView> requests, String nextCursor) {
    }

    /** A refusal, with the protocol's {@code error} id. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final String error;

        public Refused(String error, String detail) {
            super(detail);
            this.error = error;
        }

        /** {@code bad-request}, {@code not-found}, {@code forbidden}, {@code lease-lost} or {@code conflict}. */
        public String error() {
            return error;
        }
    }

    private static final int GCM_TAG_BITS = 128;
    private static final int IV_BYTES = 12;

    private final Connection db;
    private final SecretKeySpec key;
    private final Clock clock;
    private final Duration leaseTime;
    private final Duration requestTimeout;
    private final Duration blobRetention;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param blobKey 32 bytes: the key blobs are encrypted with at rest
     */
    public DispatchQueue(Path file, byte[] blobKey, Clock clock, Duration leaseTime, Duration requestTimeout,
            Duration blobRetention) throws SQLException {
        if (blobKey.length != 32) {
            throw new IllegalArgumentException("the blob key is 32 bytes (AES-256), not " + blobKey.length);
        }
        this.key = new SecretKeySpec(blobKey.clone(), "AES");
        this.clock = clock;
        this.leaseTime = leaseTime;
        this.requestTimeout = requestTimeout;
        this.blobRetention = blobRetention;
        this.db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement st = db.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("PRAGMA synchronous=FULL");
            st.execute("""
                    CREATE TABLE IF NOT EXISTS requests (
                      id TEXT PRIMARY KEY,
                      domain TEXT NOT NULL,
                      ou TEXT,
                      computer_name TEXT,
                      computer_name_prefix TEXT,
                      device_id TEXT NOT NULL,
                      state TEXT NOT NULL,
                      submitted_ms INTEGER NOT NULL,
                      deadline_ms INTEGER NOT NULL,
                      holder TEXT,
                      fencing_token INTEGER NOT NULL DEFAULT 0,
                      lease_expires_ms INTEGER,
                      finished_ms INTEGER,
                      result_name TEXT, result_dn TEXT, result_sid TEXT, result_dc TEXT,
                      blob BLOB,
                      blob_fetched_ms INTEGER,
                      failure_code TEXT, failure_message TEXT
                    )""");
            st.execute("CREATE INDEX IF NOT EXISTS queued_by_domain ON requests (state, domain, submitted_ms)");
        }
    }

    /**
     * Queues a request; the same id with the same fields answers with its current view (an MDM
     * may retry a submit), with other fields it is refused ({@code conflict}).
     */
    public synchronized AdminView submit(Submission s) throws Refused, SQLException {
        return submitRequest(s).view();
    }

    /** {@link #submit}, saying whether this call queued the request or found it queued before. */
    public synchronized Submitted submitRequest(Submission s) throws Refused, SQLException {
        validate(s);
        Optional<Submission> existing = submission(s.requestId());
        if (existing.isPresent()) {
            if (!existing.get().equals(s)) {
                throw new Refused("conflict", "request " + s.requestId() + " was submitted with other fields");
            }
            return new Submitted(view(s.requestId(), false), false);
        }
        Instant now = clock.instant();
        try (PreparedStatement st = db.prepareStatement("INSERT INTO requests (id, domain, ou, computer_name, "
                + "computer_name_prefix, device_id, state, submitted_ms, deadline_ms) VALUES (?,?,?,?,?,?,'QUEUED',?,?)")) {
            st.setString(1, s.requestId());
            st.setString(2, s.domain().toLowerCase(Locale.ROOT));
            st.setString(3, s.ou());
            st.setString(4, s.computerName());
            st.setString(5, s.computerNamePrefix());
            st.setString(6, s.deviceId());
            st.setLong(7, now.toEpochMilli());
            st.setLong(8, now.plus(requestTimeout).toEpochMilli());
            st.executeUpdate();
        }
        return new Submitted(view(s.requestId(), false), true);
    }

    /** Up to {@code max} queued requests of {@code domains}, oldest first, leased to {@code connectorId}. */
    public synchronized List<Lease> lease(String connectorId, Set<String> domains, int max) throws SQLException {
        housekeeping();
        List<Lease> out = new ArrayList<>();
        if (domains.isEmpty() || max < 1) {
            return out;
        }
        Instant expires = clock.instant().plus(leaseTime);
        String marks = String.join(",", Collections.nCopies(domains.size(), "?"));
        List<String> ids = new ArrayList<>();
        try (PreparedStatement st = db.prepareStatement("SELECT id FROM requests WHERE state = 'QUEUED' AND domain IN ("
                + marks + ") ORDER BY submitted_ms, id LIMIT ?")) {
            int i = 1;
            for (String d : domains) {
                st.setString(i++, d.toLowerCase(Locale.ROOT));
            }
            st.setInt(i, max);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        for (String id : ids) {
            try (PreparedStatement st = db.prepareStatement("UPDATE requests SET state = 'LEASED', holder = ?, "
                    + "fencing_token = fencing_token + 1, lease_expires_ms = ? WHERE id = ?")) {
                st.setString(1, connectorId);
                st.setLong(2, expires.toEpochMilli());
                st.setString(3, id);
                st.executeUpdate();
            }
            out.add(new Lease(submission(id).orElseThrow(), token(id), expires));
        }
        return out;
    }

    /** Extends a lease the caller holds under {@code token}; {@code lease-lost} otherwise. */
    public synchronized Instant extend(String connectorId, String requestId, long token, Duration by)
            throws Refused, SQLException {
        housekeeping();
        requireCurrentLease(connectorId, requestId, token);
        Instant expires = clock.instant().plus(by);
        try (PreparedStatement st = db.prepareStatement(
                "UPDATE requests SET state = 'LEASED', lease_expires_ms = ? WHERE id = ?")) {
            st.setLong(1, expires.toEpochMilli());
            st.setString(2, requestId);
            st.executeUpdate();
        }
        return expires;
    }

    /**
     * Takes a result under {@code token}. The holder's same result again is accepted again; a
     * stale token or another connector's is {@code lease-lost}. A retryable failure queues the
     * request again for the next lease.
     */
    public synchronized void result(String connectorId, String requestId, long token, Result r)
            throws Refused, SQLException {
        housekeeping();
        Row row = row(requestId);
        if (row.state.isFinished() && connectorId.equals(row.holder) && row.token == token
                && (row.state == State.SUCCEEDED) == r.succeeded()) {
            return; // the same report again (its answer was lost): harmless
        }
        requireCurrentLease(connectorId, requestId, token);
        long now = clock.instant().toEpochMilli();
        if (r.succeeded()) {
            try (PreparedStatement st = db.prepareStatement("UPDATE requests SET state = 'SUCCEEDED', finished_ms = ?, "
                    + "result_name = ?, result_dn = ?, result_sid = ?, result_dc = ?, blob = ?, lease_expires_ms = NULL "
                    + "WHERE id = ?")) {
                st.setLong(1, now);
                st.setString(2, r.computerName());
                st.setString(3, r.dn());
                st.setString(4, r.sid());
                st.setString(5, r.dc());
                st.setBytes(6, seal(requestId, r.blob()));
                st.setString(7, requestId);
                st.executeUpdate();
            }
        } else {
            try (PreparedStatement st = db.prepareStatement("UPDATE requests SET state = ?, finished_ms = ?, "
                    + "failure_code = ?, failure_message = ?, lease_expires_ms = NULL WHERE id = ?")) {
                st.setString(1, r.retryable() ? "QUEUED" : "FAILED");
                if (r.retryable()) {
                    st.setNull(2, Types.INTEGER);
                } else {
                    st.setLong(2, now);
                }
                st.setString(3, r.code());
                st.setString(4, r.message());
                st.setString(5, requestId);
                st.executeUpdate();
            }
        }
    }

    /** What crash recovery asks (protocol {@code status}). */
    public synchronized ConnectorView connectorView(String connectorId, String requestId) throws Refused, SQLException {
        housekeeping();
        Row row = row(requestId);
        boolean ours = row.state == State.LEASED && connectorId.equals(row.holder);
        String state = switch (row.state) {
            case QUEUED -> "queued";
            case LEASED -> "leased";
            case SUCCEEDED, FAILED -> "finished";
            case CANCELLED -> "cancelled";
            case EXPIRED -> "expired";
        };
        return new ConnectorView(requestId, state, ours, ours ? row.token : null, ours ? row.leaseExpires : null,
                row.state == State.SUCCEEDED || row.state == State.FAILED ? row.holder : null);
    }

    /**
     * The admin's view; the first read after a success hands the blob over and deletes it (v1's
     * inline hand-over, deprecated: {@link #adminViewWithoutBlob} and {@link #takeBlob} instead).
     */
    public synchronized AdminView adminView(String requestId) throws Refused, SQLException {
        housekeeping();
        row(requestId);
        return view(requestId, true);
    }

    /** The admin's view without the blob: reading it consumes nothing. */
    public synchronized AdminView adminViewWithoutBlob(String requestId) throws Refused, SQLException {
        housekeeping();
        row(requestId);
        return view(requestId, false);
    }

    /**
     * Hands the blob over once and deletes it. Refused: {@code not-found} (no such request, or no
     * success), {@code blob-already-retrieved}, {@code blob-expired} (the retention period passed).
     */
    public synchronized byte[] takeBlob(String requestId) throws Refused, SQLException {
        housekeeping();
        Row row = row(requestId);
        if (row.state != State.SUCCEEDED) {
            throw new Refused("not-found", "request " + requestId + " has no blob: it is " + row.state.name().toLowerCase());
        }
        AdminView v = view(requestId, true);
        if (v.blob() != null) {
            return v.blob();
        }
        if (v.blobFetched() != null) {
            throw new Refused("blob-already-retrieved", "the blob of " + requestId + " was handed over at "
                    + v.blobFetched() + " and deleted; it is handed over once");
        }
        throw new Refused("blob-expired", "the blob of " + requestId + " was not fetched within the retention period"
                + " and was deleted");
    }

    /**
     * Requests newest first (submit time, then id), optionally of one {@code state} and submitted at
     * or after {@code since}; {@code limit} per page, continued by the opaque {@code cursor} of the
     * previous page. Reads no blob.
     */
    public synchronized Page list(State state, Instant since, int limit, String cursor) throws Refused, SQLException {
        if (limit < 1 || limit > 1000) {
            throw new Refused("bad-request", "limit must be 1-1000");
        }
        housekeeping();
        long afterMs = Long.MAX_VALUE;
        String afterId = null;
        if (cursor != null) {
            try {
                String c = new String(java.util.Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                int colon = c.indexOf(':');
                afterMs = Long.parseLong(c.substring(0, colon));
                afterId = c.substring(colon + 1);
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                throw new Refused("bad-request", "cursor is not one this dispatcher gave out");
            }
        }
        StringBuilder sql = new StringBuilder("SELECT id, submitted_ms FROM requests WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (state != null) {
            sql.append(" AND state = ?");
            args.add(state.name());
        }
        if (since != null) {
            sql.append(" AND submitted_ms >= ?");
            args.add(since.toEpochMilli());
        }
        if (afterId != null) {
            sql.append(" AND (submitted_ms < ? OR (submitted_ms = ? AND id < ?))");
            args.add(afterMs);
            args.add(afterMs);
            args.add(afterId);
        }
        sql.append(" ORDER BY submitted_ms DESC, id DESC LIMIT ?");
        args.add(limit + 1);
        List<String> ids = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        try (PreparedStatement st = db.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                st.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                    times.add(rs.getLong(2));
                }
            }
        }
        String next = null;
        if (ids.size() > limit) {
            next = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                    (times.get(limit - 1) + ":" + ids.get(limit - 1)).getBytes(StandardCharsets.UTF_8));
            ids = ids.subList(0, limit);
        }
        List<AdminView> out = new ArrayList<>();
        for (String id : ids) {
            out.add(view(id, false));
        }
        return new Page(out, next);
    }

    /** Cancels a request that has not finished. */
    public synchronized AdminView cancel(String requestId) throws Refused, SQLException {
        housekeeping();
        Row row = row(requestId);
        if (!row.state.isFinished()) {
            setState(requestId, State.CANCELLED);
        }
        return view(requestId, false);
    }

    /** How many requests are in each state (for metrics and tests; reads no blob). */
    public synchronized Map<State, Integer> stateCounts() throws SQLException {
        housekeeping();
        Map<State, Integer> out = new EnumMap<>(State.class);
        try (Statement st = db.createStatement();
                ResultSet rs = st.executeQuery("SELECT state, COUNT(*) FROM requests GROUP BY state")) {
            while (rs.next()) {
                out.put(State.valueOf(rs.getString(1)), rs.getInt(2));
            }
        }
        return out;
    }

    // ---- rules

    /** Expired leases queue their request again; requests past their time-out close; old blobs go. */
    /**
     * Ends every lease {@code connectorId} holds now (a revoked connector): the requests go back to
     * the queue for another connector; their fencing tokens grow at the next lease, so a late result
     * under the old token is refused.
     */
    public synchronized int endLeasesOf(String connectorId) throws SQLException {
        try (PreparedStatement st = db.prepareStatement(
                "UPDATE requests SET lease_expires_ms = ? WHERE state = 'LEASED' AND holder = ?")) {
            st.setLong(1, clock.instant().toEpochMilli());
            st.setString(2, connectorId);
            int n = st.executeUpdate();
            housekeeping();
            return n;
        }
    }

    private void housekeeping() throws SQLException {
        long now = clock.instant().toEpochMilli();
        try (Statement st = db.createStatement()) {
            st.executeUpdate("UPDATE requests SET state = 'EXPIRED', finished_ms = " + now
                    + " WHERE state IN ('QUEUED', 'LEASED') AND deadline_ms <= " + now);
            st.executeUpdate("UPDATE requests SET state = 'QUEUED' WHERE state = 'LEASED' AND lease_expires_ms <= " + now);
            st.executeUpdate("UPDATE requests SET blob = NULL WHERE blob IS NOT NULL AND finished_ms <= "
                    + (now - blobRetention.toMillis()));
        }
    }

    /**
     * The caller holds the current lease: same connector, same token, and nobody leased it since
     * (an expired lease that was not handed out again still counts: no one else can hold a blob).
     */
    private void requireCurrentLease(String connectorId, String requestId, long token) throws Refused, SQLException {
        Row row = row(requestId);
        if ((row.state != State.LEASED && row.state != State.QUEUED) || !connectorId.equals(row.holder)
                || row.token != token) {
            throw new Refused("lease-lost", "request " + requestId + " is " + row.state.name().toLowerCase()
                    + (row.holder == null ? "" : " (last leased under fencing token " + row.token + ")")
                    + "; this message carries " + token);
        }
    }

    private static void validate(Submission s) throws Refused {
        refuseControlCharacters("requestId", s.requestId());
        refuseControlCharacters("deviceId", s.deviceId());
        refuseControlCharacters("computerName", s.computerName());
        refuseControlCharacters("computerNamePrefix", s.computerNamePrefix());
        refuseControlCharacters("ou", s.ou());
        if (s.requestId() == null || !s.requestId().matches("[A-Za-z0-9._-]{1,64}")) {
            throw new Refused("bad-request", "requestId must be 1-64 letters, digits, '.', '_' or '-'");
        }
        if (s.domain() == null || !s.domain().matches("(?i)[a-z0-9_-]{1,63}(\\.[a-z0-9_-]{1,63})*") || s.domain().length() > 253) {
            throw new Refused("bad-request", "domain must be a DNS name");
        }
        if ((s.computerName() == null) == (s.computerNamePrefix() == null)) {
            throw new Refused("bad-request", "give exactly one of computerName and computerNamePrefix");
        }
        if (s.computerName() != null && !s.computerName().matches("[A-Za-z0-9-]{1,15}")) {
            throw new Refused("bad-request", "computerName must be 1-15 letters, digits or '-'");
        }
        if (s.computerNamePrefix() != null && !s.computerNamePrefix().matches("[A-Za-z0-9][A-Za-z0-9-]{0,11}")) {
            throw new Refused("bad-request", "computerNamePrefix must be 1-12 letters, digits or '-', not starting with '-'");
        }
        if (s.ou() != null && (s.ou().isBlank() || s.ou().length() > 2048)) {
            throw new Refused("bad-request", "ou must be a DN of at most 2048 characters");
        }
        if (s.deviceId() == null || s.deviceId().isEmpty() || s.deviceId().length() > 128) {
            throw new Refused("bad-request", "deviceId must be 1-128 characters");
        }
    }

    /**
     * Refuses a value holding a character that can rewrite a terminal, a log or a table when shown:
     * Unicode Cc (C0, DEL, C1), the bidi controls U+202A-202E and U+2066-2069, U+2028 and U+2029.
     */
    static void refuseControlCharacters(String field, String value) throws Refused {
        if (value == null) {
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Visible.isControl(c)) {
                throw new Refused("bad-request", String.format("%s: control character U+%04X at index %d is refused"
                        + " (control, bidi and line-separator characters are not allowed)", field, (int) c, i));
            }
        }
    }

    // ---- storage

    private record Row(State state, String holder, long token, Instant leaseExpires) {
    }

    private Row row(String requestId) throws Refused, SQLException {
        try (PreparedStatement st = db.prepareStatement(
                "SELECT state, holder, fencing_token, lease_expires_ms FROM requests WHERE id = ?")) {
            st.setString(1, requestId);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw new Refused("not-found", "no request " + requestId);
                }
                long expires = rs.getLong(4);
                return new Row(State.valueOf(rs.getString(1)), rs.getString(2), rs.getLong(3),
                        rs.wasNull() ? null : Instant.ofEpochMilli(expires));
            }
        }
    }

    private long token(String id) throws SQLException {
        try (PreparedStatement st = db.prepareStatement("SELECT fencing_token FROM requests WHERE id = ?")) {
            st.setString(1, id);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private Optional<Submission> submission(String id) throws SQLException {
        try (PreparedStatement st = db.prepareStatement("SELECT domain, ou, computer_name, computer_name_prefix, device_id "
                + "FROM requests WHERE id = ?")) {
            st.setString(1, id);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Submission(id, rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5)));
            }
        }
    }

    private void setState(String id, State state) throws SQLException {
        try (PreparedStatement st = db.prepareStatement("UPDATE requests SET state = ?, finished_ms = ? WHERE id = ?")) {
            st.setString(1, state.name());
            st.setLong(2, clock.instant().toEpochMilli());
            st.setString(3, id);
            st.executeUpdate();
        }
    }

    private AdminView view(String id, boolean handOverBlob) throws SQLException {
        AdminView v;
        try (PreparedStatement st = db.prepareStatement("SELECT state, submitted_ms, finished_ms, holder, result_name, "
                + "result_dn, result_sid, result_dc, blob, blob_fetched_ms, failure_code, failure_message, domain, device_id "
                + "FROM requests WHERE id = ?")) {
            st.setString(1, id);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                State state = State.valueOf(rs.getString(1));
                byte[] sealed = rs.getBytes(9);
                long fetched = rs.getLong(10);
                Instant fetchedAt = rs.wasNull() ? null : Instant.ofEpochMilli(fetched);
                long finished = rs.getLong(3);
                Instant finishedAt = rs.wasNull() ? null : Instant.ofEpochMilli(finished);
                byte[] blob = handOverBlob && sealed != null ? open(id, sealed) : null;
                v = new AdminView(id, state, Instant.ofEpochMilli(rs.getLong(2)), finishedAt,
                        state.isFinished() || state == State.LEASED ? rs.getString(4) : null, rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getString(8), blob,
                        blob != null ? clock.instant() : fetchedAt, rs.getString(11), rs.getString(12),
                        sealed != null && blob == null, rs.getString(13), rs.getString(14));
            }
        }
        if (v.blob() != null) {
            try (PreparedStatement st = db.prepareStatement(
                    "UPDATE requests SET blob = NULL, blob_fetched_ms = ? WHERE id = ?")) {
                st.setLong(1, clock.instant().toEpochMilli());
                st.setString(2, id);
                st.executeUpdate();
            }
        }
        return v;
    }

    private byte[] seal(String requestId, byte[] plain) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(GCM_TAG_BITS, iv));
            c.updateAAD(requestId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = c.doFinal(plain);
            return ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is in every JDK", e);
        }
    }

    private byte[] open(String requestId, byte[] sealed) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(GCM_TAG_BITS, sealed, 0, IV_BYTES));
            c.updateAAD(requestId.getBytes(StandardCharsets.UTF_8));
            return c.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("blob of " + requestId + " does not open with this key (wrong key or tampered)",
                    e);
        }
    }

    @Override
    public synchronized void close() throws SQLException {
        db.close();
    }
}
