package org.odjc.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;
import java.net.ProxySelector;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.odjc.domain.ComputerName;
import org.odjc.domain.DistinguishedName;
import org.odjc.domain.Sid;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.provisioning.JoinResult;
import org.odjc.provisioning.Lease;
import org.odjc.provisioning.LeasedRequest;
import org.odjc.provisioning.RemoteStatus;
import org.odjc.provisioning.RequestId;
import org.odjc.testing.TestPki.Issued;

/** The HTTPS client against a local server that demands the enrolled client certificate. */
class HttpCloudChannelTest {
    static final Instant T = Instant.parse("2026-11-30T12:00:00Z");

    record Answer(int status, String body, long delayMs) {
    }

    record Seen(String method, String path, String body, String clientSubject) {
    }

    final Map<String, Answer> answers = new ConcurrentHashMap<>();
    final List<Seen> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    Issued ca;
    HttpsServer server;

    @BeforeEach
    void startDispatcher() throws Exception {
        ca = Issued.ca("CN=odjc test dispatcher CA");
        Issued serverId = ca.issue("CN=localhost", true);
        server = org.odjc.testing.TestPki.httpsServer(serverId, ca.cert());
        server.createContext("/", exchange -> {
            String key = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String subject = ((X509Certificate) ((HttpsExchange) exchange).getSSLSession().getPeerCertificates()[0])
                    .getSubjectX500Principal().getName();
            seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), body, subject));
            Answer a = answers.getOrDefault(key, new Answer(404, "{\"error\":\"not-found\",\"detail\":\"" + key + "\"}", 0));
            try {
                Thread.sleep(a.delayMs());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(a.status(), out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private HttpCloudChannel client(SSLContext tls, Duration timeout) {
        return new HttpCloudChannel(URI.create("https://localhost:" + server.getAddress().getPort()), "c-7f3a9e21", tls,
                ProxySelector.of(null), timeout);
    }

    private HttpCloudChannel enrolled() throws Exception {
        return client(ca.issue("CN=c-7f3a9e21", false).context(ca.cert()), Duration.ofSeconds(5));
    }

    private static String example(String file) throws Exception {
        return Files.readString(WireTest.examples().resolve(file));
    }

    @Test
    void pollSendsTheLeaseRequestWithTheClientCertificateAndRefusesABadLeaseSeparately() throws Exception {
        String twoGoodOneBad = example("lease-response.json").replaceFirst("\"leases\": \\[",
                "\"leases\": [{\"requestId\": \"bad\", \"fencingToken\": 1, \"expires\": \"2026-11-30T12:02:00Z\", "
                        + "\"request\": {\"domain\": \"corp.example.com\", \"deviceId\": \"d\"}},");
        answers.put("POST /v1/leases", new Answer(200, twoGoodOneBad, 0));
        List<HttpCloudChannel.RefusedLease> refused = new ArrayList<>();

        List<LeasedRequest> leased = enrolled().poll(4, 25, List.of("corp.example.com"), refused::add);

        assertThat(leased).extracting(l -> l.request().id().value())
                .containsExactly("rq-2026-11-30-000042", "rq-2026-11-30-000043");
        assertThat(refused).singleElement().satisfies(r -> {
            assertThat(r.lease().requestId()).isEqualTo("bad");
            assertThat(r.why().code()).isEqualTo(FailureCode.CLOUD_BAD_MESSAGE);
        });
        Seen request = seen.get(0);
        assertThat(request.clientSubject()).isEqualTo("CN=c-7f3a9e21");
        assertThat(Wire.JSON.readTree(request.body())).isEqualTo(Wire.JSON.readTree(example("lease-request.json")));
    }

    @Test
    void leasesBeyondTheAskedNumberAreHandedBackAsRetryableAndNeverWorkedOn() throws Exception {
        answers.put("POST /v1/leases", new Answer(200, example("lease-response.json"), 0));
        List<HttpCloudChannel.RefusedLease> refused = new ArrayList<>();

        List<LeasedRequest> leased = enrolled().poll(1, 25, List.of("corp.example.com"), refused::add);

        assertThat(leased).extracting(l -> l.request().id().value()).containsExactly("rq-2026-11-30-000042");
        assertThat(refused).singleElement().satisfies(r -> {
            assertThat(r.lease().requestId()).isEqualTo("rq-2026-11-30-000043");
            assertThat(r.why().code()).isEqualTo(FailureCode.CLOUD_BAD_MESSAGE);
            assertThat(r.retryable()).isTrue();
        });
    }

    @Test
    void aReportIsPutAsTheExampleShowsItAndALostLeaseIsADefiniteRefusal() throws Exception {
        Lease lease = new Lease(new RequestId("rq-2026-11-30-000042"), 3, T);
        JoinResult.Succeeded ok = new JoinResult.Succeeded(ComputerName.parse("AP-7K2M9QXW4RT"),
                DistinguishedName.parse("CN=AP-7K2M9QXW4RT,OU=Autopilot,OU=Devices,DC=corp,DC=example,DC=com"),
                Sid.parse("S-1-5-21-4179786682-758193429-3305259385-1104"), "dc1.corp.example.com",
                java.util.Base64.getDecoder().decode("ARAIAMzMzMzQCAAAAAAAAAAAAgABAAAAAgAAAAQAAgACAAAAAQAAAKgDAAAIAAIA"));
        answers.put("PUT /v1/requests/rq-2026-11-30-000042/result", new Answer(200, example("result-response.json"), 0));
        enrolled().report(lease, ok);
        assertThat(Wire.JSON.readTree(seen.get(0).body())).isEqualTo(Wire.JSON.readTree(example("result-succeeded.json")));

        answers.put("PUT /v1/requests/rq-2026-11-30-000042/result", new Answer(409, example("error-lease-lost.json"), 0));
        ConnectorException e = catchThrowableOfType(() -> enrolled().report(lease, ok), ConnectorException.class);
        assertThat(e.code()).isEqualTo(FailureCode.CLOUD_LEASE_LOST);
        assertThat(e.getMessage()).contains("fencing token 4").doesNotContain("ARAIAMzM");
    }

    @Test
    void noAnswerInTimeIsAnUnknownFateNotARefusal() throws Exception {
        answers.put("PUT /v1/requests/r1/result", new Answer(200, "{\"accepted\": true}", 3000));
        ConnectorException e = catchThrowableOfType(() -> client(ca.issue("CN=c-7f3a9e21", false).context(ca.cert()),
                Duration.ofMillis(400)).report(new Lease(new RequestId("r1"), 1, T),
                        new JoinResult.Failed(FailureCode.PROV_NO_SUCH_OU, "x", false)), ConnectorException.class);
        assertThat(e.code()).isEqualTo(FailureCode.CLOUD_UNREACHABLE);
    }

    @Test
    void serverErrorsAreRetryableAndStatusAnswersMapForRecovery() throws Exception {
        answers.put("GET /v1/requests/rq-2026-11-30-000042/status", new Answer(200, example("status-response.json"), 0));
        assertThat(enrolled().status(new RequestId("rq-2026-11-30-000042"))).isInstanceOf(RemoteStatus.LeasedToUs.class);
        answers.put("GET /v1/requests/r2/status", new Answer(503, "{\"error\":\"unavailable\",\"detail\":\"restarting\"}", 0));
        assertThat(catchThrowableOfType(() -> enrolled().status(new RequestId("r2")), ConnectorException.class).code())
                .isEqualTo(FailureCode.CLOUD_UNREACHABLE);
        answers.put("GET /v1/requests/r3/status", new Answer(200, "not json", 0));
        assertThat(catchThrowableOfType(() -> enrolled().status(new RequestId("r3")), ConnectorException.class).code())
                .isEqualTo(FailureCode.CLOUD_BAD_MESSAGE);
    }

    @Test
    void aDispatcherCertifiedByAnotherCaIsNotTrusted() throws Exception {
        Issued other = Issued.ca("CN=someone else's CA");
        HttpCloudChannel pinnedElsewhere = client(ca.issue("CN=c-7f3a9e21", false).context(other.cert()),
                Duration.ofSeconds(5));
        ConnectorException e = catchThrowableOfType(() -> pinnedElsewhere.status(new RequestId("r1")),
                ConnectorException.class);
        assertThat(e.code()).isEqualTo(FailureCode.CLOUD_REFUSED);
        assertThat(seen).isEmpty();
    }

    @Test
    void plainHttpIsRefusedOutright() {
        assertThatThrownBy(() -> new HttpCloudChannel(URI.create("http://dispatcher.example.com"), "c1",
                SSLContext.getDefault(), ProxySelector.of(null), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HTTPS only");
    }
}
