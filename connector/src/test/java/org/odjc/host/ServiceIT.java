package org.odjc.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpsServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odjc.cloud.Wire;
import org.odjc.config.ConfigLoader;
import org.odjc.journal.SqliteJoinJournal;
import org.odjc.odj.DjoinText;
import org.odjc.odj.OdjCodec;
import org.odjc.provisioning.RequestId;
import org.odjc.provisioning.RequestState;
import org.odjc.testing.ConnectorFixture;
import org.odjc.testing.ItEnvironment;
import org.odjc.testing.ProcessResult;
import org.odjc.testing.SambaClient;
import org.odjc.testing.SambaDc;
import org.odjc.testing.TestPki;

/**
 * The connector as a service, end to end on its side: a scripted dispatcher (mutual TLS) leases one
 * request; the real host locates the Samba DC through its DNS, creates the account in the OU,
 * journals, and reports a blob with which a Samba client joins. The dispatcher itself is scripted
 * here: the reference dispatcher is not built yet.
 */
class ServiceIT {
    @TempDir
    Path dir;

    private SambaDc dc;
    private String ou;
    private HttpsServer dispatcher;

    @AfterEach
    void cleanUp() {
        if (dispatcher != null) {
            dispatcher.stop(0);
        }
        if (ou != null) {
            dc.ldap("ldapdelete", null, "-r", ou);
        }
    }

    @Test
    void aLeasedRequestIsProvisionedJournaledAndReportedWithABlobThatJoins() throws Exception {
        dc = SambaDc.require();
        ItEnvironment.requireTool("net", "samba");
        ou = ConnectorFixture.createOu(dc, "odjc-svc");
        String suffix = ItEnvironment.randomSuffix();

        TestPki.Issued ca = TestPki.Issued.ca("CN=odjc IT dispatcher CA");
        TestPki.writeIdentity(dir.resolve("identity"), "c-it", ca.issue("CN=c-it", false), ca);
        String requestId = "it-" + suffix.toLowerCase();
        List<JsonNode> heartbeats = Collections.synchronizedList(new ArrayList<>());
        BlockingQueue<JsonNode> results = new LinkedBlockingQueue<>();
        startDispatcher(ca, requestId, results, heartbeats);

        Path config = ConnectorFixture.config(dir, dc, ou, dispatcher.getAddress().getPort(), 2);
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        ConnectorHost host = ConnectorHost.start(config, ConfigLoader.load(config), Map.of(), new ConnectorService.Settings(2,
                Duration.ofSeconds(1), Duration.ofMillis(50), Duration.ofMillis(500), Duration.ofSeconds(5),
                Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofMillis(500)), log::add);
        Thread loop = new Thread(host::run, "it-connector");
        loop.start();
        JsonNode result;
        try {
            result = results.poll(60, TimeUnit.SECONDS);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (heartbeats.stream().noneMatch(h -> h.hasNonNull("diagnostics")) && System.nanoTime() < until) {
                Thread.sleep(100); // the service's first diagnostics run reaches the next heartbeat
            }
            // the dispatcher goes away: the next heartbeat fails and says so
            HttpsServer gone = dispatcher;
            dispatcher = null;
            gone.stop(0);
            long beatUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (List.copyOf(log).stream().noneMatch(l -> l.startsWith("event=heartbeat-failed code=CLOUD-"))
                    && System.nanoTime() < beatUntil) {
                Thread.sleep(100);
            }
        } finally {
            assertThat(host.stop()).isTrue();
            host.close();
        }
        assertThat(List.copyOf(log)).anyMatch(l -> l.startsWith("event=heartbeat-failed code=CLOUD-"));

        assertThat(result).as("a result within 60 s; log: %s", log).isNotNull();
        assertThat(result.get("outcome").asText()).as(result.toString()).isEqualTo("succeeded");
        assertThat(result.get("fencingToken").asLong()).isEqualTo(1);
        String name = result.get("computerName").asText();
        assertThat(name).matches("ODJSVC[A-Z0-9]{9}");
        assertThat(result.get("dn").asText()).isEqualTo("CN=" + name + "," + ou);
        assertThat(dc.attribute(result.get("dn").asText(), "description"))
                .isEqualTo("odjc request=" + requestId + " connector=c-it");

        byte[] ndr = Base64.getDecoder().decode(result.get("blob").asText());
        Path blob = dir.resolve("blob.txt");
        Files.write(blob, DjoinText.toDjoinFile(ndr));
        SambaClient client = new SambaClient(dc, name, dir.resolve("client"));
        ProcessResult applied = client.requestOdj(blob);
        assertThat(applied.exit()).as(applied.toString()).isZero();
        assertThat(client.testJoin().out()).contains("Join is OK");

        try (SqliteJoinJournal journal = SqliteJoinJournal.open(dir.resolve("state/journal.db"))) {
            assertThat(journal.history(new RequestId(requestId))).extracting(e -> e.state()).containsExactly(
                    RequestState.RECEIVED, RequestState.NAME_CHOSEN, RequestState.ACCOUNT_CREATED, RequestState.REPORTED,
                    RequestState.DONE);
        }
        assertThat(heartbeats).as("a heartbeat at start").isNotEmpty();
        JsonNode beat = heartbeats.get(0);
        assertThat(beat.get("domains").get(0).asText()).isEqualTo(dc.domain());
        assertThat(beat.get("allowedOus").get(dc.domain().toLowerCase()).get(0).asText()).isEqualTo(ou);
        assertThat(beat.get("health").asText()).isEqualTo("ok");
        JsonNode diagnostics = heartbeats.stream().filter(h -> h.hasNonNull("diagnostics")).findFirst()
                .orElseThrow(() -> new AssertionError("no heartbeat carried diagnostics; log: " + log)).get("diagnostics");
        // everything passes but the test PKI's one-day client certificate, which the check flags
        assertThat(diagnostics.get("failing")).as("%s; log: %s", diagnostics, log).isEmpty();
        assertThat(diagnostics.get("warning").toString()).isEqualTo("[\"DIAG-004\"]");
        assertThat(List.copyOf(log)).anyMatch(l -> l.startsWith("event=diagnostics-changed check=dispatcher")
                && l.contains("code=DIAG-004")).anyMatch(l -> l.startsWith("event=diagnostics-run worst=WARN"));
        String password = new String(OdjCodec.decode(ndr).win7Blob().orElseThrow().machinePassword().copyUnits());
        assertThat(List.copyOf(log)).anyMatch(l -> l.equals("event=request-done requestId=" + requestId))
                .noneMatch(l -> l.contains(password.substring(0, 12)) || l.contains(result.get("blob").asText()));
        for (String f : List.of("state/journal.db", "state/journal.db-wal")) {
            Path p = dir.resolve(f);
            if (Files.exists(p)) {
                assertThat(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1))
                        .doesNotContain(new String(password.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1)
                                .substring(0, 24));
            }
        }
    }

    /** Leases the one request on the first poll, then has no work; records every result. */
    private void startDispatcher(TestPki.Issued ca, String requestId, BlockingQueue<JsonNode> results,
            List<JsonNode> heartbeats) throws Exception {
        dispatcher = org.odjc.testing.OneLeaseDispatcher.start(ca, requestId,
                new Wire.WireRequest(dc.domain(), ou, null, "ODJSVC", "it-device"),
                beat -> heartbeats.add(readTree(beat)), body -> {
                    results.add(Wire.JSON.readTree(body));
                    return "{\"accepted\": true}";
                });
    }

    private static JsonNode readTree(byte[] body) {
        try {
            return Wire.JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

}
