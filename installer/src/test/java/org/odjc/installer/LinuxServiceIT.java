package org.odjc.installer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.odjc.testing.ConnectorFixture;
import org.odjc.testing.ItEnvironment;
import org.odjc.testing.NotifyListener;
import org.odjc.testing.ProcessResult;
import org.odjc.testing.Processes;
import org.odjc.testing.SambaDc;
import org.odjc.testing.ServiceProcesses;

/**
 * The Linux distribution as {@code mvn package} built it: {@code install.sh --root} lays out the
 * tree with its owners and modes, {@code systemd-analyze verify} accepts the unit, and the unit's
 * {@code ExecStart} run as the {@code odjc} user tells a notify socket of this test's own that it is
 * READY (and pings the watchdog, and says STOPPING on SIGTERM); a configuration invalid at start
 * exits 78, which the unit does not restart.
 */
class LinuxServiceIT {
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    private LinuxInstallation.Service service;
    private ServiceProcesses.Jvm dispatcher;
    private SambaDc dc;
    private String ou;

    @AfterEach
    void cleanUp() throws Exception {
        if (service != null) {
            service.kill();
        }
        if (dispatcher != null && dispatcher.alive()) {
            dispatcher.kill();
        }
        if (ou != null) {
            dc.ldap("ldapdelete", null, "-r", ou);
        }
    }

    private LinuxInstallation installed() throws Exception {
        LinuxInstallation.requireTools();
        // @TempDir is 0700: the service user must reach the staging root below it, as it reaches /
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path dist = LinuxInstallation.unpack(LinuxInstallation.tarball(), dir.resolve("dist"));
        LinuxInstallation li = new LinuxInstallation(dir.resolve("root"));
        li.install(dist, "--no-start");
        return li;
    }

