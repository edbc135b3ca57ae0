package org.odjc.dispatcher;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.odjc.dispatcher.DispatchQueue.Refused;

/**
 * The reference dispatcher's HTTPS front (docs/protocol.md) on the JDK's HTTPS server: connector
 * endpoints authenticate by client certificate (its CN is the connector id, issued by the CA the
 * {@code tls} context trusts), admin endpoints by a bearer token. Long-polls block a worker thread
 * until work is submitted or the wait ends. Enrollment trades a one-time token and a certificate
 * request for a client certificate from the dispatcher's CA; renewal does the same under the
 * current certificate.
 */
public final class DispatcherServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    private static final int MAX_BODY = 1 << 20;
    private static final Pattern EXTEND = Pattern.compile("/v1/leases/([A-Za-z0-9._-]{1,64})/extend");
    private static final Pattern RESULT = Pattern.compile("/v1/requests/([A-Za-z0-9._-]{1,64})/result");
    private static final Pattern STATUS = Pattern.compile("/v1/requests/([A-Za-z0-9._-]{1,64})/status");
    private static final Pattern REQUEST = Pattern.compile("/v1/requests/([A-Za-z0-9._-]{1,64})");
    private static final Pattern REVOKE = Pattern.compile("/v1/admin/connectors/([A-Za-z0-9._-]{1,64})/revoke");

    // Its own wire types (the connector has its own): they meet only at the protocol.
    record LeaseIn(int max, int waitSeconds, List<String> domains) {
    }

    record RequestOut(String domain, String ou, String computerName, String computerNamePrefix, String deviceId) {
    }

    record LeaseOut(String requestId, long fencingToken, String expires, RequestOut request) {
    }

    record ExtendIn(long fencingToken, int seconds) {
    }

    record ResultIn(long fencingToken, String outcome, String computerName, String dn, String sid, String dc, String blob,
            String code, String message, Boolean retryable) {
    }

    record HeartbeatIn(String version, List<String> domains, Map<String, List<String>> allowedOus, String health,
            List<String> codes, int inFlight, com.fasterxml.jackson.databind.JsonNode diagnostics) {
    }

    record SubmitIn(String requestId, String domain, String ou, String computerName, String computerNamePrefix,
            String deviceId) {
    }

    record TokenIn(String connectorId, Integer validMinutes) {
    }

    record EnrollIn(String token, String csr, String version, String hostName, List<String> domains) {
    }

    record RenewIn(String csr) {
    }

    /** What enrollment needs: the CA that signs, the token store, and how long a certificate lasts. */
    public record Enrollment(DispatcherCa ca, Enrollments store, Duration certificateValidity) {
    }

    record ConnectorOut(String connectorId, String version, List<String> domains, String health, List<String> codes,
            String lastContact, String certificateExpires, com.fasterxml.jackson.databind.JsonNode diagnostics,
            String revoked) {
    }

    private final DispatchQueue queue;
    private final Enrollment enrollment;
    private final byte[] adminTokenDigest;
    private final Clock clock;
    private final Duration maxWait;
    private final Map<String, ConnectorOut> connectors = new ConcurrentHashMap<>();
    private final Object work = new Object();
    private final AtomicInteger waiting = new AtomicInteger();
    private final ExecutorService threads = Executors.newFixedThreadPool(64, r -> {
        Thread t = new Thread(r, "odjc-dispatcher-http");
        t.setDaemon(true);
        return t;
    });
    private HttpsServer server;

    /**
     * @param tls the server's identity, trusting only the CA that issues connector certificates
     * @param adminToken the bearer token of the admin/MDM API
     * @param maxWait the longest long-poll wait granted
     */
    public DispatcherServer(DispatchQueue queue, SSLContext tls, String adminToken, Clock clock, Duration maxWait,
            InetSocketAddress address) throws IOException {
        this(queue, null, tls, adminToken, clock, maxWait, address);
    }

    /** @param enrollment the CA and token store; null: {@code /v1/enroll} and renewal answer not-found */
    public DispatcherServer(DispatchQueue queue, Enrollment enrollment, SSLContext tls, String adminToken, Clock clock,
            Duration maxWait, InetSocketAddress address) throws IOException {
        // Without TCP_NODELAY the JDK server's small answers wait for the client's delayed ACK (~40 ms
        // each); read once, when the first server is made.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        this.queue = queue;
        this.enrollment = enrollment;
        this.adminTokenDigest = sha256(adminToken);
        this.clock = clock;
        this.maxWait = maxWait;
        server = HttpsServer.create(address, 64);
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = getSSLContext().getDefaultSSLParameters();
                p.setWantClientAuth(true); // connectors must present one; admins use the token
                params.setSSLParameters(p);
            }
        });
        server.setExecutor(threads);
        server.createContext("/", this::handle);
    }

    public void start() {
        server.start();
    }

    /** Long-polls waiting for work right now (a gauge for metrics). */
    public int waitingPolls() {
        return waiting.get();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange x) throws IOException {
        try {
            byte[] body = x.getRequestBody().readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                throw new Refused("bad-request", "body larger than 1 MiB");
            }
            Object answer = route(x, x.getRequestMethod(), x.getRequestURI().getPath(), body);
            send(x, 200, answer);
        } catch (Refused r) {
            send(x, status(r.error()), Map.of("error", r.error(), "detail", r.getMessage()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            send(x, 400, Map.of("error", "bad-request", "detail", "not the JSON this endpoint takes: "
                    + e.getOriginalMessage()));
        } catch (SQLException | RuntimeException e) {
            send(x, 503, Map.of("error", "unavailable", "detail", e.getClass().getSimpleName()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            send(x, 503, Map.of("error", "unavailable", "detail", "shutting down"));
        } finally {
            x.close();
        }
    }

    private Object route(HttpExchange x, String method, String path, byte[] body)
            throws Refused, IOException, SQLException, InterruptedException {
        Matcher m;
        if (path.startsWith("/v1/admin/") || path.equals("/v1/connectors")
                || (path.equals("/v1/requests") && method.equals("POST"))
                || (REQUEST.matcher(path).matches() && (method.equals("GET") || method.equals("DELETE")))) {
            requireAdmin(x);
            if (path.equals("/v1/requests") && method.equals("POST")) {
                SubmitIn s = JSON.readValue(body, SubmitIn.class);
                String id = s.requestId() != null ? s.requestId() : "rq-" + UUID.randomUUID();
                DispatchQueue.AdminView v = queue.submit(new DispatchQueue.Submission(id, s.domain(), s.ou(),
                        s.computerName(), s.computerNamePrefix(), s.deviceId()));
                synchronized (work) {
                    work.notifyAll();
                }
                return adminOut(v);
            }
            if (path.equals("/v1/connectors") && method.equals("GET")) {
                return Map.of("connectors", connectorsOut());
            }
            if ((m = REVOKE.matcher(path)).matches() && method.equals("POST")) {
                enrollment().store().revoke(m.group(1));
                int released = queue.endLeasesOf(m.group(1));
                connectors.remove(m.group(1));
                synchronized (work) {
                    work.notifyAll();
                }
                return Map.of("connectorId", m.group(1), "revoked", true, "leasesEnded", released);
            }
            if (path.equals("/v1/admin/enrollment-tokens") && method.equals("POST")) {
                TokenIn in = JSON.readValue(body, TokenIn.class);
                Enrollments.Token t = enrollment().store().create(in.connectorId(),
                        Duration.ofMinutes(in.validMinutes() == null ? 60 : in.validMinutes()));
                return Map.of("token", t.token(), "connectorId", t.connectorId(), "expires", t.expires().toString(),
                        "caSha256", enrollment().ca().fingerprint());
            }
            m = REQUEST.matcher(path);
            if (m.matches() && method.equals("GET")) {
                return adminOut(queue.adminView(m.group(1)));
            }
            if (m.matches() && method.equals("DELETE")) {
                return adminOut(queue.cancel(m.group(1)));
            }
            throw new Refused("not-found", method + " " + path);
        }
        if (path.equals("/v1/enroll") && method.equals("POST")) {
            EnrollIn in = JSON.readValue(body, EnrollIn.class);
            if (in.csr() == null) {
                throw new Refused("bad-request", "csr is required");
            }
            return certificate(enrollment().store().redeem(in.token()), in.csr());
        }
        String connector = connectorId(x);
        if (enrollment != null && enrollment.store().revoked(connector)) {
            throw new Refused("unauthenticated", connector + " was revoked; enroll again with a new token");
        }
        if (path.equals("/v1/certificate") && method.equals("POST")) {
            RenewIn in = JSON.readValue(body, RenewIn.class);
            if (in.csr() == null) {
                throw new Refused("bad-request", "csr is required");
            }
            if (!enrollment().store().enrolled(connector)) {
                throw new Refused("forbidden", connector + " did not enroll here");
            }
            return certificate(connector, in.csr());
        }
        if (path.equals("/v1/leases") && method.equals("POST")) {
            return lease(connector, JSON.readValue(body, LeaseIn.class));
        }
        if ((m = EXTEND.matcher(path)).matches() && method.equals("POST")) {
            ExtendIn in = JSON.readValue(body, ExtendIn.class);
            if (in.seconds() < 30 || in.seconds() > 600) {
                throw new Refused("bad-request", "seconds must be 30-600");
            }
            return Map.of("expires", queue.extend(connector, m.group(1), in.fencingToken(),
                    Duration.ofSeconds(in.seconds())).toString());
        }
        if ((m = RESULT.matcher(path)).matches() && method.equals("PUT")) {
            ResultIn in = JSON.readValue(body, ResultIn.class);
            queue.result(connector, m.group(1), in.fencingToken(), result(in));
            return Map.of("accepted", true);
        }
        if ((m = STATUS.matcher(path)).matches() && method.equals("GET")) {
            DispatchQueue.ConnectorView v = queue.connectorView(connector, m.group(1));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("requestId", v.requestId());
            out.put("state", v.state());
            out.put("leasedToYou", v.leasedToYou());
            out.put("fencingToken", v.fencingToken());
            out.put("expires", v.expires() == null ? null : v.expires().toString());
            out.put("resultBy", v.resultBy());
            out.values().removeIf(Objects::isNull);
            return out;
        }
        if (path.equals("/v1/heartbeat") && method.equals("POST")) {
            HeartbeatIn h = JSON.readValue(body, HeartbeatIn.class);
            connectors.put(connector, new ConnectorOut(connector, h.version(), h.domains(), h.health(), h.codes(),
                    clock.instant().toString(), null, h.diagnostics(), null));
            return Map.of("serverTime", clock.instant().toString());
        }
        throw new Refused("not-found", method + " " + path);
    }

    /** Leases at once, or waits (up to the asked and the allowed wait) for a submit to wake it. */
    private Map<String, Object> lease(String connector, LeaseIn in) throws Refused, SQLException, InterruptedException {
        if (in.max() < 1 || in.max() > 32 || in.waitSeconds() < 0 || in.waitSeconds() > 60 || in.domains() == null) {
            throw new Refused("bad-request", "max 1-32, waitSeconds 0-60 and domains are required");
        }
        long deadline = System.nanoTime() + Math.min(maxWait.toNanos(), Duration.ofSeconds(in.waitSeconds()).toNanos());
        while (true) {
            List<DispatchQueue.Lease> leases = queue.lease(connector, new HashSet<>(in.domains()), in.max());
            long left = deadline - System.nanoTime();
            if (!leases.isEmpty() || left <= 0) {
                return Map.of("leases", leases.stream().map(l -> new LeaseOut(l.request().requestId(), l.fencingToken(),
                        l.expires().toString(), new RequestOut(l.request().domain(), l.request().ou(),
                                l.request().computerName(), l.request().computerNamePrefix(), l.request().deviceId())))
                        .toList());
            }
            waiting.incrementAndGet();
            try {
                synchronized (work) {
                    work.wait(Math.max(1, Math.min(left / 1_000_000, 1000))); // also re-checks expired leases each second
                }
            } finally {
                waiting.decrementAndGet();
            }
        }
    }

    /** Every connector heard from since start, and every enrolled one with its certificate's expiry. */
    private List<ConnectorOut> connectorsOut() throws SQLException {
        Map<String, ConnectorOut> out = new java.util.TreeMap<>(connectors);
        if (enrollment != null) {
            for (Enrollments.Enrolled e : enrollment.store().connectors()) {
                ConnectorOut seen = out.get(e.connectorId());
                out.put(e.connectorId(), seen == null
                        ? new ConnectorOut(e.connectorId(), null, null, null, null, null, e.certificateExpires().toString(), null,
                                e.revoked() == null ? null : e.revoked().toString())
                        : new ConnectorOut(seen.connectorId(), seen.version(), seen.domains(), seen.health(), seen.codes(),
                                seen.lastContact(), e.certificateExpires().toString(), seen.diagnostics(),
                                e.revoked() == null ? null : e.revoked().toString()));
            }
        }
        return List.copyOf(out.values());
    }

    private Enrollment enrollment() throws Refused {
        if (enrollment == null) {
            throw new Refused("not-found", "this dispatcher does not enroll connectors");
        }
        return enrollment;
    }

    /** Signs {@code csr} for {@code connector}; answers the chain to install and the CA to pin. */
    private Map<String, Object> certificate(String connector, String csr) throws Refused, IOException, SQLException {
        Enrollment e = enrollment();
        X509Certificate cert = e.ca().signConnector(csr, connector, e.certificateValidity());
        e.store().issued(connector, cert.getNotAfter().toInstant(), cert.getSerialNumber().toString(16));
        Map<String, Object> out = new LinkedHashMap<>();
        Instant from = cert.getNotBefore().toInstant();
        Instant to = cert.getNotAfter().toInstant();
        out.put("connectorId", connector);
        out.put("certificate", DispatcherCa.pem(cert));
        out.put("caChain", List.of(DispatcherCa.pem(e.ca().certificate())));
        out.put("notAfter", to.toString());
        out.put("renewAfter", from.plus(Duration.between(from, to).multipliedBy(2).dividedBy(3)).toString());
        return out;
    }

    private static DispatchQueue.Result result(ResultIn r) throws Refused {
        if ("succeeded".equals(r.outcome())) {
            if (r.blob() == null || r.computerName() == null || r.dn() == null || r.sid() == null) {
                throw new Refused("bad-request", "a success carries computerName, dn, sid and blob");
            }
            byte[] blob;
            try {
                blob = Base64.getDecoder().decode(r.blob());
            } catch (IllegalArgumentException e) {
                throw new Refused("bad-request", "blob is not base64");
            }
            return new DispatchQueue.Result(r.computerName(), r.dn(), r.sid(), r.dc(), blob, null, null, false);
        }
        if ("failed".equals(r.outcome())) {
            if (r.code() == null || !r.code().matches("[A-Z]+-\\d{3}")) {
                throw new Refused("bad-request", "a failure carries a code like PROV-001");
            }
            return new DispatchQueue.Result(null, null, null, null, null, r.code(), r.message(),
                    Boolean.TRUE.equals(r.retryable()));
        }
        throw new Refused("bad-request", "outcome must be succeeded or failed");
    }

    private static Map<String, Object> adminOut(DispatchQueue.AdminView v) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("requestId", v.requestId());
        out.put("state", v.state().name().toLowerCase());
        out.put("submitted", v.submitted().toString());
        out.put("finished", v.finished() == null ? null : v.finished().toString());
        out.put("connectorId", v.connectorId());
        if (v.computerName() != null) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("computerName", v.computerName());
            result.put("dn", v.dn());
            result.put("sid", v.sid());
            result.put("dc", v.dc());
            result.put("blob", v.blob() == null ? null : Base64.getEncoder().encodeToString(v.blob()));
            result.put("blobFetched", v.blobFetched() == null ? null : v.blobFetched().toString());
            out.put("result", result);
        }
        if (v.code() != null) {
            out.put("failure", Map.of("code", v.code(), "message", v.message() == null ? "" : v.message()));
        }
        out.values().removeIf(Objects::isNull);
        return out;
    }

    /** The connector id is the CN of the verified client certificate. */
    private static String connectorId(HttpExchange x) throws Refused {
        try {
            X509Certificate cert = (X509Certificate) ((HttpsExchange) x).getSSLSession().getPeerCertificates()[0];
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return rdn.getValue().toString();
                }
            }
            throw new Refused("unauthenticated", "the client certificate has no CN");
        } catch (SSLPeerUnverifiedException e) {
            throw new Refused("unauthenticated", "connector endpoints need the enrolled client certificate");
        } catch (InvalidNameException e) {
            throw new Refused("unauthenticated", "unreadable client certificate subject");
        }
    }

    private void requireAdmin(HttpExchange x) throws Refused {
        String h = x.getRequestHeaders().getFirst("Authorization");
        if (h == null || !h.startsWith("Bearer ") || !MessageDigest.isEqual(sha256(h.substring(7)), adminTokenDigest)) {
            throw new Refused("unauthenticated", "the admin API needs Authorization: Bearer <token>");
        }
    }

    private static int status(String error) {
        return switch (error) {
            case "bad-request" -> 400;
            case "unauthenticated" -> 401;
            case "forbidden" -> 403;
            case "not-found" -> 404;
            case "lease-lost", "conflict" -> 409;
            default -> 503;
        };
    }

    private static void send(HttpExchange x, int status, Object body) throws IOException {
        byte[] out = JSON.writeValueAsBytes(body);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, out.length);
        x.getResponseBody().write(out);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
