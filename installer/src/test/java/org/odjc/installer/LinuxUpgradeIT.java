package org.odjc.installer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.odjc.journal.SqliteJoinJournal;
import org.odjc.testing.ConnectorFixture;
import org.odjc.testing.ItEnvironment;
import org.odjc.testing.NotifyListener;
import org.odjc.testing.ProcessResult;
import org.odjc.testing.SambaDc;
import org.odjc.testing.ServiceProcesses;

/**
 * Upgrade in place on Linux: a build installed with {@code install.sh}, enrolled and processing
 * requests, then a newer build's {@code install.sh} over it. Enrollment, configuration and journal
 * are kept, the application is replaced, and the new build takes requests right after; a journal
 * of an older schema (a fixture of version 1) is migrated, never discarded. The "newer build" is
 * this build's archive with a higher {@code VERSION}: the same code, which is what an upgrade
 * installs over what it finds.
 */
class LinuxUpgradeIT {
    static final String NEWER = "99.0.0-upgrade-test";
    /** Short, so a request leased to a stopped process's abandoned long-poll comes back soon. */
    static final int LEASE_SECONDS = 30;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    private final List<LinuxInstallation.Service> services = new ArrayList<>();
    private ServiceProcesses.Jvm dispatcher;
    private ServiceProcesses.Admin admin;
    private SambaDc dc;
    private String ou;
    private LinuxInstallation li;
    private Path older;
    private Path newer;

    @AfterEach
    void cleanUp() throws Exception {
        for (LinuxInstallation.Service s : services) {
            s.kill();
        }
        if (dispatcher != null && dispatcher.alive()) {
            dispatcher.kill();
        }
        if (ou != null) {
            dc.ldap("ldapdelete", null, "-r", ou);
        }
    }

    /** The older build installed, configured and enrolled; a dispatcher; the newer build unpacked. */
    private void installOlderBuild(String connectorId) throws Exception {
        LinuxInstallation.requireTools();
        dc = SambaDc.require();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        older = LinuxInstallation.unpack(LinuxInstallation.tarball(), dir.resolve("older"));
        newer = LinuxInstallation.unpack(LinuxInstallation.tarball(), dir.resolve("newer"));
        Files.writeString(newer.resolve("VERSION"), NEWER + "\n");
        li = new LinuxInstallation(dir.resolve("root"));
        li.install(older, "--no-start");
        ou = ConnectorFixture.createOu(dc, "odjc-upgrade");
        int port = ServiceProcesses.freePort();
        Path state = dir.resolve("dispatcher");
        dispatcher = ServiceProcesses.dispatcher(state, port, LEASE_SECONDS, dir.resolve("dispatcher.log")).start();
        dispatcher.await("event=dispatcher-started", Duration.ofSeconds(60));
        admin = ServiceProcesses.Admin.of(state, port);
        li.configure(dc, ou, port);
        Enroll.asServiceUser(li, admin, connectorId);
    }

    /** Starts the installed service, waits for READY, has it process {@code n} requests, stops it. */
    private Map<String, JsonNode> runAndProcess(String prefix, int n) throws Exception {
        String socket = "@odjc-it-" + ItEnvironment.randomSuffix();
        try (NotifyListener manager = NotifyListener.bind(socket)) {
            LinuxInstallation.Service service = li.start(Map.of("NOTIFY_SOCKET", socket), dir.resolve("service.log"));
            services.add(service);
            manager.await("READY=1", LinuxInstallation.START);
            Map<String, JsonNode> done = Requests.submit(admin, dc, ou, prefix, n).awaitSucceeded(admin, Duration.ofMinutes(3));
            assertThat(service.stop()).isIn(0, 143);
            return done;
        }
    }

