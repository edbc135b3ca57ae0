package org.odjc.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

class AdminServerTest {
    private final AtomicReference<Readiness> readiness = new AtomicReference<>(
            new Readiness(List.of(Readiness.Check.pass("configuration", "loaded"))));
    private final List<String> log = new ArrayList<>();
    private final HttpClient client = HttpClient.newHttpClient();
    private AdminServer server;

    @BeforeEach
    void start() throws Exception {
        AdminView view = new AdminView() {
            @Override
            public Readiness readiness() {
                return readiness.get();
            }

            @Override
            public String metrics() {
                return "# HELP x_total X.\n# TYPE x_total counter\nx_total 1\n";
            }

            @Override
            public StatusView status() {
                return StatusPageTest.view(StatusPageTest.EVIL, List.of());
            }
        };
        server = AdminServer.start(new InetSocketAddress("127.0.0.1", 0), view, org.odjc.telemetry.EventLog.traced(log::add));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void logsTheBoundPortAndBindsToLoopback() {
        assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
        assertThat(log).containsExactly("event=admin-listening address=127.0.0.1:" + server.port());
    }

    @Test
    void healthzSaysOkAndMetricsUseThePrometheusContentType() throws Exception {
        HttpResponse<String> health = send("GET", "/healthz");
        HttpResponse<String> metrics = send("GET", "/metrics");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("ok\n");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("content-type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(metrics.body()).endsWith("x_total 1\n");
    }

    @Test
    void readyzIs200WhenEveryCheckPassesAnd503WithTheFailingCodesOtherwise() throws Exception {
        HttpResponse<String> green = send("GET", "/readyz");
        readiness.set(new Readiness(List.of(Readiness.Check.pass("configuration", "loaded"),
                Readiness.Check.fail("domain corp.example.test", "AD-006", "dc1 unreachable"),
                Readiness.Check.fail("dispatcher", "CLOUD-002", "not reached for 90 s"))));
        HttpResponse<String> red = send("GET", "/readyz");

        assertThat(green.statusCode()).isEqualTo(200);
        assertThat(green.body()).startsWith("{\"ready\":true,\"failing\":[]");
        assertThat(red.statusCode()).isEqualTo(503);
        assertThat(red.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(red.body()).startsWith("{\"ready\":false,\"failing\":[\"AD-006\",\"CLOUD-002\"]")
                .contains("{\"name\":\"domain corp.example.test\",\"ok\":false,\"code\":\"AD-006\",\"detail\":\"dc1 unreachable\"}");
    }

    @Test
    void theStatusPageIsEscapedHtmlUnderAPolicyThatRunsNoScript() throws Exception {
        HttpResponse<String> page = send("GET", "/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("content-security-policy")).hasValue("default-src 'none'; style-src 'unsafe-inline'");
        assertThat(page.body()).contains("&lt;script&gt;").doesNotContain("<script");
    }

    @Test
    void unknownPathsAre404AndOtherMethods405() throws Exception {
        assertThat(send("GET", "/admin").statusCode()).isEqualTo(404);
        assertThat(send("GET", "/metrics/../etc").statusCode()).isEqualTo(404);
        HttpResponse<String> post = send("POST", "/metrics");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("allow")).hasValue("GET");
        assertThat(send("DELETE", "/").statusCode()).isEqualTo(405);
    }

    @Test
    void aQueryStringDoesNotChangeTheRoute() throws Exception {
        assertThat(send("GET", "/healthz?x=%3Cscript%3E").statusCode()).isEqualTo(200);
    }

    /** The status line the server answers {@code raw} bytes with. */
    private String rawStatusLine(String raw) throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(raw.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            return new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
                    java.nio.charset.StandardCharsets.ISO_8859_1)).readLine();
        }
    }

    @Test
    void garbageOversizedHeadersAndBodiesAreRefusedAndTheEndpointStaysUp() throws Exception {
        assertThat(rawStatusLine("GARBAGE\r\n\r\n")).isEqualTo("HTTP/1.1 400 Bad Request");
        assertThat(rawStatusLine("GET /healthz HTTP/1.1\r\nX: " + "a".repeat(10_000) + "\r\n\r\n"))
                .isEqualTo("HTTP/1.1 400 Bad Request");
        assertThat(rawStatusLine("POST /metrics HTTP/1.1\r\nContent-Length: 100000\r\n\r\n"))
                .isEqualTo("HTTP/1.1 413 Request Entity Too Large");
        assertThat(send("GET", "/healthz").statusCode()).isEqualTo(200);
    }

    @Test
    void aFailingViewAnswers500WithTheCodeAndIsLogged() throws Exception {
        try (AdminServer broken = AdminServer.start(new InetSocketAddress("127.0.0.1", 0), new AdminView() {
            @Override
            public Readiness readiness() {
                throw new IllegalStateException("bug");
            }

            @Override
            public String metrics() {
                return "";
            }

            @Override
            public StatusView status() {
                return null;
            }
        }, org.odjc.telemetry.EventLog.traced(log::add))) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + broken.port()
                    + "/readyz")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(r.body()).startsWith("CLI-001");
            assertThat(log).anyMatch(l -> l.startsWith("event=admin-error code=CLI-001 path=/readyz"));
        }
    }

    @Test
    void aPortInUseIsAdmin001() {
        assertThatThrownBy(() -> AdminServer.start(new InetSocketAddress("127.0.0.1", server.port()), null, org.odjc.telemetry.EventLog.traced(log::add)))
                .isInstanceOfSatisfying(ConnectorException.class,
                        e -> assertThat(e.code()).isEqualTo(FailureCode.ADMIN_UNAVAILABLE));
    }
}
