package org.odjc.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odjc.cli.OdjcMain;
import org.odjc.cloud.Wire;
import org.odjc.config.ConfigLoader;
import org.odjc.dispatcher.DispatchQueue;
import org.odjc.dispatcher.DispatcherServer;
import org.odjc.journal.SqliteJoinJournal;
import org.odjc.provisioning.OwnedAccount;
import org.odjc.testing.ConnectorFixture;
import org.odjc.testing.ItEnvironment;
import org.odjc.testing.SambaDc;
import org.odjc.testing.TestDispatcher;

/**
 * Issue 7's history across a restart: the service processes requests from the reference dispatcher
 * on the Samba DC, is stopped and started again on the same state directory, processes more, and
 * {@code odjc requests} lists every one of them, each with its DN and DC. The journal also holds each
 * account's {@code objectGUID} as the DC has it: what {@code odjc cleanup} relies on.
 */
class RequestHistoryIT {
    static final String ADMIN = "history-admin-token";

    @TempDir
    Path dir;

    private SambaDc dc;
    private String ou;

    @AfterEach
    void deleteOu() {
        if (ou != null) {
            dc.ldap("ldapdelete", null, "-r", ou);
        }
    }

    @Test
    void requestsListsEveryRequestTheServiceProcessedBeforeAndAfterARestart() throws Exception {
        dc = SambaDc.require();
        ou = ConnectorFixture.createOu(dc, "HistoryIT");
        String suffix = ItEnvironment.randomSuffix().toLowerCase();
        try (TestDispatcher dispatcher = TestDispatcher.pinned(dir, Optional.of("c-history"), ADMIN, Duration.ofSeconds(30))) {
            DispatchQueue queue = dispatcher.queue();
            DispatcherServer server = dispatcher.server();
            Path config = ConnectorFixture.config(dir, dc, ou, server.port(), 2);
            HttpClient admin = dispatcher.adminClient();

            List<String> ids = new ArrayList<>();
            for (int run = 0; run < 2; run++) { // the second run is the restart
                for (int i = 0; i < 3; i++) {
                    String id = "hist-" + suffix + "-" + run + "-" + i;
                    ids.add(id);
                    String body = "{\"requestId\": \"" + id + "\", \"domain\": \"" + dc.domain() + "\", \"ou\": \"" + ou
                            + "\", \"computerNamePrefix\": \"HIS\", \"deviceId\": \"device-" + id + "\"}";
                    assertThat(post(admin, server, body).statusCode()).isEqualTo(202);
                }
                serveUntil(config, queue, ids.size());
            }

            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int status = OdjcMain.run(new String[] {"requests", "--config", config.toString(), "--json"}, System.in,
                    new PrintWriter(out), new PrintWriter(err));
            assertThat(status).as(err.toString()).isZero();
            List<JsonNode> rows = out.toString().lines().map(RequestHistoryIT::json).toList();
            assertThat(rows).extracting(r -> r.get("requestId").asText()).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(rows).allSatisfy(r -> {
                assertThat(r.get("state").asText()).isEqualTo("done");
                assertThat(r.get("dn").asText()).endsWith("," + ou);
                assertThat(r.get("dc").asText()).isEqualTo(dc.host());
            });

            StringWriter show = new StringWriter();
            assertThat(OdjcMain.run(new String[] {"requests", "show", ids.get(0), "--config", config.toString()}, System.in,
                    new PrintWriter(show), new PrintWriter(new StringWriter()))).isZero();
            assertThat(show.toString()).contains("received", "name_chosen", "account_created", "reported", "done");

            try (SqliteJoinJournal journal = SqliteJoinJournal.open(dir.resolve("state/journal.db"))) {
                List<OwnedAccount> owned = journal.owned(org.odjc.domain.DomainDnsName.parse(dc.domain()));
                assertThat(owned).hasSize(ids.size());
                for (OwnedAccount a : owned) {
                    assertThat(dc.attribute(a.dn().toString(), "objectGUID")).as("the GUID the DC holds for %s", a.dn())
                            .isEqualTo(guidHex(a));
                    assertThat(dc.attribute(a.dn().toString(), "description")).isEqualTo(a.tag());
                }
            }
        }
    }

    /** Starts the service on the configuration's state directory, waits for {@code total} successes, stops it. */
    private static void serveUntil(Path config, DispatchQueue queue, int total) throws Exception {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        ConnectorHost host = ConnectorHost.start(config, ConfigLoader.load(config), Map.of(),
                new ConnectorService.Settings(2, Duration.ofSeconds(1), Duration.ofMillis(50), Duration.ofMillis(500),
                        Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofSeconds(5)),
                log::add);
        Thread loop = new Thread(host::run, "history-connector");
        loop.start();
        try {
            long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (queue.stateCounts().getOrDefault(DispatchQueue.State.SUCCEEDED, 0) < total && System.nanoTime() < until) {
                Thread.sleep(100); // an IT waiting on real provisioning
            }
        } finally {
            assertThat(host.stop()).isTrue();
            loop.join(TimeUnit.SECONDS.toMillis(30));
            host.close();
        }
        // the dispatcher may still hold the stopped host's last long-poll (1 s here): a request
        // posted meanwhile would be leased to it and wait out the lease (2 min) before coming back
        Thread.sleep(1500);
        assertThat(queue.stateCounts()).as("log: %s", log).containsExactly(Map.entry(DispatchQueue.State.SUCCEEDED, total));
    }

    /** objectGUID as ldapsearch prints it (base64, decoded to hex by SambaDc.attribute): the wire order. */
    private static String guidHex(OwnedAccount a) {
        byte[] wire = new byte[16];
        a.objectGuid().toWire(wire, 0);
        return java.util.HexFormat.of().formatHex(wire);
    }

    private static HttpResponse<String> post(HttpClient admin, DispatcherServer server, String body) throws Exception {
        return admin.send(HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + "/v1/requests"))
                .header("Authorization", "Bearer " + ADMIN).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(String line) {
        try {
            return Wire.JSON.readTree(line);
        } catch (Exception e) {
            throw new IllegalStateException(line, e);
        }
    }
}
