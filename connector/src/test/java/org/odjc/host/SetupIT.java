package org.odjc.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odjc.cli.OdjcMain;
import org.odjc.config.ConfigLoader;
import org.odjc.config.ConnectorConfig;
import org.odjc.testing.ConnectorFixture;
import org.odjc.testing.ItEnvironment;
import org.odjc.testing.ProcessResult;
import org.odjc.testing.Processes;
import org.odjc.testing.SambaDc;
import org.odjc.testing.ServiceProcesses;
import org.odjc.testing.ServiceProcesses.Admin;
import org.odjc.testing.ServiceProcesses.Jvm;

/**
 * {@code odjc setup} typed into a real terminal (tmux) against the Samba DC: a connector account
 * without rights, delegation offered and accepted, enrollment with a token; then the service runs
 * on the written configuration, and {@code odjc ou add} reaches it without a restart.
 */
class SetupIT {
    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    Path dir;

    private SambaDc dc;
    private final List<String> cleanUp = new ArrayList<>();
    private final List<Jvm> processes = new ArrayList<>();
    private final String session = "odjc-setup-" + ItEnvironment.randomSuffix().toLowerCase();

    @AfterEach
    void cleanUp() throws InterruptedException {
        Processes.run(List.of("tmux", "kill-session", "-t", session), Map.of(), null, Duration.ofSeconds(10));
        for (Jvm p : processes) {
            if (p.alive()) {
                p.kill();
            }
        }
        for (String dn : cleanUp) {
            dc.ldap("ldapdelete", null, "-r", dn);
        }
    }

    @Test
    void theWizardTypedAtATerminalWritesAConfigTheServiceRunsOnAndOuAddReachesTheRunningService() throws Exception {
        dc = SambaDc.require();
        ItEnvironment.requireTool("tmux", "tmux");
        String first = ConnectorFixture.createOu(dc, "odjc-setup-a");
        cleanUp.add(first);
        String second = ConnectorFixture.createOu(dc, "odjc-setup-b");
        cleanUp.add(second);
        String name = "odjcset" + ItEnvironment.randomSuffix().toLowerCase();
        String password = "Set-" + ItEnvironment.randomSuffix() + "-pw1!";
        cleanUp.add(dc.createUser(name, password));

        int port = ServiceProcesses.freePort();
        Path dispatcherState = dir.resolve("dispatcher");
        Jvm dispatcher = track(ServiceProcesses.dispatcher(dispatcherState, port, 30, dir.resolve("dispatcher.log")).start());
        dispatcher.await("event=dispatcher-started", Duration.ofSeconds(60));
        Admin admin = Admin.of(dispatcherState, port);
        JsonNode token = admin.await("POST", "/v1/admin/enrollment-tokens", "{\"connectorId\": \"c-setup\"}");

        Path config = dir.resolve("etc/connector.yaml");
        Files.createDirectories(config.getParent());
        Path script = dir.resolve("setup.sh");
        Files.writeString(script, "#!/bin/sh\nexec " + Path.of(System.getProperty("java.home"), "bin", "java") + " -cp '"
                + System.getProperty("java.class.path") + "' org.odjc.cli.OdjcMain setup --config " + config
                + " --service-user " + System.getProperty("user.name") + "\n");
        run("tmux", "new-session", "-d", "-s", session, "-x", "250", "-y", "60",
                "sh " + script + "; echo SETUP-EXIT=$?; sleep 600");

        answer("Active Directory domain", dc.domain());
        answer("DNS servers of the domain", dc.ip());
        answer("Bind with ldaps, starttls or kerberos", "");
        answer("The connector's account", name + "@" + dc.domain());
        answer("Password of " + name, password);
        answer("CA certificate (PEM)", dc.caFile().toString());
        String listed = await("OUs the connector may create computers in");
        Matcher m = Pattern.compile("(?m)^\\s+(\\d+)\\s+" + Pattern.quote(first) + "\\s*$").matcher(listed);
        assertThat(m.find()).as("the first OU is listed with a number:\n" + listed).isTrue();
        type(m.group(1));
        String children = await("Also allow the OUs below the chosen ones");
        assertThat(children).as("the default shown once").contains("(includeChildren)? (yes/no) [no]:");
        type("");
        answer("Default OU for requests", "");
        String checks = await("Delegate them now");
        assertThat(checks).contains("DIAG-008").contains("Delegate them now with an administrator's account? (yes/no) [no]:")
                .doesNotContain("[y/N]");
        type("y");
        answer("Administrator allowed", dc.get("ODJC_DC_ADMIN_UPN"));
        answer("Password of " + dc.get("ODJC_DC_ADMIN_UPN"), dc.adminPassword());
        answer("State directory", dir.resolve("state").toString());
        answer("Enrollment identity directory", "");
        answer("Requests processed at once", "2");
        int adminPort = ServiceProcesses.freePort();
        String endpoint = await("Local admin endpoint");
        assertThat(endpoint).contains("[127.0.0.1:9464]:");
        type("127.0.0.1:" + adminPort);
        answer("Dispatcher URL", "https://localhost:" + port);
        answer("Enrollment token", token.get("token").asText());
        answer("SHA-256 fingerprint", token.get("caSha256").asText());
        String end = await("SETUP-EXIT=");

        assertThat(end).contains("Delegated on " + first, "Enrolled as c-setup", "Wrote " + config, "SETUP-EXIT=0");
        assertThat(end).as("no secret is echoed").doesNotContain(password, dc.adminPassword(), token.get("token").asText());
        ConnectorConfig written = ConfigLoader.load(config);
        assertThat(written.domains().get(0).ous().entries()).extracting(e -> e.ou().toString()).containsExactly(first);
        assertThat(written.domains().get(0).ous().entries().get(0).includeChildren()).isFalse();
        assertThat(written.service().orElseThrow().workers()).isEqualTo(2);
        assertThat(written.service().orElseThrow().admin().orElseThrow().getPort()).isEqualTo(adminPort);
        Path secret = config.resolveSibling("secrets/bind.password");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-------");
        assertThat(Files.readString(config)).doesNotContain(password).contains("passwordFile:");

        Jvm connector = track(ServiceProcesses.connector(config, dir.resolve("connector.log")).start());
        connector.await("event=service-started", Duration.ofSeconds(60));
        JsonNode inFirst = result(admin, submit(admin, "in-first", first));
        assertThat(inFirst.get("state").asText()).as(inFirst.toString()).isEqualTo("succeeded");
        assertThat(result(admin, submit(admin, "second-before", second)).at("/failure/code").asText()).isEqualTo("PROV-001");

        Path asAdmin = ConnectorFixture.config(Files.createDirectories(dir.resolve("admin")), dc, second, port, 1);
        assertThat(cli("delegate", "--config", asAdmin.toString(), "--ou", second, "--account", name, "--apply")).isZero();
        StringWriter added = new StringWriter();
        assertThat(OdjcMain.run(new String[] {"ou", "add", second, "--config", config.toString()}, System.in,
                new PrintWriter(added), new PrintWriter(new StringWriter()))).as(added.toString()).isZero();
        connector.await("event=config-reloaded eventId=1010 changed=ous", Duration.ofSeconds(30)); // names what changed
        JsonNode after = result(admin, submit(admin, "second-after", second));

        assertThat(after.get("state").asText()).as(after.toString()).isEqualTo("succeeded");
        assertThat(after.at("/result/dn").asText()).endsWith(second);
        assertThat(connector.alive()).as("the same process, not restarted").isTrue();
        StringWriter list = new StringWriter();
        assertThat(OdjcMain.run(new String[] {"ou", "list", "--config", config.toString()}, System.in, new PrintWriter(list),
                new PrintWriter(new StringWriter()))).isZero();
        assertThat(list.toString()).contains(first + "  (default)", second);
    }

