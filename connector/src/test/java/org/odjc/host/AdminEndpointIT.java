package org.odjc.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
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
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odjc.config.ConfigLoader;
import org.odjc.testing.ConnectorFixture;
import org.odjc.testing.ItEnvironment;
import org.odjc.testing.ProcessResult;
import org.odjc.testing.Processes;
import org.odjc.testing.SambaDc;
import org.odjc.testing.TestDispatcher;
import org.odjc.testing.TestPki;

/**
 * The admin endpoint of a connector working real requests on the Samba DC: {@code /metrics} parsed
 * by the Prometheus client's own text parser (Debian's python3-prometheus-client) with counters
 * equal to the requests made; the status page rendered by headless Chromium (Debian's chromium)
 * showing them in its table and chart, with a screenshot in {@code connector/target/status-page.png};
 * and {@code /readyz} red with the DC's code while the DC is stopped, green once it is back.
 */
class AdminEndpointIT {
    static final String ADMIN = "admin-it-token";
    static final int GOOD = 10;
    static final int REFUSED = 2;
    /** Untrusted text in every request: the page must show it as text. */
    static final String DEVICE = "<b>dev</b>&\"";

    @TempDir
    Path dir;

    private SambaDc dc;
    private String ou;
    private TestDispatcher dispatcher;
    private ConnectorHost host;
    private Thread loop;
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void cleanUp() throws Exception {
        if (host != null) {
            host.stop();
            host.close();
        }
        if (dispatcher != null) {
            dispatcher.close();
        }
        if (ou != null) {
            dc.ldap("ldapdelete", null, "-r", ou);
        }
    }

    /** A dispatcher, and a connector for it with its admin endpoint on a free loopback port. */
    private URI startConnector() throws Exception {
        ou = ConnectorFixture.createOu(dc, "odjc-admin");
        dispatcher = TestDispatcher.pinned(dir, Optional.of("c-admin"), ADMIN, Duration.ofSeconds(30));
        Path config = ConnectorFixture.config(dir, dc, ou, dispatcher.port(), 2);
        Files.writeString(config, "  admin: 0\n", java.nio.file.StandardOpenOption.APPEND);
        host = ConnectorHost.start(config, ConfigLoader.load(config), Map.of(),
                new ConnectorService.Settings(2, Duration.ofSeconds(2), Duration.ofMillis(50), Duration.ofMillis(500),
                        Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofSeconds(2)),
                log::add);
        loop = new Thread(host::run, "admin-it-connector");
        loop.start();
        InetSocketAddress admin = host.adminAddress().orElseThrow(() -> new AssertionError("no admin endpoint: " + log));
        assertThat(admin.getAddress().isLoopbackAddress()).isTrue();
        assertThat(log).contains("event=admin-listening address=127.0.0.1:" + admin.getPort());
        return URI.create("http://127.0.0.1:" + admin.getPort());
    }

