package org.odjc.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odjc.testing.ConnectorFixture;
import org.odjc.testing.ItEnvironment;
import org.odjc.testing.ProcessResult;
import org.odjc.testing.Processes;
import org.odjc.testing.SambaDc;
import org.odjc.testing.ServiceProcesses;

/**
 * docs/deployment.md run as written: every fenced {@code sh} block, in order, in one bash with
 * {@code -e} (a failing command fails the walkthrough), {@code sh background} blocks as servers in
 * their own process groups; only the values of its step 0 come from the test (the Samba DC's, a
 * fresh OU, a fresh account without rights). The launchers are the checkout's {@code scripts/odjc}
 * and {@code scripts/odjc-dispatcher} on the PATH, as the page says.
 */
class DeploymentDocIT {
    /** ```sh or ```sh background, up to the closing fence. */
    static final Pattern BLOCK = Pattern.compile("(?m)^```(sh(?: background)?)\\n(.*?)^```$", Pattern.DOTALL);

    @TempDir
    Path dir;

    private SambaDc dc;
    private final List<String> cleanUp = new ArrayList<>();

    /** A block of the page: its text, and whether it is a server left running. */
    record Block(String text, boolean background) {
    }

    static List<Block> blocks(String markdown) {
        List<Block> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(markdown);
        while (m.find()) {
            out.add(new Block(m.group(2), m.group(1).endsWith("background")));
        }
        return out;
    }

    @AfterEach
    void stopServersAndCleanUp() throws IOException {
        Path pids = dir.resolve("work/background.pids");
        if (Files.exists(pids)) {
            for (String pid : Files.readAllLines(pids)) {
                // each server runs under setsid: its pid is its process group
                Processes.run(List.of("kill", "-TERM", "--", "-" + pid.trim()), Map.of(), null, Duration.ofSeconds(10));
            }
            for (String pid : Files.readAllLines(pids)) {
                Processes.run(List.of("sh", "-c", "for i in $(seq 50); do kill -0 -- -" + pid.trim()
                        + " 2>/dev/null || exit 0; sleep 0.2; done; kill -KILL -- -" + pid.trim()), Map.of(), null,
                        Duration.ofSeconds(30));
            }
        }
        for (String dn : cleanUp) {
            dc.ldap("ldapdelete", null, "-r", dn);
        }
    }

    @Test
    void theDeploymentWalkthroughRunsAsWrittenFromTheDispatcherToABlobSambaAppliesAndLogsOnWith() throws Exception {
        dc = SambaDc.require();
        ItEnvironment.requireTool("net", "samba");
        Path root = ItEnvironment.repoRoot();
        for (Path jar : List.of(root.resolve("connector/target/odjc.jar"), root.resolve("dispatcher/target/odjc-dispatcher.jar"))) {
            assertThat(jar).as("built by the package phase before the ITs").exists();
        }
        List<Block> blocks = blocks(Files.readString(root.resolve("docs/deployment.md")));
        assertThat(blocks).as("the page's runnable blocks").hasSizeGreaterThanOrEqualTo(8)
                .anyMatch(Block::background);

        String ou = ConnectorFixture.createOu(dc, "odjc-walk");
        cleanUp.add(ou);
        String suffix = ItEnvironment.randomSuffix().toLowerCase();
        String user = "odjcwalk" + suffix;
        String password = "Walk-" + ItEnvironment.randomSuffix() + "-pw1!";
        cleanUp.add(dc.createUser(user, password));
        Path secrets = Files.createDirectories(dir.resolve("secrets"));
        Path bindPassword = secrets.resolve("bind.password");
        Files.writeString(bindPassword, password + "\n");
        Files.setPosixFilePermissions(bindPassword, PosixFilePermissions.fromString("rw-------"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("odjc"), root.resolve("scripts/odjc"));
        Files.createSymbolicLink(bin.resolve("odjc-dispatcher"), root.resolve("scripts/odjc-dispatcher"));
        int port = ServiceProcesses.freePort();
        String computer = ("WALK" + suffix).toUpperCase();
        computer = computer.substring(0, Math.min(15, computer.length()));

        Map<String, String> values = new LinkedHashMap<>();
        values.put("PATH", bin + ":" + System.getenv("PATH"));
        values.put("DOMAIN", dc.domain());
        values.put("NETBIOS", dc.netbios());
        values.put("DNS_SERVERS", dc.ip());
        values.put("DC", dc.host());
        values.put("LDAP_CA", dc.caFile().toString());
        values.put("OU", ou);
        values.put("BIND_USER", user + "@" + dc.domain());
        values.put("BIND_PASSWORD_FILE", bindPassword.toString());
        values.put("AD_ADMIN", dc.get("ODJC_DC_ADMIN_UPN"));
        values.put("AD_ADMIN_PASSWORD_FILE", dc.adminPasswordFile().toString());
        values.put("DISPATCHER_NAME", "localhost");
        values.put("DISPATCHER_LISTEN", "127.0.0.1:" + port);
        values.put("DISPATCHER_URL", "https://localhost:" + port);
        values.put("DISPATCHER_STATE", dir.resolve("dispatcher").toString());
        values.put("ODJC_CONFIG", dir.resolve("etc/odjc/connector.yaml").toString());
        values.put("ODJC_STATE", dir.resolve("state").toString());
        values.put("COMPUTER_NAME", computer);
        values.put("DEVICE_ID", "walk-device-" + suffix);

        Path work = Files.createDirectories(dir.resolve("work"));
        StringBuilder script = new StringBuilder("set -euo pipefail\nset -a\ncd " + work + "\n");
        for (int i = 0; i < blocks.size(); i++) {
            Block b = blocks.get(i);
            if (b.background()) {
                Path file = work.resolve("server-" + i + ".sh");
                Files.writeString(file, b.text());
                script.append("setsid bash ").append(file).append(" > ").append(work.resolve("server-" + i + ".log"))
                        .append(" 2>&1 &\necho $! >> ").append(work.resolve("background.pids")).append("\n");
            } else {
                script.append("echo '=== block ").append(i).append("'\n").append(b.text());
            }
        }
        ProcessResult r = Processes.run(List.of("bash", "-c", script.toString()), values, null, Duration.ofMinutes(6));

        String logs = serverLogs(work);
        assertThat(r.exit()).as("the walkthrough stopped: %s\n--- servers\n%s", r, logs).isZero();
        assertThat(r.out()).as(r.toString()).contains("request join-walk-device-" + suffix + ": succeeded")
                .contains("Join is OK");
        Path blob = work.resolve(computer + ".odj");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(blob))).isEqualTo("rw-------");
        assertThat(r.out() + r.err()).as("no secret is echoed").doesNotContain(password, dc.adminPassword());
    }

    private static String serverLogs(Path work) throws IOException {
        StringBuilder out = new StringBuilder();
        try (var files = Files.list(work)) {
            for (Path log : files.filter(p -> p.getFileName().toString().startsWith("server-")
                    && p.getFileName().toString().endsWith(".log")).sorted().toList()) {
                String text = Files.readString(log);
                out.append("--- ").append(log.getFileName()).append('\n')
                        .append(text.length() > 6000 ? text.substring(text.length() - 6000) : text);
            }
        }
        return out.toString();
    }
}
