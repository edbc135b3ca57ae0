package org.odjc.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odjc.cli.OdjcMain;
import org.odjc.config.ConfigLoader;
import org.odjc.dispatcher.DispatchQueue;
import org.odjc.dispatcher.DispatcherServer;
import org.odjc.journal.SqliteJoinJournal;
import org.odjc.provisioning.RequestId;
import org.odjc.provisioning.RequestState;
import org.odjc.testing.ConnectorFixture;
import org.odjc.testing.ItEnvironment;
import org.odjc.testing.SambaDc;
import org.odjc.testing.TestDispatcher;

/**
 * Issue #13 item 2 on the Samba DC: an allow-listed OU where the bind identity lacks rights fails
 * its request once (AD-002, not retryable) while an OU with rights still provisions; and
 * {@code odjc ou add} refuses such an OU, printing the delegate line that fixes it.
 */
class OuRightsIT {
    static final String ADMIN = "rights-admin-token";

    @TempDir
    Path dir;

    private SambaDc dc;
    private final List<String> cleanUp = new ArrayList<>();
    private String name;
    private Path password;

    @BeforeEach
    void user() throws Exception {
        dc = SambaDc.require();
        name = "odjcrights" + ItEnvironment.randomSuffix().toLowerCase();
        String pw = "Rights-" + ItEnvironment.randomSuffix() + "-pw1!";
        cleanUp.add(dc.createUser(name, pw));
        password = dir.resolve("user.password");
        Files.writeString(password, pw + "\n");
    }

    @AfterEach
    void deleteAll() {
        for (String dn : cleanUp) {
            dc.ldap("ldapdelete", null, "-r", dn);
        }
    }

    private String ou(String prefix) {
        String ou = ConnectorFixture.createOu(dc, prefix);
        cleanUp.add(0, ou);
        return ou;
    }

    /** The fixture's configuration, bound as the test's user instead of the admin, with {@code ous} allow-listed. */
    private Path userConfig(int port, String... ous) throws Exception {
        Path admin = ConnectorFixture.config(dir, dc, ous[0], port, 1);
        Path user = dir.resolve("user.yaml");
        StringBuilder list = new StringBuilder("    ous:\n");
        for (String ou : ous) {
            list.append("      - \"").append(ou).append("\"\n");
        }
        Files.writeString(user, Files.readString(admin)
                .replace("user: " + dc.get("ODJC_DC_ADMIN_UPN"), "user: " + name + "@" + dc.domain())
                .replace("passwordFile: " + dc.adminPasswordFile(), "passwordFile: " + password)
                .replace("    ous: [\"" + ous[0] + "\"]\n", list.toString()));
        return user;
    }

    private static OdjcRun odjc(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = OdjcMain.run(args, System.in, new PrintWriter(out), new PrintWriter(err));
        return new OdjcRun(exit, out.toString(), err.toString());
    }

    record OdjcRun(int exit, String out, String err) {
    }