    @Test
    void metricsParseAndCountTheRequestsMadeAndTheStatusPageShowsThemInItsTableAndChart() throws Exception {
        dc = SambaDc.require();
        ItEnvironment.requireTool("chromium", "chromium");
        requirePrometheusParser();
        URI admin = startConnector();
        HttpClient dispatcherAdmin = HttpClient.newBuilder()
                .sslContext(TestPki.Issued.ca("CN=admin").context(caOf())).build();
        String suffix = ItEnvironment.randomSuffix().toLowerCase();
        for (int i = 0; i < GOOD + REFUSED; i++) {
            String target = i < GOOD ? ou : "OU=Elsewhere," + dc.baseDn(); // not allow-listed: PROV-001
            String body = "{\"requestId\": \"adm-" + suffix + "-" + i + "\", \"domain\": \"" + dc.domain() + "\", \"ou\": \""
                    + target + "\", \"computerNamePrefix\": \"ADM\", \"deviceId\": \"" + DEVICE.replace("\"", "\\\"") + i
                    + "\"}";
            HttpResponse<String> r = dispatcherAdmin.send(HttpRequest.newBuilder(URI.create("https://localhost:"
                    + dispatcher.port() + "/v1/requests")).header("Authorization", "Bearer " + ADMIN)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        }

        // the journal's last entry (DONE) follows the dispatcher's acceptance: wait for the counters
        List<JsonNode> samples = waitFor(() -> parse(get(admin, "/metrics").body()),
                s -> sum(s, "odjc_requests_total", Map.of()) == GOOD + REFUSED, Duration.ofMinutes(3));
        assertThat(sum(samples, "odjc_requests_total", Map.of("outcome", "done", "code", ""))).isEqualTo(GOOD);
        assertThat(sum(samples, "odjc_requests_total", Map.of("outcome", "failed", "code", "PROV-001"))).isEqualTo(REFUSED);
        assertThat(sum(samples, "odjc_request_duration_seconds_count", Map.of("outcome", "done"))).isEqualTo(GOOD);
        assertThat(sum(samples, "odjc_request_duration_seconds_count", Map.of("outcome", "failed"))).isEqualTo(REFUSED);
        assertThat(sum(samples, "odjc_request_duration_seconds_bucket", Map.of("outcome", "done", "le", "+Inf")))
                .isEqualTo(GOOD);
        assertThat(sum(samples, "odjc_request_provisioning_seconds_count", Map.of())).isEqualTo(GOOD);
        assertThat(sum(samples, "odjc_leases_total", Map.of())).isEqualTo(GOOD + REFUSED);
        assertThat(sum(samples, "odjc_ldap_operations_total", Map.of("operation", "add", "result", "success")))
                .isEqualTo(GOOD);
        assertThat(sum(samples, "odjc_ldap_operations_total", Map.of("dc", dc.host().toLowerCase(), "operation", "bind",
                "result", "success"))).isGreaterThanOrEqualTo(GOOD);
        assertThat(sum(samples, "odjc_polls_total", Map.of("result", "ok"))).isPositive();
        assertThat(sum(samples, "odjc_certificate_expiry_timestamp_seconds", Map.of()))
                .isGreaterThan(System.currentTimeMillis() / 1000.0);
        assertThat(sum(samples, "odjc_journal_size_bytes", Map.of())).isPositive();
        assertThat(sum(samples, "odjc_diagnostics_check_status", Map.of("check", "dc", "status", "pass")))
                .as("the diagnostics ran at start").isPositive();

        promtoolAccepts(get(admin, "/metrics").body());

        HttpResponse<String> ready = waitFor(() -> get(admin, "/readyz"), r -> r.statusCode() == 200, Duration.ofSeconds(30));
        assertThat(ready.body()).contains("\"ready\":true");
        assertThat(sum(parse(get(admin, "/metrics").body()), "odjc_ready", Map.of())).isEqualTo(1);

        String dom = chromium("--dump-dom", admin + "/").out();
        for (int i = 0; i < GOOD + REFUSED; i++) {
            String device = html(DEVICE + i);
            assertThat(dom).as("row of request %d", i)
                    .containsPattern("<tr data-request-id=\"adm-" + suffix + "-" + i + "\"><td>[^<]+</td><td><code>adm-"
                            + suffix + "-" + i + "</code></td><td>" + java.util.regex.Pattern.quote(device) + "</td><td>[^<]*</td>");
        }
        assertThat(dom).doesNotContain("<b>dev</b>").contains("&lt;b&gt;dev&lt;/b&gt;&amp;");
        assertThat(dom).containsPattern("<td class=\"ok\">DONE</td><td></td><td>[0-9]+ ms</td>");
        assertThat(dom).containsPattern("<td class=\"bad\">FAILED</td><td>PROV-001</td>");
        assertThat(dom).contains("<svg id=\"chart\"").contains("data-total=\"" + (GOOD + REFUSED) + "\"");
        assertThat(dom).containsPattern("data-requests=\"([1-9][0-9]*)\" data-failed=\"[0-9]+\" data-mean-latency-ms=\"[0-9]+\"");
        assertThat(dom).contains("<polyline id=\"latency\"");
        assertThat(dom).contains("<table id=\"diagnostics\">").containsPattern("<td>dc</td><td>[^<]+</td><td class=\"ok\">PASS");

        Path png = ItEnvironment.repoRoot().resolve("connector/target/status-page.png");
        Files.deleteIfExists(png);
        chromium("--screenshot=" + png, "--window-size=1280,1700", "--hide-scrollbars", admin + "/");
        assertThat(png).exists();
        assertThat(Files.readAllBytes(png)).startsWith(0x89, 'P', 'N', 'G');
        System.out.println("AdminEndpointIT: status page screenshot in " + png);
    }

    @Test
    void readyzTurnsRedWithTheDcsCodeWhileTheDcIsStoppedAndGreenWhenItIsBack() throws Exception {
        dc = SambaDc.require();
        if (!"0".equals(Processes.run(List.of("id", "-u")).out().strip())) {
            ItEnvironment.skipOrFail("stopping the Samba DC (scripts/samba-dc down) needs root");
        }
        URI admin = startConnector();
        waitFor(() -> get(admin, "/readyz"), r -> r.statusCode() == 200, Duration.ofSeconds(60));

        Path script = ItEnvironment.repoRoot().resolve("scripts/samba-dc");
        HttpResponse<String> red;
        ProcessResult down = Processes.run(List.of(script.toString(), "down"), Map.of(), null, Duration.ofMinutes(1));
        try {
            assertThat(down.exit()).as(down.toString()).isZero();
            red = waitFor(() -> get(admin, "/readyz"), r -> r.statusCode() == 503, Duration.ofSeconds(60));
        } finally { // the DC is shared: it comes back whatever happened
            ProcessResult up = Processes.run(List.of(script.toString(), "up"), Map.of(), null, Duration.ofMinutes(3));
            for (int retry = 0; retry < 3 && up.exit() != 0; retry++) { // another test's up may race ours (ip addr add)
                Thread.sleep(2000);
                up = Processes.run(List.of(script.toString(), "up"), Map.of(), null, Duration.ofMinutes(3));
            }
            assertThat(up.exit()).as(up.toString()).isZero();
        }
        JsonNode body = new ObjectMapper().readTree(red.body());
        JsonNode domainCheck = null;
        for (JsonNode c : body.get("checks")) {
            if (c.get("name").asText().equals("domain " + dc.domain().toLowerCase())) {
                domainCheck = c;
            }
        }
        System.out.println("AdminEndpointIT: with the DC stopped /readyz said " + red.body().strip());
        assertThat(body.get("ready").asBoolean()).isFalse();
        assertThat(domainCheck).isNotNull();
        assertThat(domainCheck.get("ok").asBoolean()).isFalse();
        String code = domainCheck.get("code").asText();
        assertThat(code).matches("(DC|AD)-[0-9]{3}");
        assertThat(body.get("failing").toString()).contains("\"" + code + "\"");

        HttpResponse<String> green = waitFor(() -> get(admin, "/readyz"), r -> r.statusCode() == 200, Duration.ofSeconds(90));
        assertThat(green.body()).startsWith("{\"ready\":true,\"failing\":[]");
    }

    private java.security.cert.X509Certificate caOf() throws Exception {
        try (var in = Files.newInputStream(dir.resolve("identity/ca.pem"))) {
            return (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(in);
        }
    }

    private HttpResponse<String> get(URI base, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void requirePrometheusParser() {
        ProcessResult r = Processes.run(List.of("/usr/bin/python3", "-c", "import prometheus_client.parser"), Map.of(),
                null, Duration.ofSeconds(30));
        if (r.exit() != 0) {
            ItEnvironment.skipOrFail("the Prometheus text parser is not installed (apt-get install python3-prometheus-client)");
        }
    }

    /**
     * Prometheus' own linter: {@code promtool check metrics} reads the exposition on standard input
     * and prints each problem (a unit not in base units, a counter without _total, …), exiting 1.
     */
    private static void promtoolAccepts(String exposition) {
        ItEnvironment.requireTool("promtool", "prometheus");
        ProcessResult r = Processes.run(List.of("promtool", "check", "metrics"), Map.of(), exposition, Duration.ofSeconds(30));
        assertThat(r.exit()).as("promtool check metrics: %s\n--- exposition\n%s", r, exposition).isZero();
        assertThat(r.out() + r.err()).as("promtool's findings").isBlank();
    }

    /** The exposition's samples as the Prometheus client's parser read them; fails when it refuses the text. */
    private static List<JsonNode> parse(String exposition) throws Exception {
        Path script = ItEnvironment.repoRoot().resolve("connector/src/test/resources/admin/parse-metrics.py");
        ProcessResult r = Processes.run(List.of("/usr/bin/python3", script.toString()), Map.of(), exposition,
                Duration.ofSeconds(30));
        assertThat(r.exit()).as("%s\n--- exposition\n%s", r, exposition).isZero();
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        for (String line : r.out().split("\n")) {
            if (!line.isBlank()) {
                out.add(json.readTree(line));
            }
        }
        return out;
    }

    /** The sum of the samples named {@code name} whose labels include {@code labels}. */
    private static double sum(List<JsonNode> samples, String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.get("name").asText().equals(name))
                .filter(s -> labels.entrySet().stream().allMatch(l -> s.get("labels").has(l.getKey())
                        && s.get("labels").get(l.getKey()).asText().equals(l.getValue())))
                .mapToDouble(s -> s.get("value").asDouble()).sum();
    }

    private ProcessResult chromium(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--user-data-dir=" + Files.createTempDirectory(dir, "chromium")));
        cmd.addAll(List.of(args));
        ProcessResult r = Processes.run(cmd, Map.of(), null, Duration.ofMinutes(2));
        assertThat(r.exit()).as(r.toString()).isZero();
        return r;
    }

    /** Text as Chromium serializes a DOM: only {@code & < >} are escaped in text content. */
    private static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private interface Fetch<T> {
        T get() throws Exception;
    }

    /** Polls (an IT waiting on a real service) until {@code done} holds; the last value either way. */
    private static <T> T waitFor(Fetch<T> fetch, Predicate<T> done, Duration limit) throws Exception {
        long until = System.nanoTime() + limit.toNanos();
        T last = fetch.get();
        while (!done.test(last) && System.nanoTime() < until) {
            Thread.sleep(500);
            last = fetch.get();
        }
        assertThat(done.test(last)).as("within %s: %s", limit, last instanceof HttpResponse<?> h ? h.body() : last).isTrue();
        return last;
    }
}