    /** Every file of the enrollment identity, by name. */
    private Map<String, byte[]> identity() throws Exception {
        Map<String, byte[]> files = new HashMap<>();
        try (var s = Files.list(li.path("/var/lib/odjc/identity"))) {
            for (Path p : s.toList()) {
                files.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        assertThat(files).containsKeys("connector-id", "client.pem", "client.key", "ca.pem");
        return files;
    }

    /** {@code odjc requests --json} of the installed build, as the service user: request id to state. */
    private Map<String, String> journaled() throws Exception {
        ProcessResult r = li.odjc("requests", "--config", li.path("/etc/odjc/connector.yaml").toString(), "--json",
                "--limit", "1000");
        assertThat(r.exit()).as(r.toString()).isZero();
        Map<String, String> out = new HashMap<>();
        for (String line : r.out().lines().toList()) {
            JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
            out.put(n.get("requestId").asText(), n.get("state").asText());
        }
        return out;
    }

    private String upgrade() throws Exception {
        return li.install(newer).out();
    }

    @Test
    void anUpgradeKeepsEnrollmentConfigurationAndJournalAndTheNewBuildTakesRequestsRightAfter() throws Exception {
        installOlderBuild("c-upgrade");
        String prefix = "upg-" + ItEnvironment.randomSuffix().toLowerCase() + "-";
        Map<String, JsonNode> before = runAndProcess(prefix + "a", 3);
        Map<String, byte[]> identityBefore = identity();
        byte[] configBefore = Files.readAllBytes(li.path("/etc/odjc/connector.yaml"));
        Map<String, String> journalBefore = journaled();
        assertThat(journalBefore).hasSize(3).containsValues("done");
        Files.writeString(li.path("/opt/odjc/lib/left-over-1.0.jar"), "a library the newer build no longer ships");

        String out = upgrade();

        assertThat(out).contains("upgraded " + Files.readString(older.resolve("VERSION")).strip() + " -> " + NEWER)
                .contains("journal of ").contains("backed up");
        assertThat(Files.readString(li.path("/opt/odjc/VERSION")).strip()).isEqualTo(NEWER);
        assertThat(li.path("/opt/odjc/lib/left-over-1.0.jar")).as("the application is replaced, not merged")
                .doesNotExist();
        assertThat(li.path("/opt/odjc.new")).doesNotExist();
        assertThat(li.path("/opt/odjc.old")).doesNotExist();
        Map<String, byte[]> identityAfter = identity();
        assertThat(identityAfter.keySet()).isEqualTo(identityBefore.keySet());
        identityBefore.forEach((name, bytes) -> assertThat(identityAfter.get(name)).as(name).isEqualTo(bytes));
        Path key = li.path("/var/lib/odjc/identity/client.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(Files.getAttribute(key, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(li.uid());
        assertThat(Files.readAllBytes(li.path("/etc/odjc/connector.yaml"))).as("the admin's configuration")
                .isEqualTo(configBefore);
        try (var backups = Files.list(li.path("/var/lib/odjc/backup"))) {
            assertThat(backups.toList()).singleElement().satisfies(b -> assertThat(b.resolve("journal.db")).isRegularFile());
        }
        assertThat(journaled()).isEqualTo(journalBefore);

        // Usually all three go at once; but the reference dispatcher may lease one of them to the long-poll
        // the stopped process abandoned (it does not notice the poll's connection closed), and that one
        // waits out its lease (LEASE_SECONDS) before the new build gets it.
        Map<String, JsonNode> after = runAndProcess(prefix + "b", 3);

        assertThat(after.values()).allSatisfy(v -> assertThat(v.get("connectorId").asText())
                .as("the same enrolled connector").isEqualTo(before.values().iterator().next().get("connectorId").asText()));
        Map<String, String> journalAfter = journaled();
        assertThat(journalAfter).hasSize(6).containsAllEntriesOf(journalBefore);
        assertThat(journalAfter.values()).containsOnly("done");
    }

    @Test
    void anUpgradeOverAJournalOfAnOlderSchemaMigratesItKeepsItsRequestsAndTakesNewOnes() throws Exception {
        installOlderBuild("c-migrate");
        Path journal = li.path("/var/lib/odjc/journal.db");
        fixture(journal);
        li.chown(journal);
        assertThat(schemaVersion(journal)).isEqualTo(1);

        String out = upgrade();
        assertThat(out).contains("backed up");

        String prefix = "mig-" + ItEnvironment.randomSuffix().toLowerCase() + "-";
        runAndProcess(prefix, 2);

        Map<String, String> journaled = journaled(); // as the service user, before root opens the file
        assertThat(schemaVersion(journal)).as("migrated to this build's schema").isEqualTo(SqliteJoinJournal.SCHEMA_VERSION);
        assertThat(journaled).containsEntry("v1-fixture-1", "done").containsEntry("v1-fixture-2", "done")
                .containsEntry("v1-fixture-3", "failed").containsEntry(prefix + "0", "done")
                .containsEntry(prefix + "1", "done").hasSize(5);
        try (var backups = Files.list(li.path("/var/lib/odjc/backup"))) {
            Path backup = backups.toList().get(0).resolve("journal.db");
            assertThat(schemaVersion(backup)).as("the backup is the journal as the older build left it").isEqualTo(1);
        }
    }

    /** A version-1 journal from the SQL under test resources (statements separated by lines of ';'). */
    private static void fixture(Path file) throws Exception {
        String sql;
        try (var in = LinuxUpgradeIT.class.getResourceAsStream("/journal/schema-v1.sql")) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = db.createStatement()) {
            for (String statement : sql.split("\n;\n")) {
                String s = statement.lines().filter(l -> !l.startsWith("--")).reduce("", (a, b) -> a + b + "\n").strip();
                if (!s.isEmpty()) {
                    st.execute(s);
                }
            }
            // the fixture's times are from the day it was written: move them to yesterday, or the
            // service's journal retention (90 days) would rightly prune its closed requests at start
            st.execute("UPDATE events SET at_ms = at_ms - 1764460800000 + " + (System.currentTimeMillis() - 86_400_000L));
        }
    }

    private static int schemaVersion(Path file) throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = db.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA user_version")) {
            return rs.getInt(1);
        }
    }
}
