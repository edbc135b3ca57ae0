package org.odjc.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odjc.cloud.Wire;
import org.odjc.config.ConfigLoader;
import org.odjc.testing.ConnectorFixture;
import org.odjc.testing.ItEnvironment;
import org.odjc.testing.ProcessResult;
import org.odjc.testing.SambaDc;
import org.odjc.testing.TestPki;

/**
 * Issue 4's bad input through the running service against the Samba DC: a dispatcher (scripted, so
 * it can send what the reference one would refuse) leases requests for a domain or OU outside the
 * configuration, invalid names and prefixes, malformed and oversized fields. Each ends as a failed
 * result with its code, and the directory is not written at all: its highestCommittedUSN, which
 * every write raises, does not move. A request id leased again after it was processed gets the
 * earlier outcome: the same account, not a second one.
 */
class BadInputIT {
    @TempDir
    Path dir;

    private SambaDc dc;
    private String ou;
    private HttpServer dispatcher;
    private final BlockingQueue<ObjectNode> toLease = new LinkedBlockingQueue<>();
    private final Map<String, JsonNode> results = new ConcurrentHashMap<>();

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
    void everyBadRequestFailsWithItsCodeAndWritesNothingAndARepeatedIdGetsTheEarlierAccount() throws Exception {
        dc = SambaDc.require();
        ou = ConnectorFixture.createOu(dc, "odjc-bad");
        String s = ItEnvironment.randomSuffix().toLowerCase();
        TestPki.Issued ca = TestPki.Issued.ca("CN=odjc bad-input dispatcher CA");
        TestPki.writeIdentity(dir.resolve("identity"), "c-bad", ca.issue("CN=c-bad", false), ca);
        startDispatcher(ca);
        Path config = ConnectorFixture.config(dir, dc, ou, dispatcher.getAddress().getPort(), 2);
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        ConnectorHost host = ConnectorHost.start(config, ConfigLoader.load(config), Map.of(), new ConnectorService.Settings(2,
                Duration.ofSeconds(1), Duration.ofMillis(50), Duration.ofMillis(500), Duration.ofSeconds(5),
                Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofSeconds(30)), log::add);
        Thread loop = new Thread(host::run, "bad-input-connector");
        loop.start();
        try {
            Map<String, String> expected = new LinkedHashMap<>();
            List<ObjectNode> bad = new ArrayList<>();
            bad.add(lease("other-domain-" + s, "other.example.com", null, null, "PC", expected, "PROV-010"));
            bad.add(lease("ou-not-allowed-" + s, dc.domain(), "OU=Elsewhere," + dc.baseDn(), null, "PC", expected, "PROV-001"));
            bad.add(lease("ou-parent-" + s, dc.domain(), dc.baseDn(), null, "PC", expected, "PROV-001"));
            bad.add(lease("ou-malformed-" + s, dc.domain(), "not a dn", null, "PC", expected, "INPUT-011"));
            bad.add(lease("ou-oversized-" + s, dc.domain(), "OU=" + "x".repeat(70_000) + "," + dc.baseDn(), null, "PC",
                    expected, "INPUT-011"));
            bad.add(lease("name-invalid-" + s, dc.domain(), ou, "BAD NAME!", null, expected, "INPUT-005"));
            bad.add(lease("name-too-long-" + s, dc.domain(), ou, "ABCDEFGHIJKLMNOPQ", null, expected, "INPUT-005"));
            bad.add(lease("prefix-invalid-" + s, dc.domain(), ou, null, "PC*", expected, "INPUT-012"));
            bad.add(lease("prefix-too-long-" + s, dc.domain(), ou, null, "ABCDEFGHIJKLMNOP", expected, "INPUT-012"));
            bad.add(lease("domain-malformed-" + s, "corp..example", ou, null, "PC", expected, "INPUT-003"));
            bad.add(lease("both-names-" + s, dc.domain(), ou, "PC1", "PC", expected, "CLOUD-003"));
            ObjectNode device = lease("device-oversized-" + s, dc.domain(), ou, null, "PC", expected, "CLOUD-003");
            ((ObjectNode) device.get("request")).put("deviceId", "d".repeat(129));
            bad.add(device);
            // a lease that cannot be addressed (no valid id or token) cannot be answered: it runs out
            Map<String, String> unanswerable = new LinkedHashMap<>();
            ObjectNode token = lease("token-zero-" + s, dc.domain(), ou, null, "PC", unanswerable, null);
            token.put("fencingToken", 0);
            bad.add(token);
            bad.add(lease("bad id/" + s, dc.domain(), ou, null, "PC", unanswerable, null));
            ObjectNode noExpiry = lease("expiry-malformed-" + s, dc.domain(), ou, null, "PC", expected, "CLOUD-003");
            noExpiry.put("expires", "tomorrow");
            bad.add(noExpiry);

            // the service's own diagnostics bind at start; let them finish before watching for writes
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (List.copyOf(log).stream().noneMatch(l -> l.startsWith("event=diagnostics-run"))
                    && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            assertThat(List.copyOf(log)).anyMatch(l -> l.startsWith("event=diagnostics-run"));
            long usn = highestCommittedUsn();
            long computers = computersInDomain();
            toLease.addAll(bad);
            awaitResults(expected.keySet());

            for (Map.Entry<String, String> e : expected.entrySet()) {
                JsonNode r = results.get(e.getKey());
                assertThat(r.get("outcome").asText()).as(e.getKey()).isEqualTo("failed");
                assertThat(r.get("code").asText()).as("%s: %s", e.getKey(), r).isEqualTo(e.getValue());
                assertThat(r.get("retryable").asBoolean()).as(e.getKey()).isFalse();
            }
            assertThat(results).doesNotContainKeys(unanswerable.keySet().toArray(String[]::new));
            assertThat(highestCommittedUsn()).as("no directory write at all").isEqualTo(usn);
            assertThat(computersInDomain()).isEqualTo(computers);

            Map<String, String> ok = new LinkedHashMap<>();
            toLease.add(lease("good-" + s, dc.domain(), ou, null, "GOOD", ok, null));
            awaitResults(ok.keySet());
            JsonNode first = results.remove("good-" + s);
            assertThat(first.get("outcome").asText()).as(first.toString()).isEqualTo("succeeded");
            ObjectNode again = lease("good-" + s, dc.domain(), ou, null, "GOOD", ok, null);
            again.put("fencingToken", 2); // the dispatcher leases it again: our first report never landed
            toLease.add(again);
            awaitResults(ok.keySet());
            JsonNode second = results.get("good-" + s);

            assertThat(second.get("outcome").asText()).isEqualTo("succeeded");
            assertThat(second.get("dn").asText()).isEqualTo(first.get("dn").asText());
            assertThat(second.get("sid").asText()).isEqualTo(first.get("sid").asText());
            assertThat(computersInDomain()).as("the same account, not a second").isEqualTo(computers + 1);
        } finally {
            assertThat(host.stop()).isTrue();
            host.close();
        }
        assertThat(List.copyOf(log)).anyMatch(l -> l.contains("event=request-failed") && l.contains("code=PROV-001"));
    }

    private static ObjectNode lease(String id, String domain, String ou, String name, String prefix,
            Map<String, String> expected, String code) {
        ObjectNode l = Wire.JSON.createObjectNode();
        l.put("requestId", id);
        l.put("fencingToken", 1);
        l.put("expires", Instant.now().plusSeconds(300).toString());
        ObjectNode r = l.putObject("request");
        r.put("domain", domain);
        if (ou != null) {
            r.put("ou", ou);
        }
        if (name != null) {
            r.put("computerName", name);
        }
        if (prefix != null) {
            r.put("computerNamePrefix", prefix);
        }
        r.put("deviceId", "device-" + id);
        expected.put(id, code);
        return l;
    }

    private long highestCommittedUsn() {
        ProcessResult root = dc.ldap("ldapsearch", null, "-b", "", "-s", "base", "(objectClass=*)", "highestCommittedUSN");
        return Long.parseLong(root.out().lines().filter(l -> l.startsWith("highestCommittedUSN: ")).findFirst()
                .orElseThrow(() -> new AssertionError("no highestCommittedUSN: " + root)).substring(21).strip());
    }

    private long computersInDomain() {
        ProcessResult r = dc.ldap("ldapsearch", null, "-b", dc.baseDn(), "(objectClass=computer)", "1.1");
        return r.out().lines().filter(l -> l.startsWith("dn: ")).count();
    }

    private void awaitResults(java.util.Set<String> ids) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!results.keySet().containsAll(ids) && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertThat(results.keySet()).as("a result for every request").containsAll(ids);
    }

