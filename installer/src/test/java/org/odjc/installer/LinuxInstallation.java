package org.odjc.installer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.odjc.testing.ItEnvironment;
import org.odjc.testing.ProcessResult;
import org.odjc.testing.Processes;
import org.odjc.testing.SambaDc;

/**
 * The Linux distribution this build packaged, installed by its {@code install.sh --root} into a
 * staging root, and its service started as the installed unit says: the unit's {@code ExecStart}
 * (its absolute paths taken below the staging root), its {@code User=} (the uid {@code install.sh}
 * gave {@code odjc} in the root's {@code etc/passwd}, through {@code setpriv}), its
 * {@code Environment=} and {@code WorkingDirectory=}, the variables systemd sets, and the file
 * system its {@code ProtectSystem=strict} leaves writable. The rest of the sandbox (capabilities,
 * namespaces, devices) is systemd's own and not reproduced.
 */
final class LinuxInstallation {
    static final Duration START = Duration.ofSeconds(120);

    final Path root;

    LinuxInstallation(Path root) {
        this.root = root;
    }

    /** Skips (or fails under odjc.requireDc) without what installing and running as another user needs. */
    static void requireTools() {
        if (!"0".equals(Processes.run(List.of("id", "-u")).out().strip())) {
            ItEnvironment.skipOrFail("install.sh creates a user and sets owners: these tests run as root");
        }
        ItEnvironment.requireTool("useradd", "passwd");
        ItEnvironment.requireTool("setpriv", "util-linux");
        ItEnvironment.requireTool("systemd-analyze", "systemd");
        ItEnvironment.requireTool("tar", "tar");
        ItEnvironment.requireTool("unshare", "util-linux");
        ProcessResult ns = Processes.run(List.of("unshare", "--mount", "--propagation", "private", "true"));
        if (ns.exit() != 0) {
            ItEnvironment.skipOrFail("the unit's ProtectSystem=strict is emulated in a mount namespace, which this"
                    + " machine refuses (unshare --mount: " + ns.err().strip() + ")");
        }
    }

