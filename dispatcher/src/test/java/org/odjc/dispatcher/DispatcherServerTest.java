package org.odjc.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odjc.tls.TlsContexts;

/** How the server answers failures it did not expect: a bug is 500 and logged, a store that cannot serve 503. */
class DispatcherServerTest {
    static final String ADMIN = "admin-token-for-tests";

    @TempDir
    Path dir;

    final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    DispatchQueue queue;
    DispatcherServer server;
    HttpClient http;

    @BeforeEach
    void start() throws Exception {
        DispatcherCa ca = DispatcherCa.loadOrCreate(dir, "localhost", Clock.systemUTC(), new SecureRandom());
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 1);
        queue = new DispatchQueue(dir.resolve("d.db"), key, Clock.systemUTC(), Duration.ofMinutes(2), Duration.ofHours(1),
                Duration.ofHours(24));
        server = new DispatcherServer(queue, null, ca.serverContext(List.of("localhost"), Duration.ofDays(1)), ADMIN,
                Clock.systemUTC(), Duration.ofSeconds(1), new InetSocketAddress("127.0.0.1", 0),
                new Log(new PrintStream(logged, true, StandardCharsets.UTF_8), Clock.systemUTC()));
        server.start();
        http = HttpClient.newBuilder().sslContext(trusting(ca)).build();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        queue.close();
    }

    static javax.net.ssl.SSLContext trusting(DispatcherCa ca) throws Exception {
        return TlsContexts.trusting(java.util.List.of(ca.certificate()));
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + path))
                .header("Authorization", "Bearer " + ADMIN).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aBugIsAnswered500WithAnIncidentIdAndLoggedWithItsStackTraceButNoSecret() throws Exception {
        // the row's blob was sealed under another key: opening it fails, which no request can cause
        try (DispatchQueue other = new DispatchQueue(dir.resolve("d.db"), new byte[32], Clock.systemUTC(),
                Duration.ofMinutes(2), Duration.ofHours(1), Duration.ofHours(24))) {
            other.submit(new DispatchQueue.Submission("r1", "corp.example.com", null, "PC1", null, "d1"));
            other.lease("c1", Set.of("corp.example.com"), 1);
            other.result("c1", "r1", 1, new DispatchQueue.Result("PC1", "CN=PC1", "S-1-5-21-1", "dc", "SECRET-BLOB"
                    .getBytes(StandardCharsets.UTF_8), null, null, false));
        }

        HttpResponse<String> r = get("/v1/requests/r1/blob");

        assertThat(r.statusCode()).isEqualTo(500);
        JsonNode body = DispatcherServer.JSON.readTree(r.body());
        assertThat(body.get("error").asText()).isEqualTo("internal-error");
        String incident = body.get("detail").asText().replaceAll(".*incident ([0-9a-f]+).*", "$1");
        assertThat(body.get("detail").asText()).doesNotContain("IllegalStateException", "org.odjc");
        String log = logged.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("event=internal-error incident=" + incident + " method=GET path=/v1/requests/r1/blob")
                .contains("java.lang.IllegalStateException", "at org.odjc.dispatcher.")
                .contains("event=http-request method=GET path=/v1/requests/r1/blob status=500")
                .doesNotContain("SECRET-BLOB", ADMIN);
    }

    @Test
    void aStoreThatCannotServeIsAnswered503WithRetryAfter() throws Exception {
        queue.close();

        HttpResponse<String> r = get("/v1/requests/r1?blob=omit");

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(DispatcherServer.JSON.readTree(r.body()).get("error").asText()).isEqualTo("unavailable");
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
        assertThat(logged.toString(StandardCharsets.UTF_8)).contains("event=store-unavailable");
    }
}
