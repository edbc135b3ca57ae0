package org.odjc.journal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.odjc.domain.ComputerName;
import org.odjc.domain.DistinguishedName;
import org.odjc.domain.DomainDnsName;
import org.odjc.domain.Guid;
import org.odjc.domain.Sid;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.provisioning.AccountLedger;
import org.odjc.provisioning.HaltLatches;
import org.odjc.provisioning.JoinJournal;
import org.odjc.provisioning.JoinRequest;
import org.odjc.provisioning.JournalEntry;
import org.odjc.provisioning.NameRequest;
import org.odjc.provisioning.OwnedAccount;
import org.odjc.provisioning.RequestId;
import org.odjc.provisioning.RequestState;

/**
 * The request journal in one SQLite file: WAL with {@code synchronous=FULL}, so an append is on
 * disk when it returns and survives power loss. Two tables: {@code requests} (what was asked, once)
 * and {@code events} (every state change, in order). {@code PRAGMA user_version} holds the schema
 * version; {@link #MIGRATIONS} bring an older file up to date in one transaction, and a newer file
 * is refused rather than guessed at. Since version 2 a third table, {@code accounts}, records each
 * created account's {@code objectGUID} for cleanup, and {@link #prune} keeps the file bounded. Since
 * version 3 a fourth, {@code halts}, holds the domains latched until {@code odjc halt clear}.
 * Thread-safe: one connection, used under this object's lock.
 */
public final class SqliteJoinJournal implements JoinJournal, AccountLedger, HaltLatches, AutoCloseable {
    /** Schema versions in order; index i migrates version i to i + 1. Append, never edit. */
    static final List<String[]> MIGRATIONS = List.<String[]>of(
            new String[] {
                """
                CREATE TABLE requests (
                  id TEXT PRIMARY KEY,
                  domain TEXT NOT NULL,
                  ou TEXT,
                  name_kind TEXT NOT NULL CHECK (name_kind IN ('exact', 'prefix')),
                  name_value TEXT NOT NULL,
                  device_id TEXT NOT NULL
                )""",
                """
                CREATE TABLE events (
                  seq INTEGER PRIMARY KEY AUTOINCREMENT,
                  request_id TEXT NOT NULL REFERENCES requests(id),
                  state TEXT NOT NULL,
                  fencing_token INTEGER NOT NULL,
                  computer_name TEXT,
                  dn TEXT,
                  sid TEXT,
                  dc TEXT,
                  code TEXT,
                  detail TEXT NOT NULL,
                  at_ms INTEGER NOT NULL
                )""",
                "CREATE INDEX events_by_request ON events (request_id, seq)",
            },
            // 2: the accounts the connector created, by objectGUID, for cleanup (issue 7). No foreign
            // key to requests: a request's history may age out while its account still exists.
            new String[] {
                """
                CREATE TABLE accounts (
                  object_guid TEXT PRIMARY KEY,
                  request_id TEXT NOT NULL,
                  domain TEXT NOT NULL,
                  dn TEXT NOT NULL,
                  sid TEXT NOT NULL,
                  tag TEXT NOT NULL,
                  created_at_ms INTEGER NOT NULL,
                  password_set_at_ms INTEGER NOT NULL,
                  disabled_at_ms INTEGER,
                  deleted_at_ms INTEGER,
                  deleted_why TEXT,
                  used_at_ms INTEGER,
                  used_why TEXT
                )""",
                "CREATE INDEX accounts_by_domain ON accounts (domain, deleted_at_ms, used_at_ms)",
                "CREATE INDEX events_by_time ON events (at_ms)",
            },
            // 3: domains latched by a LATCH failure until odjc halt clear (issue #13). Here, not at the
            // admin endpoint: only the service account and root may write the state directory, so the
            // file's permissions are what authenticates a clear.
            new String[] {
                """
                CREATE TABLE halts (
                  domain TEXT PRIMARY KEY,
                  code TEXT NOT NULL,
                  since_ms INTEGER NOT NULL,
                  detail TEXT NOT NULL
                )""",
            });
    public static final int SCHEMA_VERSION = MIGRATIONS.size();

    private static final String COLUMNS = "r.id, r.domain, r.ou, r.name_kind, r.name_value, r.device_id, e.state, "
            + "e.fencing_token, e.computer_name, e.dn, e.sid, e.dc, e.code, e.detail, e.at_ms";

