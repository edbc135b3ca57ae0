package org.odjc.cloud;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.provisioning.CloudChannel;
import org.odjc.provisioning.LeasedRequest;
import org.odjc.provisioning.WorkSource;
import org.odjc.provisioning.JoinResult;
import org.odjc.provisioning.Lease;
import org.odjc.provisioning.RemoteStatus;
import org.odjc.provisioning.RequestId;

/**
 * The connector's HTTPS client of protocol v1 (docs/protocol.md) on the JDK's {@link HttpClient}:
 * mutual TLS with the enrolled identity ({@code sslContext} holds the client key and trusts only the
 * pinned CA), the proxy decision of the host's {@link java.net.ProxySelector}, bounded time-outs.
 * A failure is {@code CLOUD-001} only when the dispatcher definitely refused a result (lease lost);
 * a time-out or a lost connection is {@code CLOUD-002}: the result may have landed. Thread-safe.
 */
public final class HttpCloudChannel implements CloudChannel {
    private final URI base;
    private final String connectorId;
    private final java.net.ProxySelector proxy;
    private final Duration timeout;
    private volatile HttpClient http;

    /**
     * @param base the dispatcher, e.g. {@code https://dispatcher.example.com}; never plain HTTP
     * @param timeout for one exchange; a long-poll adds its wait to it
     */
    public HttpCloudChannel(URI base, String connectorId, SSLContext sslContext, java.net.ProxySelector proxy,
            Duration timeout) {
        if (!"https".equalsIgnoreCase(base.getScheme())) {
            throw new IllegalArgumentException("the dispatcher is reached over HTTPS only: " + base);
        }
        this.base = base;
        this.connectorId = connectorId;
        this.timeout = timeout;
        this.proxy = proxy;
        this.http = client(sslContext);
    }

