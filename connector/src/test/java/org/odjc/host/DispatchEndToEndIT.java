package org.odjc.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odjc.cloud.Wire;
import org.odjc.config.ConfigLoader;
import org.odjc.dispatcher.DispatchQueue;
import org.odjc.dispatcher.DispatcherServer;
import org.odjc.odj.DjoinText;
import org.odjc.testing.ConnectorFixture;
import org.odjc.testing.ItEnvironment;
import org.odjc.testing.ProcessResult;
import org.odjc.testing.SambaClient;
import org.odjc.testing.SambaDc;
import org.odjc.testing.TestDispatcher;

/**
 * The whole path with every part real: requests submitted to the reference dispatcher's admin API
 * are leased over mutual TLS to one connector, provisioned on the Samba DC and reported; the
 * requester fetches each blob once; a sample joins. {@code -Dodjc.e2e.requests=N} (default 500).
 */
class DispatchEndToEndIT {
    static final String ADMIN = "e2e-admin-token";

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
    void everySubmittedRequestIsAnsweredOnceWithAnAccountInItsOuAndASampleOfBlobsJoins() throws Exception {
        dc = SambaDc.require();
        ItEnvironment.requireTool("net", "samba");
        int n = Integer.getInteger("odjc.e2e.requests", 500);
        String suffix = ItEnvironment.randomSuffix();
        ou = ConnectorFixture.createOu(dc, "odjc-e2e");

        try (TestDispatcher dispatcher = TestDispatcher.pinned(dir, Optional.of("c-e2e"), ADMIN, Duration.ofSeconds(30))) {
            DispatchQueue queue = dispatcher.queue();
            DispatcherServer server = dispatcher.server();
            Path config = ConnectorFixture.config(dir, dc, ou, server.port(), 4);
            HttpClient admin = dispatcher.adminClient();
            for (int i = 0; i < n; i++) {
                String body = "{\"requestId\": \"e2e-" + suffix.toLowerCase() + "-" + i + "\", \"domain\": \"" + dc.domain()
                        + "\", \"ou\": \"" + ou + "\", \"computerNamePrefix\": \"E2E\", \"deviceId\": \"device-" + i + "\"}";
                assertThat(send(admin, server, "POST", "/v1/requests", body).statusCode()).isEqualTo(202);
            }

            List<String> log = Collections.synchronizedList(new ArrayList<>());
            ConnectorHost host = ConnectorHost.start(config, ConfigLoader.load(config), Map.of(),
                    new ConnectorService.Settings(4, Duration.ofSeconds(2), Duration.ofMillis(50), Duration.ofMillis(500),
                            Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofSeconds(5)),
                    log::add);
            Thread loop = new Thread(host::run, "e2e-connector");
            long started = System.nanoTime();
            long finished;
            loop.start();
            try {
                long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
                while (queue.stateCounts().getOrDefault(DispatchQueue.State.SUCCEEDED, 0) + queue.stateCounts()
                        .getOrDefault(DispatchQueue.State.FAILED, 0) < n && System.nanoTime() < until) {
                    Thread.sleep(200); // an IT waiting on real provisioning
                }
                finished = System.nanoTime();
            } finally {
                assertThat(host.stop()).isTrue();
                host.close();
            }
            double seconds = (finished - started) / 1e9;
            System.out.printf("DispatchEndToEndIT: %d requests in %.1f s (%.1f/s)%n", n, seconds, n / seconds);
            assertThat(queue.stateCounts()).as("log: %s", log.subList(Math.max(0, log.size() - 20), log.size()))
                    .containsExactly(Map.entry(DispatchQueue.State.SUCCEEDED, n));

            List<String> names = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                JsonNode r = Wire.JSON.readTree(send(admin, server, "GET", "/v1/requests/e2e-" + suffix.toLowerCase() + "-"
                        + i, null).body());
                assertThat(r.get("connectorId").asText()).isEqualTo("c-e2e");
                JsonNode result = r.get("result");
                assertThat(result.get("dn").asText()).isEqualTo("CN=" + result.get("computerName").asText() + "," + ou);
                names.add(result.get("computerName").asText());
                if (i % Math.max(1, n / 5) == 0) { // a sample of five joins
                    Path blob = dir.resolve("blob-" + i + ".txt");
                    Files.write(blob, DjoinText.toDjoinFile(Base64.getDecoder().decode(result.get("blob").asText())));
                    SambaClient client = new SambaClient(dc, result.get("computerName").asText(), dir.resolve("client-" + i));
                    ProcessResult applied = client.requestOdj(blob);
                    assertThat(applied.exit()).as(applied.toString()).isZero();
                    assertThat(client.testJoin().out()).contains("Join is OK");
                }
            }
            assertThat(names).doesNotHaveDuplicates();
            ProcessResult inOu = dc.ldap("ldapsearch", null, "-b", ou, "-s", "one", "(objectClass=computer)", "1.1");
            assertThat(inOu.out().lines().filter(l -> l.startsWith("dn: ")).count()).as("one account per request, no orphans")
                    .isEqualTo(n);
        }
    }

    private static HttpResponse<String> send(HttpClient admin, DispatcherServer server, String method, String path,
            String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + path))
                .header("Authorization", "Bearer " + ADMIN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return admin.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
