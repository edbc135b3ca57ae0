package org.odjc.installer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.odjc.testing.ProcessResult;
import org.odjc.testing.Processes;

/**
 * {@code install.sh} without {@code --root}, as an admin runs it, on this machine's own file
 * system seen through overlays in a private mount namespace ({@code /etc}, {@code /opt},
 * {@code /var}, {@code /usr/local} write to directories of the test; the host is not changed), with
 * {@code /run/systemd/system} present and a {@code systemctl} that records its calls: the first
 * install creates the user with {@code useradd}, enables the unit and does not start it; the
 * upgrade over a running service stops it before the application is replaced and starts it after.
 */
class SystemInstallIT {
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void withoutRootItInstallsIntoTheSystemAndAnUpgradeStopsTheRunningServiceFirstAndStartsItAfter() throws Exception {
        LinuxInstallation.requireTools();
        Path older = LinuxInstallation.unpack(LinuxInstallation.tarball(), dir.resolve("older"));
        Path newer = LinuxInstallation.unpack(LinuxInstallation.tarball(), dir.resolve("newer"));
        Files.writeString(newer.resolve("VERSION"), "99.0.0-upgrade-test\n");
        Path calls = dir.resolve("systemctl.calls");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path systemctl = bin.resolve("systemctl");
        // active once started; each call is logged with the installed VERSION at that moment
        Files.writeString(systemctl, String.join("\n", "#!/bin/sh",
                "echo \"$* version=$(cat /opt/odjc/VERSION 2>/dev/null || echo none)\" >> " + calls,
                "case \"$1\" in",
                "  is-active) [ -e " + dir.resolve("active") + " ] && exit 0 || exit 3 ;;",
                "  start) touch " + dir.resolve("active") + " ;;",
                "  stop) rm -f " + dir.resolve("active") + " ;;",
                "esac", "exit 0", ""));
        Files.setPosixFilePermissions(systemctl, PosixFilePermissions.fromString("rwxr-xr-x"));
        StringBuilder script = new StringBuilder("set -e\nmount --make-rprivate /\n");
        for (String d : List.of("/etc", "/opt", "/var", "/usr/local")) {
            String name = d.substring(1).replace('/', '-');
            Path upper = Files.createDirectories(dir.resolve("overlay/" + name + "/upper"));
            Path work = Files.createDirectories(dir.resolve("overlay/" + name + "/work"));
            script.append("mount -t overlay overlay -o lowerdir=").append(d).append(",upperdir=").append(upper)
                    .append(",workdir=").append(work).append(' ').append(d).append('\n');
        }
        script.append("mount -t tmpfs tmpfs /run\nmkdir -p /run/systemd/system\n")
                .append("export PATH=").append(bin).append(":$PATH\n")
                .append(older.resolve("install.sh")).append(" > ").append(dir.resolve("first.out")).append(" 2>&1\n")
                .append("systemctl start odjc.service\n")
                .append(": > ").append(calls).append('\n')
                .append(newer.resolve("install.sh")).append(" > ").append(dir.resolve("upgrade.out")).append(" 2>&1\n")
                .append("id -u odjc > ").append(dir.resolve("uid")).append('\n')
                .append("stat -c '%a %U:%G %n' /etc/odjc /etc/odjc/secrets /var/lib/odjc /var/log/odjc /opt/odjc"
                        + " /etc/odjc/connector.yaml > ").append(dir.resolve("modes")).append('\n');
        Path sh = dir.resolve("in-namespace.sh");
        Files.writeString(sh, script);
        String hostPasswd = Files.readString(Path.of("/etc/passwd"));

        ProcessResult r = Processes.run(List.of("unshare", "--mount", "--propagation", "private", "sh", sh.toString()),
                Map.of(), null, Duration.ofMinutes(3));

        assertThat(r.exit()).as("%s\nfirst install: %s\nupgrade: %s", r, read(dir.resolve("first.out")),
                read(dir.resolve("upgrade.out"))).isZero();
        assertThat(read(dir.resolve("first.out"))).contains("created the system user odjc", "installed ")
                .contains("Next:");
        assertThat(Files.readAllLines(calls)).containsExactly(
                "is-active --quiet odjc.service version=" + Files.readString(older.resolve("VERSION")).strip(),
                "stop odjc.service version=" + Files.readString(older.resolve("VERSION")).strip(),
                "daemon-reload version=99.0.0-upgrade-test",
                "enable --quiet odjc.service version=99.0.0-upgrade-test",
                "start odjc.service version=99.0.0-upgrade-test");
        assertThat(read(dir.resolve("upgrade.out"))).contains("stopping odjc.service", "odjc.service started",
                "-> 99.0.0-upgrade-test");
        assertThat(Files.readAllLines(dir.resolve("modes"))).containsExactly(
                "750 root:odjc /etc/odjc", "700 odjc:odjc /etc/odjc/secrets", "700 odjc:odjc /var/lib/odjc",
                "750 odjc:odjc /var/log/odjc", "755 root:root /opt/odjc", "640 root:odjc /etc/odjc/connector.yaml");
        assertThat(read(dir.resolve("overlay/etc/upper/passwd"))).contains("odjc:x:" + read(dir.resolve("uid")).strip()
                + ":").contains(":ODJ Connector:/var/lib/odjc:/usr/sbin/nologin");
        assertThat(dir.resolve("overlay/etc/upper/systemd/system/odjc.service")).isRegularFile();
        assertThat(Files.readString(Path.of("/etc/passwd"))).as("the host is not changed").isEqualTo(hostPasswd);
        assertThat(Path.of("/etc/systemd/system/odjc.service")).as("the host is not changed").doesNotExist();
    }

    private static String read(Path p) throws Exception {
        return Files.exists(p) ? Files.readString(p) : "(none)";
    }
}
