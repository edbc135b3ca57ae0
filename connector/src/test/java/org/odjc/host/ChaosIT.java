package org.odjc.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odjc.odj.DjoinText;
import org.odjc.odj.OdjCodec;
import org.odjc.odj.OdjWin7Blob;
import org.odjc.testing.ConnectorFixture;
import org.odjc.testing.ItEnvironment;
import org.odjc.testing.ProcessResult;
import org.odjc.testing.Processes;
import org.odjc.testing.SambaClient;
import org.odjc.testing.SambaDc;
import org.odjc.testing.ServiceProcesses;
import org.odjc.testing.ServiceProcesses.Admin;
import org.odjc.testing.ServiceProcesses.Jvm;

/**
 * The exactly-once rule under crashes, with every part a real process: {@code odjc-dispatcher
 * serve}, {@code odjc run} (enrolled with {@code odjc enroll}) and the Samba DC. Connectors are
 * killed with SIGKILL, the dispatcher too, the DC is stopped; afterwards every request has one
 * result, every account one request, and every delivered blob still joins.
 */
class ChaosIT {
    static final int LEASE_SECONDS = 60;

    /** Kept when a test fails: the processes' logs are the evidence. */
    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    Path dir;

    private SambaDc dc;
    private String ou;
    private final List<Jvm> processes = new ArrayList<>();
    /** The first answer that carried each request's result (the dispatcher hands a blob over once). */
    private final Map<String, JsonNode> finished = new LinkedHashMap<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (Jvm p : processes) {
            if (p.alive()) {
                p.kill();
            }
        }
        if (ou != null) {
            dc.ldap("ldapdelete", null, "-r", ou);
        }
    }

    @Test
    void killsOfConnectorAndDispatcherAndAStoppedDcLoseNoRequestAndLeaveNoOrphanAndNoInvalidBlob() throws Exception {
        dc = SambaDc.require();
        ItEnvironment.requireTool("net", "samba");
        if (!"0".equals(Processes.run(List.of("id", "-u")).out().strip())) {
            ItEnvironment.skipOrFail("stopping the Samba DC (scripts/samba-dc down) needs root");
        }
        ou = ConnectorFixture.createOu(dc, "odjc-chaos");
        int requests = Integer.getInteger("odjc.chaos.requests", 300);
        int kills = 10;
        Random random = new Random();
        int port = ServiceProcesses.freePort();
        Path state = dir.resolve("dispatcher");
        Jvm dispatcher = track(ServiceProcesses.dispatcher(state, port, LEASE_SECONDS, dir.resolve("dispatcher.log")).start());
        dispatcher.await("event=dispatcher-started", java.time.Duration.ofSeconds(60));
        Admin admin = Admin.of(state, port);
        Path connectorDir = Files.createDirectories(dir.resolve("connector"));
        Path config = ConnectorFixture.config(connectorDir, dc, ou, port, 4);
        ServiceProcesses.enroll(admin, dir, "c-chaos", connectorDir.resolve("identity"));
        Jvm connector = track(ServiceProcesses.connector(config, dir.resolve("connector.log")).start());

        String prefix = "chaos-" + ItEnvironment.randomSuffix().toLowerCase() + "-";
        Set<String> inFlightAtKill = new HashSet<>();
        int submitted = 0;
        for (int round = 0; round < kills; round++) {
            for (int i = 0; i < requests / kills; i++, submitted++) {
                admin.await("POST", "/v1/requests", "{\"requestId\": \"" + prefix + submitted + "\", \"domain\": \""
                        + dc.domain() + "\", \"ou\": \"" + ou + "\", \"computerNamePrefix\": \"CH\", \"deviceId\": \"d-"
                        + submitted + "\"}");
            }
            Thread.sleep(1000 + random.nextInt(3000)); // a random moment in the work
            connector.kill();
            inFlightAtKill.addAll(leased(admin, prefix, submitted));
            if (round == 3) {
                dispatcher.kill();
                dispatcher = track(ServiceProcesses.dispatcher(state, port, LEASE_SECONDS, dir.resolve("dispatcher.log"))
                        .start());
                dispatcher.await("event=dispatcher-started", java.time.Duration.ofSeconds(60));
            }
            connector = track(ServiceProcesses.connector(config, dir.resolve("connector.log")).start());
            if (round == 6) {
                Thread.sleep(1000);
                stopDcFor(30);
            }
        }
        awaitAllFinished(admin, prefix, submitted, 10);
        connector.stop();
        dispatcher.stop();

        assertThat(finished).hasSize(requests);
        Map<String, JsonNode> failed = new HashMap<>(finished);
        failed.values().removeIf(v -> v.get("state").asText().equals("succeeded"));
        assertThat(failed).as("every request succeeded (the DC came back)").isEmpty();
        List<String> names = finished.values().stream().map(v -> v.get("result").get("computerName").asText()).toList();
        assertThat(names).doesNotHaveDuplicates();
        assertThat(accountsInOu()).as("one account per success: no orphans, no duplicates").isEqualTo(requests);
        assertThat(inFlightAtKill).as("kills hit requests in flight").isNotEmpty();

        List<String> sample = new ArrayList<>(inFlightAtKill.stream().sorted().limit(12).toList());
        List<String> others = new ArrayList<>(finished.keySet());
        others.removeAll(sample);
        java.util.Collections.shuffle(others, random);
        sample.addAll(others.subList(0, 20 - sample.size()));
        for (String id : sample) {
            assertJoins(id);
        }
        assertNoSecretIn(Stream.of(dir.resolve("connector.log"), dir.resolve("dispatcher.log"),
                connectorDir.resolve("state/journal.db"), connectorDir.resolve("state/journal.db-wal"),
                state.resolve("dispatcher.db"), state.resolve("dispatcher.db-wal")).filter(Files::exists).toList());
        StringWriter listed = new StringWriter();
        assertThat(org.odjc.cli.OdjcMain.run(new String[] {"requests", "--config", config.toString(), "--json", "--limit",
            "1000"}, System.in, new PrintWriter(listed), new PrintWriter(new StringWriter()))).isZero();
        List<String> journaled = listed.toString().lines().filter(l -> l.contains("\"requestId\":\"" + prefix)).toList();
        assertThat(journaled).as("odjc requests shows every request across the restarts").hasSize(requests)
                .allMatch(l -> l.contains("\"state\":\"done\""));
        System.out.printf("ChaosIT: %d requests, %d connector kills, %d in flight at a kill, 1 dispatcher kill,"
                + " DC stopped 30 s; %d blobs joined%n", requests, kills, inFlightAtKill.size(), sample.size());
    }

    @Test
    void twoConnectorsShareTheLoadAndTheSurvivorFinishesTheKilledOnesLeases() throws Exception {
        dc = SambaDc.require();
        ou = ConnectorFixture.createOu(dc, "odjc-pair");
        int requests = 80;
        int port = ServiceProcesses.freePort();
        Path state = dir.resolve("dispatcher");
        Jvm dispatcher = track(ServiceProcesses.dispatcher(state, port, 30, dir.resolve("dispatcher.log")).start());
        dispatcher.await("event=dispatcher-started", java.time.Duration.ofSeconds(60));
        Admin admin = Admin.of(state, port);
        String prefix = "pair-" + ItEnvironment.randomSuffix().toLowerCase() + "-";
        for (int i = 0; i < requests; i++) {
            admin.await("POST", "/v1/requests", "{\"requestId\": \"" + prefix + i + "\", \"domain\": \"" + dc.domain()
                    + "\", \"ou\": \"" + ou + "\", \"computerNamePrefix\": \"PAIR\", \"deviceId\": \"d-" + i + "\"}");
        }
        Path[] configs = new Path[2];
        for (int c = 0; c < 2; c++) {
            Path cdir = Files.createDirectories(dir.resolve("c" + c));
            configs[c] = ConnectorFixture.config(cdir, dc, ou, port, 2);
            ServiceProcesses.enroll(admin, dir, "c-pair-" + c, cdir.resolve("identity"));
        }
        Jvm[] connectors = new Jvm[2];
        for (int c = 0; c < 2; c++) {
            connectors[c] = track(ServiceProcesses.connector(configs[c], dir.resolve("c" + c + ".log")).start());
        }
        // kill it the moment it takes its 20th request: that one is surely in flight
        awaitLines(dir.resolve("c0.log"), "event=request-received", requests / 4, java.time.Duration.ofMinutes(2));
        connectors[0].kill();
        Set<String> stranded = leasedTo(admin, prefix, requests, "c-pair-0"); // it is dead: these wait for lease expiry
        Map<String, Long> before = byConnector();
        awaitAllFinished(admin, prefix, requests, 5);
        connectors[1].stop();

        assertThat(before).as("both took work before the kill: %s", before).containsKeys("c-pair-0", "c-pair-1");
        assertThat(stranded).as("the killed connector held leases (logs in %s)", dir).isNotEmpty();
        for (String id : stranded) {
            assertThat(finished.get(id).get("state").asText()).isEqualTo("succeeded");
            assertThat(finished.get(id).get("connectorId").asText()).isEqualTo("c-pair-1");
        }
        assertThat(finished.values()).allMatch(v -> v.get("state").asText().equals("succeeded"));
        assertThat(accountsInOu()).as("one account per request").isEqualTo(requests);
        assertJoins(stranded.iterator().next());
    }

    /** Waits until {@code log} holds {@code count} lines with {@code text}, reading it every few milliseconds. */
    private static void awaitLines(Path log, String text, int count, java.time.Duration timeout) throws Exception {
        long until = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < until) {
            if (Files.exists(log)) {
                try (Stream<String> lines = Files.lines(log)) {
                    if (lines.filter(l -> l.contains(text)).count() >= count) {
                        return;
                    }
                }
            }
            Thread.sleep(2);
        }
        throw new IllegalStateException(log + " has fewer than " + count + " '" + text + "' lines");
    }

    private Jvm track(Jvm p) {
        processes.add(p);
        return p;
    }

    private void stopDcFor(int seconds) throws Exception {
        Path script = ItEnvironment.repoRoot().resolve("scripts/samba-dc");
        ProcessResult down = Processes.run(List.of(script.toString(), "down"), Map.of(), null, java.time.Duration.ofMinutes(1));
        assertThat(down.exit()).as(down.toString()).isZero();
        Thread.sleep(seconds * 1000L);
        ProcessResult up = Processes.run(List.of(script.toString(), "up"), Map.of(), null, java.time.Duration.ofMinutes(3));
        assertThat(up.exit()).as(up.toString()).isZero();
    }

    /** Looks at every request not yet finished; remembers the first answer of each finished one. */
    private void poll(Admin admin, String prefix, int n) {
        for (int i = 0; i < n; i++) {
            String id = prefix + i;
            if (!finished.containsKey(id)) {
                JsonNode v = admin.call("GET", "/v1/requests/" + id, null);
                if (v != null && !v.get("state").asText().matches("queued|leased")) {
                    finished.put(id, v);
                }
            }
        }
    }

    private List<String> leased(Admin admin, String prefix, int n) {
        return new ArrayList<>(leasedTo(admin, prefix, n, null));
    }

    private Set<String> leasedTo(Admin admin, String prefix, int n, String connectorId) {
        Set<String> out = new HashSet<>();
        for (int i = 0; i < n; i++) {
            String id = prefix + i;
            if (!finished.containsKey(id)) {
                JsonNode v = admin.call("GET", "/v1/requests/" + id, null);
                if (v == null) {
                    continue;
                }
                if (!v.get("state").asText().matches("queued|leased")) {
                    finished.put(id, v);
                } else if (v.get("state").asText().equals("leased")
                        && (connectorId == null || connectorId.equals(v.path("connectorId").asText()))) {
                    out.add(id);
                }
            }
        }
        return out;
    }

    private Map<String, Long> byConnector() {
        Map<String, Long> out = new HashMap<>();
        finished.values().forEach(v -> out.merge(v.path("connectorId").asText(), 1L, Long::sum));
        return out;
    }

    private void awaitAllFinished(Admin admin, String prefix, int n, int minutes) throws InterruptedException {
        long until = System.nanoTime() + java.time.Duration.ofMinutes(minutes).toNanos();
        while (finished.size() < n && System.nanoTime() < until) {
            poll(admin, prefix, n);
            Thread.sleep(500);
        }
        assertThat(finished).as("requests finished within %d minutes", minutes).hasSize(n);
    }

    private long accountsInOu() {
        ProcessResult inOu = dc.ldap("ldapsearch", null, "-b", ou, "-s", "one", "(objectClass=computer)", "1.1");
        return inOu.out().lines().filter(l -> l.startsWith("dn: ")).count();
    }

    /** The blob delivered for {@code id} applies and the account's password is still the blob's. */
    private void assertJoins(String id) throws Exception {
        JsonNode result = finished.get(id).get("result");
        String name = result.get("computerName").asText();
        Path blob = dir.resolve("blob-" + id + ".txt");
        Files.write(blob, DjoinText.toDjoinFile(Base64.getDecoder().decode(result.get("blob").asText())));
        SambaClient client = new SambaClient(dc, name, dir.resolve("client-" + id));
        ProcessResult applied = client.requestOdj(blob);
        assertThat(applied.exit()).as("%s: %s", id, applied).isZero();
        assertThat(client.testJoin().out()).as(id).contains("Join is OK");
    }

    /** No password of a delivered blob, in UTF-8 or UTF-16LE, and no blob (base64) in any of {@code files}. */
    private void assertNoSecretIn(List<Path> files) throws Exception {
        List<byte[]> secrets = new ArrayList<>();
        for (JsonNode v : finished.values()) {
            String b64 = v.get("result").get("blob").asText();
            OdjWin7Blob w = OdjCodec.decode(Base64.getDecoder().decode(b64)).win7Blob().orElseThrow();
            String password = new String(w.machinePassword().copyUnits());
            secrets.add(password.getBytes(StandardCharsets.UTF_8));
            secrets.add(password.getBytes(StandardCharsets.UTF_16LE));
            secrets.add(b64.substring(0, 64).getBytes(StandardCharsets.US_ASCII));
        }
        for (Path f : files) {
            byte[] content = Files.readAllBytes(f);
            for (byte[] s : secrets) {
                assertThat(indexOf(content, s)).as("a password or blob in %s", f).isEqualTo(-1);
            }
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