    /** Hands out what is put in {@link #toLease}, at most the asked number per poll; records every result. */
    private void startDispatcher(TestPki.Issued ca) throws Exception {
        dispatcher = TestPki.httpsServer(ca.issue("CN=localhost", true), ca.cert());
        dispatcher.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] in = exchange.getRequestBody().readAllBytes();
            String answer;
            if (path.equals("/v1/leases")) {
                List<ObjectNode> batch = new ArrayList<>();
                try {
                    ObjectNode first = toLease.poll(500, java.util.concurrent.TimeUnit.MILLISECONDS);
                    if (first != null) {
                        batch.add(first);
                        toLease.drainTo(batch, Wire.JSON.readTree(in).get("max").asInt() - 1);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                ObjectNode out = Wire.JSON.createObjectNode();
                out.putArray("leases").addAll(batch);
                answer = out.toString();
            } else if (path.equals("/v1/heartbeat")) {
                answer = "{\"serverTime\": \"" + Instant.now() + "\"}";
            } else if (path.endsWith("/extend")) {
                answer = "{\"expires\": \"" + Instant.now().plusSeconds(300) + "\"}";
            } else if (path.startsWith("/v1/requests/") && path.endsWith("/result")) {
                results.put(path.substring("/v1/requests/".length(), path.length() - "/result".length()),
                        Wire.JSON.readTree(in));
                answer = "{\"accepted\": true}";
            } else {
                answer = null;
            }
            byte[] out = (answer != null ? answer : "{\"error\": \"not-found\", \"detail\": \"" + path + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer != null ? 200 : 404, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        dispatcher.start();
    }
}