    private HttpClient client(SSLContext sslContext) {
        return HttpClient.newBuilder().sslContext(sslContext).proxy(proxy).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** After a renewal: new exchanges use the new certificate; those under way finish with the old. */
    public void useIdentity(EnrolledIdentity renewed) {
        if (!renewed.connectorId().equals(connectorId)) {
            throw new IllegalArgumentException("a renewal keeps the connector id");
        }
        this.http = client(renewed.tls());
    }

    /**
     * Long-polls for up to {@code max} requests, waiting up to {@code waitSeconds} when none is
     * queued. A lease whose fields break the protocol is handed to {@code refused} (to be reported
     * failed with its code) instead of being returned.
     */
    public List<LeasedRequest> poll(int max, int waitSeconds, List<String> domains, Consumer<RefusedLease> refused)
            throws ConnectorException {
        Wire.LeaseResponse r = exchange("POST", "/v1/leases", new Wire.LeaseRequest(max, waitSeconds, domains),
                Wire.LeaseResponse.class, timeout.plusSeconds(waitSeconds), "polling for work");
        List<LeasedRequest> out = new ArrayList<>();
        for (Wire.WireLease w : r.leases() == null ? List.<Wire.WireLease>of() : r.leases()) {
            try {
                if (out.size() == max) { // more than asked: handed back at once, for another connector or later
                    throw new ConnectorException(FailureCode.CLOUD_BAD_MESSAGE, "the dispatcher leased more than the "
                            + max + " requests asked for; this one is handed back");
                }
                out.add(Wire.leased(w));
            } catch (ConnectorException e) {
                refused.accept(new RefusedLease(w, e, out.size() == max));
            }
        }
        return out;
    }

    /** A lease the connector will not work on, and why; {@code retryable} when another try may succeed. */
    public record RefusedLease(Wire.WireLease lease, ConnectorException why, boolean retryable) {
    }

    /**
     * The port's poll for {@code domains}: a lease that breaks the protocol is reported failed with
     * its code (when its id and token can address it) and left out.
     */
    public WorkSource forDomains(List<String> domains) {
        return new WorkSource() {
            @Override
            public List<LeasedRequest> poll(int max, Duration wait, java.util.Set<org.odjc.domain.DomainDnsName> paused)
                    throws ConnectorException {
                // the lease request names the domains to take work for: a paused one is left out
                java.util.Set<String> skip = new java.util.HashSet<>();
                paused.forEach(d -> skip.add(d.lowerCase()));
                List<String> asked = domains.stream().filter(d -> !skip.contains(d.toLowerCase(java.util.Locale.ROOT))).toList();
                return HttpCloudChannel.this.poll(max, (int) wait.toSeconds(), asked, HttpCloudChannel.this::refuse);
            }

            @Override
            public Instant extend(Lease lease, Duration by) throws ConnectorException {
                return HttpCloudChannel.this.extend(lease, by);
            }
        };
    }

    private void refuse(RefusedLease refused) {
        Wire.WireLease w = refused.lease();
        try {
            Lease lease = new Lease(RequestId.parse(w.requestId()), w.fencingToken(), Instant.EPOCH);
            report(lease, new JoinResult.Failed(refused.why().code(), refused.why().getMessage(), refused.retryable()));
        } catch (ConnectorException | IllegalArgumentException unaddressable) {
            // an id or token it cannot be addressed by: its lease runs out and the dispatcher shows it
        }
    }

    /** Extends a lease; {@code CLOUD-001} when it is no longer ours. */
    public Instant extend(Lease lease, Duration by) throws ConnectorException {
        Wire.ExtendResponse r = exchange("POST", "/v1/leases/" + lease.requestId().value() + "/extend",
                new Wire.ExtendRequest(lease.fencingToken(), (int) by.toSeconds()), Wire.ExtendResponse.class, timeout,
                "extending the lease of " + lease.requestId());
        return Wire.time(r.expires(), "expires");
    }

    @Override
    public void report(Lease lease, JoinResult result) throws ConnectorException {
        Wire.ResultResponse r = exchange("PUT", "/v1/requests/" + lease.requestId().value() + "/result",
                Wire.result(lease, result), Wire.ResultResponse.class, timeout, "reporting " + lease.requestId());
        if (!r.accepted()) {
            throw new ConnectorException(FailureCode.CLOUD_BAD_MESSAGE, "the dispatcher answered accepted=false for "
                    + lease.requestId());
        }
    }

    @Override
    public RemoteStatus status(RequestId id) throws ConnectorException {
        Wire.Status s = exchange("GET", "/v1/requests/" + id.value() + "/status", null, Wire.Status.class, timeout,
                "asking the status of " + id);
        return Wire.remoteStatus(s, connectorId);
    }

    /**
     * Proves the dispatcher answers this connector's identity, without touching any request: asks
     * the status of an id no request has; {@code not-found} is the expected answer.
     */
    public Duration probe() throws ConnectorException {
        long t0 = System.nanoTime();
        try {
            status(new RequestId("odjc-diagnose-probe"));
        } catch (ConnectorException e) {
            if (!(e.code() == FailureCode.CLOUD_BAD_MESSAGE && e.getMessage().contains("HTTP 404"))) {
                throw e;
            }
        }
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    /** Sends a heartbeat; returns the dispatcher's clock. */
    public Instant heartbeat(Wire.Heartbeat beat) throws ConnectorException {
        return Wire.time(exchange("POST", "/v1/heartbeat", beat, Wire.HeartbeatResponse.class, timeout, "heartbeat")
                .serverTime(), "serverTime");
    }

    private <T> T exchange(String method, String path, Object body, Class<T> answer, Duration wait, String what)
            throws ConnectorException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(wait)
                .header("Accept", "application/json");
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            byte[] json;
            try {
                json = Wire.JSON.writeValueAsBytes(body);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot serialize " + body.getClass().getSimpleName(), e);
            }
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(json));
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new ConnectorException(FailureCode.CLOUD_UNREACHABLE, what + ": no answer in " + wait.toSeconds() + " s", e);
        } catch (SSLException e) {
            throw new ConnectorException(FailureCode.CLOUD_REFUSED, what + ": TLS failed (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new ConnectorException(FailureCode.CLOUD_UNREACHABLE, what + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorException(FailureCode.CLOUD_UNREACHABLE, what + ": interrupted", e);
        }
        if (response.statusCode() != 200) {
            throw HttpStatusClassifier.classify(response.statusCode(), errorBody(response.body()), what);
        }
        try {
            return Wire.JSON.readValue(response.body(), answer);
        } catch (IOException e) {
            throw new ConnectorException(FailureCode.CLOUD_BAD_MESSAGE, what + ": the answer is not a "
                    + answer.getSimpleName() + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static Wire.ErrorBody errorBody(byte[] body) {
        try {
            return Wire.JSON.readValue(body, Wire.ErrorBody.class);
        } catch (IOException e) {
            return null;
        }
    }
}