    private final Connection db;
    private final String where;

    private SqliteJoinJournal(Connection db, String where) {
        this.db = db;
        this.where = where;
    }

    /** Opens (creating or migrating) the journal at {@code file}. */
    public static SqliteJoinJournal open(Path file) throws ConnectorException {
        String where = file.toString();
        try {
            Connection db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement st = db.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=FULL");
                st.execute("PRAGMA foreign_keys=ON");
                st.execute("PRAGMA busy_timeout=10000");
            }
            migrate(db, where);
            return new SqliteJoinJournal(db, where);
        } catch (SQLException e) {
            throw unavailable(where, "opening", e);
        }
    }

    /** The schema version of the file, as {@code PRAGMA user_version} records it. */
    public synchronized int schemaVersion() throws ConnectorException {
        try {
            return userVersion(db);
        } catch (SQLException e) {
            throw unavailable(where, "reading the schema version", e);
        }
    }

    private static void migrate(Connection db, String where) throws SQLException, ConnectorException {
        int version = userVersion(db);
        if (version > SCHEMA_VERSION) {
            db.close();
            throw new ConnectorException(FailureCode.JOURNAL_TOO_NEW,
                    where + " has schema version " + version + "; this build knows up to " + SCHEMA_VERSION);
        }
        if (version == SCHEMA_VERSION) {
            return;
        }
        db.setAutoCommit(false);
        try (Statement st = db.createStatement()) {
            for (int v = version; v < SCHEMA_VERSION; v++) {
                for (String sql : MIGRATIONS.get(v)) {
                    st.execute(sql);
                }
            }
            st.execute("PRAGMA user_version=" + SCHEMA_VERSION);
            db.commit();
        } catch (SQLException e) {
            db.rollback();
            throw e;
        } finally {
            db.setAutoCommit(true);
        }
    }

    private static int userVersion(Connection db) throws SQLException {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    @Override
    public synchronized void append(JournalEntry... entries) throws ConnectorException {
        append(null, entries);
    }

    @Override
    public synchronized void appendWithAccount(OwnedAccount account, JournalEntry... entries) throws ConnectorException {
        append(java.util.Objects.requireNonNull(account, "account"), entries);
    }

    private void append(OwnedAccount account, JournalEntry... entries) throws ConnectorException {
        if (entries.length == 0 && account == null) {
            return;
        }
        try {
            db.setAutoCommit(false);
            try (PreparedStatement req = db.prepareStatement(
                    "INSERT OR IGNORE INTO requests (id, domain, ou, name_kind, name_value, device_id) VALUES (?,?,?,?,?,?)");
                    PreparedStatement ev = db.prepareStatement("INSERT INTO events (request_id, state, fencing_token, "
                            + "computer_name, dn, sid, dc, code, detail, at_ms) VALUES (?,?,?,?,?,?,?,?,?,?)")) {
                for (JournalEntry e : entries) {
                    insert(req, ev, e);
                }
            }
            if (account != null) {
                // adopting an account already recorded keeps its first creation time; its password was
                // just reset, it was re-enabled and re-tagged by this connector: so that is recorded
                try (PreparedStatement acc = db.prepareStatement("INSERT INTO accounts (object_guid, request_id, domain, dn,"
                        + " sid, tag, created_at_ms, password_set_at_ms) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (object_guid)"
                        + " DO UPDATE SET request_id = excluded.request_id, dn = excluded.dn, tag = excluded.tag,"
                        + " password_set_at_ms = excluded.password_set_at_ms, disabled_at_ms = NULL, deleted_at_ms = NULL,"
                        + " deleted_why = NULL, used_at_ms = NULL, used_why = NULL")) {
                    acc.setString(1, account.objectGuid().toString());
                    acc.setString(2, account.requestId().value());
                    acc.setString(3, account.domain().lowerCase());
                    acc.setString(4, account.dn().toString());
                    acc.setString(5, account.sid().toString());
                    acc.setString(6, account.tag());
                    acc.setLong(7, account.createdAt().toEpochMilli());
                    acc.setLong(8, account.passwordSetAt().toEpochMilli());
                    acc.executeUpdate();
                }
            }
            db.commit(); // one fsync for all of them (synchronous=FULL)
        } catch (SQLException ex) {
            try {
                db.rollback();
            } catch (SQLException ignored) {
                // the append failure is the one to report
            }
            throw unavailable(where, entries.length == 0 ? "recording account " + account.objectGuid()
                    : "appending " + entries[0].state() + " of " + entries[0].request().id(), ex);
        } finally {
            try {
                db.setAutoCommit(true);
            } catch (SQLException ignored) {
                // the connection is broken; the next call reports it
            }
        }
    }

    private static void insert(PreparedStatement req, PreparedStatement ev, JournalEntry e) throws SQLException {
        JoinRequest r = e.request();
        req.setString(1, r.id().value());
        req.setString(2, r.domain().value());
        req.setString(3, r.ou().map(DistinguishedName::toString).orElse(null));
        if (r.name() instanceof NameRequest.Exact exact) {
            req.setString(4, "exact");
            req.setString(5, exact.name().value());
        } else {
            req.setString(4, "prefix");
            req.setString(5, ((NameRequest.Prefix) r.name()).prefix());
        }
        req.setString(6, r.deviceId());
        req.executeUpdate();
        ev.setString(1, r.id().value());
        ev.setString(2, e.state().name());
        ev.setLong(3, e.fencingToken());
        ev.setString(4, e.name().map(ComputerName::value).orElse(null));
        ev.setString(5, e.dn().map(DistinguishedName::toString).orElse(null));
        ev.setString(6, e.sid().map(Sid::toString).orElse(null));
        ev.setString(7, e.dc().orElse(null));
        ev.setString(8, e.code().orElse(null));
        ev.setString(9, e.detail());
        ev.setLong(10, e.at().toEpochMilli());
        ev.executeUpdate();
    }

    @Override
    public synchronized Optional<JournalEntry> latest(RequestId id) throws ConnectorException {
        List<JournalEntry> found = query("SELECT " + COLUMNS + " FROM events e JOIN requests r ON r.id = e.request_id "
                + "WHERE e.request_id = ? ORDER BY e.seq DESC LIMIT 1", id.value());
        return found.stream().findFirst();
    }

    @Override
    public synchronized List<JournalEntry> unfinished() throws ConnectorException {
        return query("SELECT " + COLUMNS + " FROM events e JOIN requests r ON r.id = e.request_id "
                + "WHERE e.seq = (SELECT MAX(seq) FROM events WHERE request_id = e.request_id) "
                + "AND e.state NOT IN ('DONE', 'FAILED') ORDER BY e.seq");
    }

    /** A request as {@code odjc requests} lists it: its latest entry and when it was first received. */
    public record Summary(JournalEntry latest, Instant received) {
    }

    /**
     * The latest entry of each request, newest first, optionally only those now in {@code state}
     * and changed at or after {@code since}; at most {@code limit}.
     */
    public synchronized List<Summary> summaries(Optional<RequestState> state, Optional<Instant> since, int limit)
            throws ConnectorException {
        String sql = "SELECT " + COLUMNS + ", (SELECT MIN(at_ms) FROM events f WHERE f.request_id = e.request_id) "
                + "FROM events e JOIN requests r ON r.id = e.request_id "
                + "WHERE e.seq = (SELECT MAX(seq) FROM events WHERE request_id = e.request_id) "
                + (state.isPresent() ? "AND e.state = ? " : "") + (since.isPresent() ? "AND e.at_ms >= ? " : "")
                + "ORDER BY e.seq DESC LIMIT ?";
        try (PreparedStatement st = db.prepareStatement(sql)) {
            int i = 1;
            if (state.isPresent()) {
                st.setString(i++, state.get().name());
            }
            if (since.isPresent()) {
                st.setLong(i++, since.get().toEpochMilli());
            }
            st.setInt(i, limit);
            List<Summary> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(new Summary(entry(rs), Instant.ofEpochMilli(rs.getLong(16))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw unavailable(where, "reading", e);
        }
    }

    /** Every state change of a request, oldest first (request history). */
    public synchronized List<JournalEntry> history(RequestId id) throws ConnectorException {
        return query("SELECT " + COLUMNS + " FROM events e JOIN requests r ON r.id = e.request_id "
                + "WHERE e.request_id = ? ORDER BY e.seq", id.value());
    }

    @Override
    public synchronized List<OwnedAccount> owned(DomainDnsName domain) throws ConnectorException {
        try (PreparedStatement st = db.prepareStatement("SELECT object_guid, request_id, domain, dn, sid, tag, created_at_ms,"
                + " disabled_at_ms, password_set_at_ms FROM accounts WHERE domain = ? AND deleted_at_ms IS NULL AND used_at_ms IS NULL"
                + " ORDER BY created_at_ms")) {
            st.setString(1, domain.lowerCase());
            List<OwnedAccount> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    long disabled = rs.getLong(8);
                    boolean enabled = rs.wasNull();
                    try {
                        out.add(new OwnedAccount(Guid.parse(rs.getString(1)), RequestId.parse(rs.getString(2)),
                                DomainDnsName.parse(rs.getString(3)), DistinguishedName.parse(rs.getString(4)),
                                Sid.parse(rs.getString(5)), rs.getString(6), Instant.ofEpochMilli(rs.getLong(7)),
                                Instant.ofEpochMilli(rs.getLong(9)), enabled ? Optional.empty() : Optional.of(Instant.ofEpochMilli(disabled))));
                    } catch (ConnectorException | IllegalArgumentException e) {
                        throw new ConnectorException(FailureCode.JOURNAL_UNAVAILABLE, where + " holds an account row this"
                                + " build cannot read (" + rs.getString(1) + "): " + e.getMessage(), e);
                    }
                }
            }
            return out;
        } catch (SQLException e) {
            throw unavailable(where, "reading accounts from", e);
        }
    }

    @Override
    public synchronized void disabled(Guid objectGuid, Instant at) throws ConnectorException {
        update("UPDATE accounts SET disabled_at_ms = ? WHERE object_guid = ? AND disabled_at_ms IS NULL", objectGuid,
                at.toEpochMilli(), null);
    }

    @Override
    public synchronized void used(Guid objectGuid, Instant at, String evidence) throws ConnectorException {
        update("UPDATE accounts SET used_at_ms = ?, used_why = ? WHERE object_guid = ? AND used_at_ms IS NULL", objectGuid,
                at.toEpochMilli(), evidence);
    }

    @Override
    public synchronized void deleted(Guid objectGuid, Instant at, String why) throws ConnectorException {
        update("UPDATE accounts SET deleted_at_ms = ?, deleted_why = ? WHERE object_guid = ? AND deleted_at_ms IS NULL",
                objectGuid, at.toEpochMilli(), why);
    }

    private void update(String sql, Guid guid, long at, String why) throws ConnectorException {
        try (PreparedStatement st = db.prepareStatement(sql)) {
            int i = 1;
            st.setLong(i++, at);
            if (why != null) {
                st.setString(i++, why);
            }
            st.setString(i, guid.toString());
            st.executeUpdate();
        } catch (SQLException e) {
            throw unavailable(where, "recording account " + guid + " in", e);
        }
    }

    /** What {@link #prune} removed. */
    public record Pruned(int requests, int events, int accounts) {
    }

    /**
     * Keeps the journal bounded: removes closed requests (DONE or FAILED) whose last change is
     * before {@code before}, with their events, and records of accounts deleted or seen used before
     * it. Open requests and accounts cleanup still watches are kept whatever their age: recovery and
     * cleanup need them.
     */
    public synchronized Pruned prune(Instant before) throws ConnectorException {
        long cut = before.toEpochMilli();
        try {
            db.setAutoCommit(false);
            try (Statement st = db.createStatement()) {
                st.execute("CREATE TEMP TABLE IF NOT EXISTS prune_ids (id TEXT PRIMARY KEY)");
                st.execute("DELETE FROM prune_ids");
                try (PreparedStatement pick = db.prepareStatement("INSERT INTO prune_ids SELECT e.request_id FROM events e "
                        + "WHERE e.seq = (SELECT MAX(seq) FROM events WHERE request_id = e.request_id) "
                        + "AND e.state IN ('DONE', 'FAILED') AND e.at_ms < ?")) {
                    pick.setLong(1, cut);
                    pick.executeUpdate();
                }
                int events = st.executeUpdate("DELETE FROM events WHERE request_id IN (SELECT id FROM prune_ids)");
                int requests = st.executeUpdate("DELETE FROM requests WHERE id IN (SELECT id FROM prune_ids)");
                int accounts;
                try (PreparedStatement acc = db.prepareStatement("DELETE FROM accounts WHERE deleted_at_ms < ? OR used_at_ms < ?")) {
                    acc.setLong(1, cut);
                    acc.setLong(2, cut);
                    accounts = acc.executeUpdate();
                }
                st.execute("DELETE FROM prune_ids");
                db.commit();
                return new Pruned(requests, events, accounts);
            } catch (SQLException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw unavailable(where, "pruning", e);
        }
    }

    private List<JournalEntry> query(String sql, String... args) throws ConnectorException {
        try (PreparedStatement st = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setString(i + 1, args[i]);
            }
            List<JournalEntry> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(entry(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw unavailable(where, "reading", e);
        }
    }

    private JournalEntry entry(ResultSet rs) throws SQLException, ConnectorException {
        try {
            NameRequest name = rs.getString(4).equals("exact") ? new NameRequest.Exact(ComputerName.parse(rs.getString(5)))
                    : NameRequest.Prefix.parse(rs.getString(5));
            String ou = rs.getString(3);
            JoinRequest request = new JoinRequest(RequestId.parse(rs.getString(1)), DomainDnsName.parse(rs.getString(2)),
                    ou == null ? Optional.empty() : Optional.of(DistinguishedName.parse(ou)), name, rs.getString(6));
            String computer = rs.getString(9);
            String dn = rs.getString(10);
            String sid = rs.getString(11);
            return new JournalEntry(request, RequestState.valueOf(rs.getString(7)), rs.getLong(8),
                    computer == null ? Optional.empty() : Optional.of(ComputerName.parse(computer)),
                    dn == null ? Optional.empty() : Optional.of(DistinguishedName.parse(dn)),
                    sid == null ? Optional.empty() : Optional.of(Sid.parse(sid)),
                    Optional.ofNullable(rs.getString(12)), Optional.ofNullable(rs.getString(13)), rs.getString(14),
                    Instant.ofEpochMilli(rs.getLong(15)));
        } catch (IllegalArgumentException | ConnectorException e) {
            throw new ConnectorException(FailureCode.JOURNAL_UNAVAILABLE,
                    where + " holds a row this build cannot read (request " + rs.getString(1) + "): " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<Latch> latched() throws ConnectorException {
        try (PreparedStatement q = db.prepareStatement("SELECT domain, code, since_ms, detail FROM halts ORDER BY domain");
                ResultSet rs = q.executeQuery()) {
            List<Latch> out = new ArrayList<>();
            while (rs.next()) {
                // a code this build does not know (written by a newer one) still latches, as CLI-001
                FailureCode code = FailureCode.byId(rs.getString(2)).orElse(FailureCode.CLI_INTERNAL);
                out.add(new Latch(DomainDnsName.parse(rs.getString(1)), code, Instant.ofEpochMilli(rs.getLong(3)),
                        rs.getString(4)));
            }
            return out;
        } catch (SQLException e) {
            throw unavailable(where, "reading the halts", e);
        }
    }

    @Override
    public synchronized void latch(Latch latch) throws ConnectorException {
        try (PreparedStatement ins = db.prepareStatement(
                "INSERT OR IGNORE INTO halts (domain, code, since_ms, detail) VALUES (?,?,?,?)")) {
            ins.setString(1, latch.domain().lowerCase());
            ins.setString(2, latch.code().id());
            ins.setLong(3, latch.since().toEpochMilli());
            ins.setString(4, latch.detail());
            ins.executeUpdate();
        } catch (SQLException e) {
            throw unavailable(where, "latching " + latch.domain(), e);
        }
    }

    @Override
    public synchronized List<Latch> clear(Optional<DomainDnsName> domain) throws ConnectorException {
        List<Latch> cleared = latched().stream()
                .filter(l -> domain.isEmpty() || l.domain().lowerCase().equals(domain.get().lowerCase())).toList();
        try (PreparedStatement del = db.prepareStatement("DELETE FROM halts WHERE domain = ?")) {
            for (Latch l : cleared) {
                del.setString(1, l.domain().lowerCase());
                del.executeUpdate();
            }
            return cleared;
        } catch (SQLException e) {
            throw unavailable(where, "clearing the halts", e);
        }
    }

    private static ConnectorException unavailable(String where, String what, SQLException e) {
        return new ConnectorException(FailureCode.JOURNAL_UNAVAILABLE, what + " " + where + ": " + e.getMessage(), e);
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException ignored) {
            // closing: nothing left to protect
        }
    }
}