    @Test
    void anAllowListedOuWithoutRightsFailsItsRequestOnceWithAd002AndAnOuWithRightsStillProvisions() throws Exception {
        String noRights = ou("odjc-norights");
        String rights = ou("odjc-rights");
        Path adminConfig = ConnectorFixture.config(dir, dc, rights, 1, 1);
        OdjcRun delegated = odjc("delegate", "--config", adminConfig.toString(), "--ou", rights, "--account", name, "--apply");
        assertThat(delegated.exit()).as(delegated.err()).isZero();
        String suffix = ItEnvironment.randomSuffix().toLowerCase();
        String denied = "rights-denied-" + suffix;
        String granted = "rights-granted-" + suffix;

        try (TestDispatcher dispatcher = TestDispatcher.pinned(dir, Optional.of("c-rights"), ADMIN, Duration.ofSeconds(30))) {
            DispatchQueue queue = dispatcher.queue();
            DispatcherServer server = dispatcher.server();
            Path config = userConfig(server.port(), rights, noRights);
            HttpClient admin = dispatcher.adminClient();
            // oldest first, one worker: the OU without rights comes first, the other after it
            submit(admin, server, denied, noRights);
            submit(admin, server, granted, rights);

            List<String> log = Collections.synchronizedList(new ArrayList<>());
            ConnectorHost host = ConnectorHost.start(config, ConfigLoader.load(config), Map.of(),
                    new ConnectorService.Settings(1, Duration.ofSeconds(1), Duration.ofMillis(50), Duration.ofMillis(500),
                            Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofMillis(500)),
                    log::add);
            Thread loop = new Thread(host::run, "rights-connector");
            loop.start();
            try {
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!(finished(queue.adminView(granted)) && finished(queue.adminView(denied)))
                        && System.nanoTime() < until) {
                    Thread.sleep(100); // an IT waiting on real provisioning
                }
                Thread.sleep(3000); // several more polls and back-offs: time for a request handed back to come again
            } finally {
                assertThat(host.stop()).isTrue();
                host.close();
            }

            DispatchQueue.AdminView d = queue.adminView(denied);
            assertThat(d.state()).as("log: %s", log).isEqualTo(DispatchQueue.State.FAILED);
            assertThat(d.code()).isEqualTo("AD-002");
            DispatchQueue.AdminView g = queue.adminView(granted);
            assertThat(g.state()).as("log: %s", log).isEqualTo(DispatchQueue.State.SUCCEEDED);
            assertThat(g.dn()).isEqualTo("CN=" + g.computerName() + "," + rights);
            assertThat(List.copyOf(log)).filteredOn(l -> l.startsWith("event=request-received requestId=" + denied + " "))
                    .as("leased once").hasSize(1);
            assertThat(List.copyOf(log)).noneMatch(l -> l.startsWith("event=service-halted")
                    || l.startsWith("event=domain-halted"));
            try (SqliteJoinJournal journal = SqliteJoinJournal.open(dir.resolve("state/journal.db"))) {
                assertThat(journal.history(new RequestId(denied))).extracting(e -> e.state())
                        .as("one NAME_CHOSEN: one LDAP add").containsExactly(RequestState.RECEIVED,
                                RequestState.NAME_CHOSEN, RequestState.FAILED);
            }
            assertThat(dc.ldap("ldapsearch", null, "-b", noRights, "-s", "one", "(objectClass=computer)", "1.1").out()
                    .lines().filter(l -> l.startsWith("dn: ")).count()).isZero();
        }
    }

    @Test
    void ouAddRefusesAnOuWhereTheBindLacksRightsWritesNothingAndThePrintedDelegateLineFixesIt() throws Exception {
        String first = ou("odjc-first");
        String noRights = ou("odjc-add");
        Path config = userConfig(1, first);
        String before = Files.readString(config);

        OdjcRun refused = odjc("ou", "add", "--config", config.toString(), noRights);

        assertThat(refused.exit()).as(refused.out() + refused.err()).isEqualTo(1);
        assertThat(Files.readString(config)).isEqualTo(before);
        String line = "odjc delegate --config " + config + " --ou " + noRights + " --account " + name + "@" + dc.domain()
                + " --apply";
        assertThat(refused.out()).contains("\n  " + line + "\n").contains("Create Computer objects");
        assertThat(refused.err()).startsWith("DIAG-008 ");

        // the printed line, run by someone allowed to change the OU's permissions (the admin's configuration)
        Path adminConfig = ConnectorFixture.config(dir, dc, first, 1, 1);
        String[] asAdmin = line.substring("odjc ".length()).replace(config.toString(), adminConfig.toString()).split(" ");
        OdjcRun delegated = odjc(asAdmin);
        assertThat(delegated.exit()).as(delegated.err()).isZero();

        OdjcRun added = odjc("ou", "add", "--config", config.toString(), noRights);
        assertThat(added.exit()).as(added.out() + added.err()).isZero();
        assertThat(Files.readString(config)).contains(noRights);
    }

    private static boolean finished(DispatchQueue.AdminView v) {
        return v.state() == DispatchQueue.State.SUCCEEDED || v.state() == DispatchQueue.State.FAILED;
    }

    private static void submit(HttpClient admin, DispatcherServer server, String id, String ou) throws Exception {
        String body = "{\"requestId\": \"" + id + "\", \"domain\": \"" + SambaDc.require().domain() + "\", \"ou\": \"" + ou
                + "\", \"computerNamePrefix\": \"RGT\", \"deviceId\": \"device-" + id + "\"}";
        HttpResponse<String> r = admin.send(HttpRequest.newBuilder(URI.create("https://localhost:" + server.port()
                + "/v1/requests")).header("Authorization", "Bearer " + ADMIN)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("a new request is accepted: %s", r.body()).isEqualTo(202);
    }
}