    private Jvm track(Jvm j) {
        processes.add(j);
        return j;
    }

    private static int cli(String... args) {
        return OdjcMain.run(args, System.in, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    }

    private String submit(Admin admin, String id, String ou) throws InterruptedException {
        String requestId = id + "-" + ItEnvironment.randomSuffix().toLowerCase();
        admin.await("POST", "/v1/requests", "{\"requestId\": \"" + requestId + "\", \"domain\": \"" + dc.domain()
                + "\", \"ou\": \"" + ou + "\", \"computerNamePrefix\": \"SETUP\", \"deviceId\": \"d-" + id + "\"}");
        return requestId;
    }

    private static JsonNode result(Admin admin, String id) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < until) {
            JsonNode v = admin.call("GET", "/v1/requests/" + id, null);
            if (v != null && !v.get("state").asText().matches("queued|leased")) {
                return v;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(id + " did not finish within 90 s");
    }

    /** Waits for {@code prompt} on the screen, then types {@code text} and Enter. */
    private void answer(String prompt, String text) throws Exception {
        await(prompt);
        type(text);
    }

    /** Types {@code text} and Enter at the prompt on screen. */
    private void type(String text) throws Exception {
        if (!text.isEmpty()) {
            run("tmux", "send-keys", "-t", session, "-l", text);
        }
        run("tmux", "send-keys", "-t", session, "Enter");
        // the prompt stays on screen: wait until the answer has moved the cursor on
        Thread.sleep(300);
    }

    private final Map<String, Integer> consumed = new java.util.HashMap<>();

    /** The terminal's text once {@code text} appears once more than earlier waits for it consumed. */
    private String await(String text) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        String screen = "";
        while (System.nanoTime() < until) {
            screen = run("tmux", "capture-pane", "-p", "-J", "-t", session, "-S", "-5000").out();
            int count = screen.split(Pattern.quote(text), -1).length - 1;
            if (count > consumed.getOrDefault(text, 0)) {
                consumed.put(text, count);
                return screen;
            }
            if (screen.contains("SETUP-EXIT=") && !text.equals("SETUP-EXIT=")) {
                break;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no '" + text + "' on the terminal:\n" + screen);
    }

    private static ProcessResult run(String... command) {
        ProcessResult r = Processes.run(List.of(command), Map.of(), null, Duration.ofSeconds(30));
        assertThat(r.exit()).as(r.toString()).isZero();
        return r;
    }
}
