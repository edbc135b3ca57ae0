package org.odjc.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odjc.dispatcher.DispatchQueue;
import org.odjc.dispatcher.DispatcherServer;
import org.odjc.domain.ComputerName;
import org.odjc.domain.DistinguishedName;
import org.odjc.domain.Sid;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.provisioning.JoinResult;
import org.odjc.provisioning.Lease;
import org.odjc.provisioning.LeasedRequest;
import org.odjc.provisioning.RemoteStatus;
import org.odjc.provisioning.WorkSource;
import org.odjc.testing.TestDispatcher;
import org.odjc.testing.TestPki;

/**
 * The connector's client against the reference dispatcher's server, both real, over mutual TLS:
 * the two sides written from one protocol agree on every step.
 */
class DispatcherProtocolTest {
    static final String ADMIN = "admin-token-for-tests";

    @TempDir
    Path dir;

    TestPki.Issued ca;
    TestDispatcher dispatcher;
    DispatchQueue queue;
    DispatcherServer server;
    HttpCloudChannel connector;
    WorkSource work;

    @BeforeEach
    void start() throws Exception {
        dispatcher = TestDispatcher.pinned(dir, Optional.empty(), ADMIN, Duration.ofSeconds(60));
        ca = dispatcher.testCa();
        queue = dispatcher.queue();
        server = dispatcher.server();
        connector = new HttpCloudChannel(URI.create("https://localhost:" + server.port()), "c-1",
                ca.issue("CN=c-1", false).context(ca.cert()), ProxySelector.of(null), Duration.ofSeconds(10));
        work = connector.forDomains(List.of("corp.example.com"));
    }

    @AfterEach
    void stop() throws Exception {
        dispatcher.close();
    }

    @Test
    void submitLeaseExtendReportStatusAndTheBlobHandedOverOnce() throws Exception {
        assertThat(admin("POST", "/v1/requests", submit("r1")).get("state").asText()).isEqualTo("queued");

        LeasedRequest leased = work.poll(4, Duration.ZERO, java.util.Set.of()).get(0);
        assertThat(leased.lease().fencingToken()).isEqualTo(1);
        assertThat(leased.request().ou()).contains(DistinguishedName.parse("OU=Autopilot,DC=corp,DC=example,DC=com"));
        assertThat(work.extend(leased.lease(), Duration.ofSeconds(60))).isAfter(leased.lease().expires().minusSeconds(120));
        byte[] blob = {1, 2, 3, 4};
        connector.report(leased.lease(), succeeded(blob));
        connector.report(leased.lease(), succeeded(blob)); // the same again: harmless

        assertThat(connector.status(leased.request().id())).isEqualTo(new RemoteStatus.Finished(true));
        JsonNode first = admin("GET", "/v1/requests/r1", null);
        assertThat(first.get("state").asText()).isEqualTo("succeeded");
        assertThat(Base64.getDecoder().decode(first.get("result").get("blob").asText())).isEqualTo(blob);
        JsonNode second = admin("GET", "/v1/requests/r1", null);
        assertThat(second.get("result").has("blob")).isFalse();
        assertThat(second.get("result").get("blobFetched").asText()).isNotEmpty();
    }

    @Test
    void aStaleFencingTokenIsALostLeaseOnTheConnectorsSide() throws Exception {
        admin("POST", "/v1/requests", submit("r2"));
        LeasedRequest leased = work.poll(1, Duration.ZERO, java.util.Set.of()).get(0);
        Lease stale = new Lease(leased.request().id(), 2, leased.lease().expires());

        ConnectorException e = catchThrowableOfType(() -> connector.report(stale, succeeded(new byte[] {9})),
                ConnectorException.class);
        assertThat(e.code()).isEqualTo(FailureCode.CLOUD_LEASE_LOST);
        assertThat(connector.status(leased.request().id())).isInstanceOf(RemoteStatus.LeasedToUs.class);
    }

    @Test
    void aLongPollWakesUpWhenWorkIsSubmitted() throws Exception {
        CompletableFuture<List<LeasedRequest>> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return work.poll(1, Duration.ofSeconds(20), java.util.Set.of());
            } catch (ConnectorException e) {
                throw new IllegalStateException(e);
            }
        });
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.waitingPolls() == 0 && System.nanoTime() < until) {
            Thread.onSpinWait(); // until the poll waits at the dispatcher
        }
        assertThat(server.waitingPolls()).isEqualTo(1);
        long submitted = System.nanoTime();
        admin("POST", "/v1/requests", submit("r3"));

        List<LeasedRequest> got = waiting.get(10, TimeUnit.SECONDS);
        assertThat(got).extracting(l -> l.request().id().value()).containsExactly("r3");
        assertThat(Duration.ofNanos(System.nanoTime() - submitted)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void withoutTheClientCertificateOrTheAdminTokenNothingIsServed() throws Exception {
        HttpCloudChannel anonymous = new HttpCloudChannel(URI.create("https://localhost:" + server.port()), "c-x",
                TestPki.Issued.ca("CN=no client key here").context(ca.cert()), ProxySelector.of(null), Duration.ofSeconds(5));
        ConnectorException e = catchThrowableOfType(() -> anonymous.forDomains(List.of("corp.example.com"))
                .poll(1, Duration.ZERO, java.util.Set.of()), ConnectorException.class);
        assertThat(e.code()).isIn(FailureCode.CLOUD_REFUSED);

        HttpResponse<String> noToken = http().send(HttpRequest.newBuilder(uri("/v1/requests"))
                .POST(HttpRequest.BodyPublishers.ofString(submit("r4"))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(noToken.body()).contains("unauthenticated");
    }

    private static JoinResult.Succeeded succeeded(byte[] blob) throws ConnectorException {
        return new JoinResult.Succeeded(ComputerName.parse("AP-1"),
                DistinguishedName.parse("CN=AP-1,OU=Autopilot,DC=corp,DC=example,DC=com"),
                Sid.parse("S-1-5-21-1-2-3-1104"), "dc1.corp.example.com", blob.clone());
    }

    private static String submit(String id) {
        return "{\"requestId\": \"" + id + "\", \"domain\": \"corp.example.com\", \"ou\": "
                + "\"OU=Autopilot,DC=corp,DC=example,DC=com\", \"computerNamePrefix\": \"AP-\", \"deviceId\": \"d-" + id + "\"}";
    }

    private URI uri(String path) {
        return URI.create("https://localhost:" + server.port() + path);
    }

    private HttpClient http() throws Exception {
        return dispatcher.adminClient();
    }

    private JsonNode admin(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + ADMIN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http().send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode() / 100).as(r.body()).isEqualTo(2); // a new submit is 202
        return Wire.JSON.readTree(r.body());
    }
}