    private static void assertNode(LinuxInstallation li, String path, String mode, int uid, int gid) throws Exception {
        Path p = li.path(path);
        assertThat(Files.exists(p, LinkOption.NOFOLLOW_LINKS)).as(path).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS)))
                .as("mode of %s", path).isEqualTo(mode);
        assertThat(Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS)).as("owner of %s", path).isEqualTo(uid);
        assertThat(Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS)).as("group of %s", path).isEqualTo(gid);
    }

    @Test
    void installIntoAStagingRootLaysOutTheTreeWithItsOwnersAndModesAndSystemdAcceptsTheUnit() throws Exception {
        LinuxInstallation li = installed();
        String version = Files.readString(LinuxInstallation.unpack(LinuxInstallation.tarball(), dir.resolve("again"))
                .resolve("VERSION")).strip();
        int uid = li.uid();
        int gid = li.gid();
        assertThat(uid).as("a system user").isBetween(100, 999);
        assertThat(Files.readAllLines(li.path("/etc/passwd"))).contains("odjc:x:" + uid + ":" + gid
                + ":ODJ Connector:/var/lib/odjc:/usr/sbin/nologin");

        assertNode(li, "/opt/odjc", "rwxr-xr-x", 0, 0);
        assertNode(li, "/opt/odjc/odjc.jar", "rw-r--r--", 0, 0);
        assertNode(li, "/opt/odjc/bin/odjc", "rwxr-xr-x", 0, 0);
        assertNode(li, "/opt/odjc/uninstall.sh", "rwxr-xr-x", 0, 0);
        assertNode(li, "/opt/odjc/VERSION", "rw-r--r--", 0, 0);
        assertThat(Files.readString(li.path("/opt/odjc/VERSION")).strip()).isEqualTo(version);
        try (var libs = Files.list(li.path("/opt/odjc/lib"))) {
            List<Path> jars = libs.toList();
            assertThat(jars).as("every runtime library, JNA among them").anyMatch(p -> p.getFileName().toString()
                    .startsWith("jna-5.15.0")).anyMatch(p -> p.getFileName().toString().startsWith("sqlite-jdbc"));
            for (Path jar : jars) {
                assertNode(li, "/opt/odjc/lib/" + jar.getFileName(), "rw-r--r--", 0, 0);
            }
        }
        assertThat(Files.readSymbolicLink(li.path("/usr/local/bin/odjc"))).isEqualTo(Path.of("/opt/odjc/bin/odjc"));
        assertNode(li, "/etc/odjc", "rwxr-x---", 0, gid);
        assertNode(li, "/etc/odjc/connector.yaml", "rw-r-----", 0, gid);
        assertNode(li, "/etc/odjc/connector.yaml.example", "rw-r-----", 0, gid);
        assertNode(li, "/etc/odjc/odjc.env", "rw-r-----", 0, gid);
        assertNode(li, "/etc/odjc/secrets", "rwx------", uid, gid);
        assertNode(li, "/var/lib/odjc", "rwx------", uid, gid);
        assertNode(li, "/var/log/odjc", "rwxr-x---", uid, gid);
        assertNode(li, "/etc/systemd/system/odjc.service", "rw-r--r--", 0, 0);

        assertThat(li.unit("Type")).containsExactly("notify");
        assertThat(li.unit("User")).containsExactly("odjc");
        assertThat(li.unit("NoNewPrivileges")).containsExactly("yes");
        assertThat(li.unit("ProtectSystem")).containsExactly("strict");
        assertThat(li.unit("ReadWritePaths")).containsExactly("/var/lib/odjc /var/log/odjc");
        assertThat(li.unit("PrivateTmp")).containsExactly("yes");
        assertThat(li.unit("CapabilityBoundingSet")).containsExactly("");
        assertThat(li.unit("Restart")).containsExactly("on-failure");
        assertThat(li.unit("RestartPreventExitStatus")).containsExactly("78");
        assertThat(li.unit("WatchdogSec")).hasSize(1);

        // verify resolves the unit's dependencies (sysinit.target...) inside --root: give it the host's
        Path units = Files.createDirectories(li.path("/usr/lib/systemd"));
        assertThat(Processes.run(List.of("cp", "-a", "/usr/lib/systemd/system", units.toString())).exit()).isZero();
        ProcessResult verify = Processes.run(List.of("systemd-analyze", "verify", "--root=" + li.root,
                "/etc/systemd/system/odjc.service"), Map.of("SYSTEMD_LOG_COLOR", "0"), null, Duration.ofMinutes(1));
        assertThat(verify.exit()).as(verify.toString()).isZero();
        assertThat(verify.both().strip()).as("no warning either (an unknown key is only a warning)").isEmpty();
        ProcessResult exposure = Processes.run(List.of("systemd-analyze", "security", "--offline=yes", "--root=" + li.root,
                "--threshold=35", "odjc.service"), Map.of("SYSTEMD_LOG_COLOR", "0"), null, Duration.ofMinutes(1));
        assertThat(exposure.exit()).as("exposure at most 3.5 of 10 ('OK'; 2.9 when written): %s", exposure.out()).isZero();

        // uninstall keeps what the admin made; --purge takes it all
        Files.writeString(li.path("/etc/odjc/connector.yaml"), "# mine\n");
        ProcessResult un = Processes.run(List.of(li.path("/opt/odjc/uninstall.sh").toString(), "--root", li.root.toString()));
        assertThat(un.exit()).as(un.toString()).isZero();
        assertThat(li.path("/opt/odjc")).doesNotExist();
        assertThat(li.path("/etc/systemd/system/odjc.service")).doesNotExist();
        assertThat(li.path("/usr/local/bin/odjc")).doesNotExist();
        assertThat(li.path("/etc/odjc/connector.yaml")).hasContent("# mine");
        assertThat(li.path("/var/lib/odjc")).isDirectory();
        Path dist = LinuxInstallation.unpack(LinuxInstallation.tarball(), dir.resolve("purge"));
        assertThat(Processes.run(List.of(dist.resolve("uninstall.sh").toString(), "--root", li.root.toString(), "--purge"))
                .exit()).isZero();
        assertThat(li.path("/etc/odjc")).doesNotExist();
        assertThat(li.path("/var/lib/odjc")).doesNotExist();
        assertThat(Files.readString(li.path("/etc/passwd"))).doesNotContain("odjc:");
    }

    @Test
    void theUnitsExecStartAsTheOdjcUserTellsTheNotifySocketReadyThenWatchdogThenStopping() throws Exception {
        LinuxInstallation li = installed();
        dc = SambaDc.require();
        ou = ConnectorFixture.createOu(dc, "odjc-unit");
        int port = ServiceProcesses.freePort();
        Path state = dir.resolve("dispatcher");
        dispatcher = ServiceProcesses.dispatcher(state, port, 60, dir.resolve("dispatcher.log")).start();
        dispatcher.await("event=dispatcher-started", Duration.ofSeconds(60));
        ServiceProcesses.Admin admin = ServiceProcesses.Admin.of(state, port);
        li.configure(dc, ou, port);
        Enroll.asServiceUser(li, admin, "c-unit");

        String socket = "@odjc-it-" + ItEnvironment.randomSuffix();
        try (NotifyListener manager = NotifyListener.bind(socket)) {
            service = li.start(Map.of("NOTIFY_SOCKET", socket, "WATCHDOG_USEC", "2000000"), dir.resolve("service.log"));
            String ready = manager.await("READY=1", LinuxInstallation.START);
            assertThat(ready).contains("STATUS=taking work: health=");
            assertThat(service.uid()).as("runs as the unit's User=odjc").isEqualTo(li.uid());
            assertThat(Files.readAllLines(Path.of("/proc", Long.toString(service.process.pid()), "mountinfo")))
                    .as("ProtectSystem=strict: the staging root read-only, the state directory writable")
                    .anyMatch(l -> l.split(" ")[4].equals(li.root.toString()) && l.split(" ")[5].startsWith("ro"))
                    .anyMatch(l -> l.split(" ")[4].equals(li.path("/var/lib/odjc").toString())
                            && l.split(" ")[5].startsWith("rw"));
            manager.await("WATCHDOG=1", Duration.ofSeconds(10));

            Requests.submit(admin, dc, ou, "unit-" + ItEnvironment.randomSuffix().toLowerCase() + "-", 1)
                    .awaitSucceeded(admin, Duration.ofMinutes(2));

            long stopping = System.nanoTime();
            int exit = service.stop();
            assertThat(exit).as("SIGTERM ends it with a status the unit counts as success (SuccessExitStatus=143)")
                    .isIn(0, 143);
            assertThat(Duration.ofNanos(System.nanoTime() - stopping)).as("with nothing in flight the stop does not"
                    + " wait out the 30 s drain bound (TimeoutStopSec=60s)").isLessThan(Duration.ofSeconds(20));
            manager.await("STOPPING=1", Duration.ofSeconds(5));
            assertThat(manager.received().get(0)).as("READY is the first thing it says").startsWith("READY=1");
        }
        assertThat(service.log()).contains("event=service-manager eventId=1004 notify=\"systemd notify socket " + socket)
                .doesNotContain(dc.adminPassword())
                .as("the installed secrets are 0600 and the service user's").doesNotContain("secret file");
    }

    @Test
    void aConfigurationInvalidAtStartExits78WhichTheUnitDoesNotRestartAndSaysWhyInItsStatus() throws Exception {
        LinuxInstallation li = installed();
        Files.writeString(li.path("/etc/odjc/connector.yaml"), "domains: 5\n");
        String socket = "@odjc-it-" + ItEnvironment.randomSuffix();
        try (NotifyListener manager = NotifyListener.bind(socket)) {
            service = li.start(Map.of("NOTIFY_SOCKET", socket), dir.resolve("service.log"));
            assertThat(service.process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(service.process.exitValue()).isEqualTo(78);
            assertThat(li.unit("RestartPreventExitStatus")).containsExactly("78");
            assertThat(manager.await("STATUS=not started: CONFIG-001 Configuration is invalid", Duration.ofSeconds(5)))
                    .doesNotContain("READY=1");
        }
        assertThat(service.log()).contains("CONFIG-001");
    }
}