    /**
     * What {@code ProtectSystem=strict}, {@code ReadWritePaths=} and {@code PrivateTmp=} leave
     * writable, in a private mount namespace: nothing of the host's file system and the staging
     * root but {@code /tmp} (systemd's private one is writable too) and the unit's
     * {@code ReadWritePaths} below the staging root. Then {@code command} in the state directory
     * ({@code WorkingDirectory=}). Every step {@code exec}s, so the process is the command's.
     */
    private List<String> sandboxed(List<String> command) throws IOException {
        List<String> writable = new ArrayList<>();
        for (String paths : unit("ReadWritePaths")) {
            for (String p : paths.trim().split("\\s+")) {
                writable.add(path(p).toString());
            }
        }
        String script = String.join("; ", "set -e", "r=$1", "shift", "n=$1", "shift",
                "mount --make-rprivate /",
                "mount -o remount,bind,ro /",
                "mount --bind /tmp /tmp", "mount -o remount,bind,rw /tmp",
                "mount --bind \"$r\" \"$r\"", "mount -o remount,bind,ro \"$r\"",
                "while [ \"$n\" -gt 0 ]; do mount --bind \"$1\" \"$1\"; mount -o remount,bind,rw \"$1\"; shift; n=$((n-1)); done",
                "cd \"$r/var/lib/odjc\"",
                "exec \"$@\"");
        List<String> cmd = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "sh", "-c", script,
                "odjc-sandbox", root.toString(), Integer.toString(writable.size())));
        cmd.addAll(writable);
        cmd.addAll(command);
        return cmd;
    }

    /** The archive {@code mvn package} built in this module. */
    static Path tarball() {
        Path p = Path.of(System.getProperty("odjc.linuxTarball", "target/odjc-linux.tar.gz"));
        assertThat(p).as("the Linux archive (mvn package builds it before the ITs)").isRegularFile();
        return p;
    }

    /** Unpacks {@code tarball} into {@code into}; returns its {@code odjc-<version>} directory. */
    static Path unpack(Path tarball, Path into) throws IOException {
        Files.createDirectories(into);
        ProcessResult r = Processes.run(List.of("tar", "-xzf", tarball.toString(), "-C", into.toString()));
        assertThat(r.exit()).as(r.toString()).isZero();
        try (var s = Files.list(into)) {
            return s.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }

    /** Runs {@code dist/install.sh --root root}; asserts it succeeds. */
    ProcessResult install(Path dist, String... extra) {
        List<String> cmd = new ArrayList<>(List.of(dist.resolve("install.sh").toString(), "--root", root.toString()));
        cmd.addAll(List.of(extra));
        ProcessResult r = Processes.run(cmd, Map.of(), null, Duration.ofMinutes(2));
        assertThat(r.exit()).as("install.sh: %s", r).isZero();
        return r;
    }

    Path path(String absolute) {
        return root.resolve(absolute.substring(1));
    }

    int uid() throws IOException {
        return Integer.parseInt(passwd()[2]);
    }

    int gid() throws IOException {
        return Integer.parseInt(passwd()[3]);
    }

    private String[] passwd() throws IOException {
        return Files.readAllLines(path("/etc/passwd")).stream().filter(l -> l.startsWith("odjc:")).findFirst()
                .orElseThrow(() -> new AssertionError("no odjc in " + path("/etc/passwd"))).split(":");
    }

    /** The values of {@code key} in the installed unit, in order. */
    List<String> unit(String key) throws IOException {
        return Files.readAllLines(path("/etc/systemd/system/odjc.service")).stream()
                .filter(l -> l.startsWith(key + "=")).map(l -> l.substring(key.length() + 1)).toList();
    }

    /** The unit's {@code ExecStart}, each absolute path taken below the staging root. */
    List<String> execStart() throws IOException {
        List<String> lines = unit("ExecStart");
        assertThat(lines).hasSize(1);
        List<String> out = new ArrayList<>();
        for (String word : lines.get(0).trim().split("\\s+")) {
            out.add(word.startsWith("/") ? path(word).toString() : word);
        }
        return out;
    }

    /** The unit's {@code Environment=} assignments ({@code %%} is systemd's escaped {@code %}). */
    Map<String, String> unitEnvironment() throws IOException {
        Map<String, String> env = new HashMap<>();
        for (String v : unit("Environment")) {
            String a = v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
            int eq = a.indexOf('=');
            env.put(a.substring(0, eq), a.substring(eq + 1).replace("%%", "%"));
        }
        return env;
    }

    /** What systemd gives a service of {@code User=odjc}: a clean environment, the unit's own, and {@code extra}. */
    private Map<String, String> serviceEnvironment(Map<String, String> extra) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("LANG", "C.UTF-8");
        env.put("HOME", path("/var/lib/odjc").toString());
        env.put("USER", "odjc");
        env.put("LOGNAME", "odjc");
        env.put("SHELL", "/usr/sbin/nologin");
        String java = System.getenv("JAVA");
        if (java != null) {
            env.put("JAVA", java);
        }
        env.putAll(unitEnvironment());
        env.putAll(extra);
        return env;
    }

    private List<String> asServiceUser(List<String> command) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=" + uid(), "--regid=" + gid(), "--clear-groups",
                "--no-new-privs", "--"));
        cmd.addAll(command);
        return cmd;
    }

    /** Starts the unit's {@code ExecStart} as the service user, output to {@code log}. */
    Service start(Map<String, String> extraEnvironment, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(sandboxed(asServiceUser(execStart()))).directory(path("/var/lib/odjc").toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().clear();
        pb.environment().putAll(serviceEnvironment(extraEnvironment));
        return new Service(pb.start(), log);
    }

    /** Runs the installed {@code odjc} with {@code args} as the service user. */
    ProcessResult odjc(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(path("/opt/odjc/bin/odjc").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(asServiceUser(cmd));
        // Processes.run adds to the inherited environment; the service user's HOME is what matters
        return Processes.run(pb.command(), Map.of("HOME", path("/var/lib/odjc").toString()), null, Duration.ofMinutes(2));
    }

    /** A file only the service user reads (0600), as the installer's secrets directory holds them. */
    Path secret(String name, byte[] content) throws IOException {
        Path p = path("/etc/odjc/secrets/" + name);
        Files.write(p, content);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        chown(p);
        return p;
    }

    void chown(Path p) throws IOException {
        ProcessResult r = Processes.run(List.of("chown", "-R", uid() + ":" + gid(), p.toString()));
        assertThat(r.exit()).as(r.toString()).isZero();
    }

    /**
     * The admin's configuration in the installed {@code /etc/odjc/connector.yaml} (keeping its owner
     * and mode): the Samba DC's domain with {@code ou} allowed, the bind password in a 0600 secret
     * owned by the service user, the DC's CA copied where the service user may read it, and the
     * dispatcher on {@code port}; identity and journal in the installed state directory.
     */
    Path configure(SambaDc dc, String ou, int port) throws IOException {
        Path password = secret("bind.password", Files.readAllBytes(dc.adminPasswordFile()));
        Path ca = path("/etc/odjc/dc-ca.pem");
        Files.copy(dc.caFile(), ca, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(ca, PosixFilePermissions.fromString("rw-r--r--"));
        Path config = path("/etc/odjc/connector.yaml");
        Files.writeString(config, String.join("\n",
                "# written by the admin after install.sh",
                "domains:",
                "  - name: " + dc.domain(),
                "    dnsServers: [" + dc.ip() + "]",
                "    bind: {mode: ldaps, user: " + dc.get("ODJC_DC_ADMIN_UPN") + ", passwordFile: " + password
                        + ", caFile: " + ca + "}",
                "    ous: [\"" + ou + "\"]",
                "service:",
                "  dispatcher: https://localhost:" + port,
                "  identity: " + path("/var/lib/odjc/identity"),
                "  stateDirectory: " + path("/var/lib/odjc"),
                "  workers: 2",
                ""), StandardCharsets.UTF_8);
        return config;
    }

    /** The unit's main process: the JVM the launcher {@code exec}ed (setpriv execs too). */
    static final class Service {
        final Process process;
        final Path log;

        Service(Process process, Path log) {
            this.process = process;
            this.log = log;
        }

        /** The real uid the process runs as, from {@code /proc}. */
        int uid() throws IOException {
            return Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status")).stream()
                    .filter(l -> l.startsWith("Uid:")).map(l -> Integer.parseInt(l.split("\\s+")[1])).findFirst()
                    .orElseThrow();
        }

        /** SIGTERM, as {@code systemctl stop} sends it; the exit status. */
        int stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
            return process.exitValue();
        }

        void kill() throws InterruptedException {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }

        String log() throws IOException {
            return Files.exists(log) ? Files.readString(log) : "";
        }
    }
}
