package org.odjc.dispatcher;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
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
 *
 * <p>Every answer follows the protocol's error table: an unknown path is {@code 404}, a known path
 * with another method {@code 405} (with {@code Allow}), a body over 1 MiB {@code 413}, JSON that is
 * malformed, of the wrong types, with duplicate keys or trailing data {@code 400}; a bug is
 * {@code 500 internal-error} (logged with its stack trace, never with a body); {@code 503} only
 * when the store cannot serve. One access-log line per request.
 */
public final class DispatcherServer implements AutoCloseable {
    /**
     * Strict JSON: no scalar coercion ({@code true} is not the string "true", "5" not the number 5),
     * duplicate keys and trailing data refused; unknown properties ignored (protocol: within v1
     * fields are only added). Output escapes control characters (see {@link Visible}).
     */
    static final ObjectMapper JSON = strictMapper();
    static final int MAX_BODY = 1 << 20;
    /** A larger body is read and dropped up to this, so the 413 reaches the client; beyond, the connection closes. */
    private static final long MAX_DRAIN = 16L << 20;
    private static final String ID = "([A-Za-z0-9._-]{1,64})";
    private static final Pattern EXTEND = Pattern.compile("/v1/leases/" + ID + "/extend");
    private static final Pattern RESULT = Pattern.compile("/v1/requests/" + ID + "/result");
    private static final Pattern STATUS = Pattern.compile("/v1/requests/" + ID + "/status");
    private static final Pattern BLOB = Pattern.compile("/v1/requests/" + ID + "/blob");
    private static final Pattern REQUEST = Pattern.compile("/v1/requests/" + ID);
    private static final Pattern REVOKE = Pattern.compile("/v1/admin/connectors/" + ID + "/revoke");

    /** Each path of the protocol and the methods it takes, in the order of the Allow header. */
    private static final Map<Pattern, List<String>> ROUTES = routes();

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
            List<String> codes, int inFlight, JsonNode diagnostics) {
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

    /** The last heartbeat of a connector since this dispatcher started. */
    private record Heard(String version, List<String> domains, String health, List<String> codes, Instant at,
            JsonNode diagnostics) {
    }

    private final DispatchQueue queue;
    private final Enrollment enrollment;
    private final byte[] adminTokenDigest;
    private final Clock clock;
    private final Duration maxWait;
    private final Log log;
    private final Map<String, Heard> heard = new ConcurrentHashMap<>();
    private final Object work = new Object();
    private final AtomicInteger waiting = new AtomicInteger();
    private final SecureRandom random = new SecureRandom();
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
        this(queue, enrollment, tls, adminToken, clock, maxWait, address, Log.stderr());
    }

    /** @param log where the access log and errors go */
    public DispatcherServer(DispatchQueue queue, Enrollment enrollment, SSLContext tls, String adminToken, Clock clock,
            Duration maxWait, InetSocketAddress address, Log log) throws IOException {
        // Without TCP_NODELAY the JDK server's small answers wait for the client's delayed ACK (~40 ms
        // each); read once, when the first server is made.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        this.queue = queue;
        this.enrollment = enrollment;
        this.adminTokenDigest = sha256(adminToken);
        this.clock = clock;
        this.maxWait = maxWait;
        this.log = log;
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

    /** An answer: status, body, and extra headers. */
    private record Answer(int status, Object body, Map<String, String> headers) {
        static Answer ok(Object body) {
            return new Answer(200, body, Map.of());
        }
    }

    private void accessLog(HttpExchange x, String method, String path, int status, long started) {
        log.info("event=http-request method=" + Visible.escape(method) + " path=" + Visible.escape(path) + " status="
                + status + " ms=" + (System.nanoTime() - started) / 1_000_000 + " remote="
                + (x.getRemoteAddress() == null ? "-" : x.getRemoteAddress().getAddress().getHostAddress() + ":"
                        + x.getRemoteAddress().getPort()));
    }

    private void handle(HttpExchange x) throws IOException {
        long started = System.nanoTime();
        String method = x.getRequestMethod();
        String path = x.getRequestURI().getRawPath();
        int status = 500;
        boolean logged = false;
        try {
            Answer a;
            try {
                a = answer(x, method, path);
            } catch (Refused r) {
                a = new Answer(status(r.error()), error(r.error(), r.getMessage()),
                        r.error().equals("payload-too-large") ? Map.of("Connection", "close") : Map.of());
            } catch (JsonProcessingException e) {
                a = new Answer(400, error("bad-request", describe(e)), Map.of());
            } catch (SQLException e) {
                a = storeFailure(method, path, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                a = new Answer(503, error("unavailable", "the dispatcher is shutting down; retry"), Map.of());
            } catch (RuntimeException e) {
                a = internalError(method, path, e);
            }
            status = a.status();
            // logged when the answer is ready, before it is sent: a client that reads the log after its
            // answer finds its line there (ms: the time to answer, not to deliver)
            accessLog(x, method, path, status, started);
            logged = true;
            send(x, a);
        } finally {
            x.close();
            if (!logged) {
                accessLog(x, method, path, status, started);
            }
        }
    }

    /** Route (404, 405), body (413), authentication (401), then the endpoint. */
    private Answer answer(HttpExchange x, String method, String path)
            throws Refused, IOException, SQLException, InterruptedException {
        List<String> methods = null;
        for (Map.Entry<Pattern, List<String>> e : ROUTES.entrySet()) {
            if (e.getKey().matcher(path).matches()) {
                methods = e.getValue();
                break;
            }
        }
        if (methods == null) {
            throw new Refused("not-found", "no such endpoint: " + path);
        }
        if (!methods.contains(method)) {
            return new Answer(405, error("method-not-allowed", path + " takes " + String.join(", ", methods)),
                    Map.of("Allow", String.join(", ", methods)));
        }
        byte[] body = readBody(x);
        Map<String, String> query = query(x.getRequestURI().getRawQuery());
        if (isAdmin(method, path)) {
            requireAdmin(x);
            return admin(method, path, body, query);
        }
        if (path.equals("/v1/enroll")) {
            EnrollIn in = parse(body, EnrollIn.class);
            if (in.csr() == null) {
                throw new Refused("bad-request", "csr is required");
            }
            String connector = enrollment().store().redeem(in.token());
            Map<String, Object> out = certificate(connector, in.csr());
            enrollment().store().enrolledFrom(connector, in.hostName(), in.version(), in.domains());
            return Answer.ok(out);
        }
        return Answer.ok(connector(x, method, path, body));
    }

    private static boolean isAdmin(String method, String path) {
        return path.startsWith("/v1/admin/") || path.equals("/v1/connectors") || path.equals("/v1/requests")
                || REQUEST.matcher(path).matches() || BLOB.matcher(path).matches();
    }

    private Answer admin(String method, String path, byte[] body, Map<String, String> query)
            throws Refused, IOException, SQLException {
        Matcher m;
        if (path.equals("/v1/requests") && method.equals("POST")) {
            SubmitIn s = parse(body, SubmitIn.class);
            String id = s.requestId() != null ? s.requestId() : "rq-" + UUID.randomUUID();
            DispatchQueue.Submitted done = queue.submitRequest(new DispatchQueue.Submission(id, s.domain(), s.ou(),
                    s.computerName(), s.computerNamePrefix(), s.deviceId()));
            synchronized (work) {
                work.notifyAll();
            }
            Map<String, Object> out = adminOut(done.view());
            if (!served(s.domain())) {
                out.put("warnings", List.of(warning("no-connector-serves-domain", "no enrolled, unrevoked connector has"
                        + " named " + s.domain().toLowerCase(Locale.ROOT) + " among its domains; the request waits until"
                        + " one does (or until it expires)")));
            }
            return new Answer(done.created() ? 202 : 200, out, Map.of());
        }
        if (path.equals("/v1/requests")) { // GET
            return Answer.ok(list(query));
        }
        if (path.equals("/v1/connectors")) {
            return Answer.ok(Map.of("connectors", connectorsOut()));
        }
        if ((m = REVOKE.matcher(path)).matches()) {
            enrollment().store().revoke(m.group(1));
            int released = queue.endLeasesOf(m.group(1));
            heard.remove(m.group(1));
            synchronized (work) {
                work.notifyAll();
            }
            return Answer.ok(Map.of("connectorId", m.group(1), "revoked", true, "leasesEnded", released));
        }
        if (path.equals("/v1/admin/enrollment-tokens")) {
            TokenIn in = body.length == 0 ? new TokenIn(null, null) : parse(body, TokenIn.class);
            Enrollments.Token t = enrollment().store().create(in.connectorId(),
                    Duration.ofMinutes(in.validMinutes() == null ? 60 : in.validMinutes()));
            return Answer.ok(Map.of("token", t.token(), "connectorId", t.connectorId(), "expires", t.expires().toString(),
                    "caSha256", enrollment().ca().fingerprint()));
        }
        if ((m = BLOB.matcher(path)).matches()) {
            byte[] blob = queue.takeBlob(m.group(1));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("requestId", m.group(1));
            out.put("format", "ndr");
            out.put("blob", Base64.getEncoder().encodeToString(blob));
            return Answer.ok(out);
        }
        m = REQUEST.matcher(path);
        m.matches();
        if (method.equals("DELETE")) {
            return Answer.ok(adminOut(queue.cancel(m.group(1))));
        }
        String blob = query.get("blob");
        if (blob != null && !blob.equals("omit")) {
            throw new Refused("bad-request", "blob takes only 'omit'");
        }
        return Answer.ok(adminOut(blob == null ? queue.adminView(m.group(1)) : queue.adminViewWithoutBlob(m.group(1))));
    }

    private Map<String, Object> list(Map<String, String> query) throws Refused, SQLException {
        for (String k : query.keySet()) {
            if (!Set.of("state", "since", "limit", "cursor").contains(k)) {
                throw new Refused("bad-request", "unknown query parameter " + Visible.escape(k)
                        + "; the list takes state, since, limit and cursor");
            }
        }
        DispatchQueue.State state = null;
        if (query.containsKey("state")) {
            try {
                state = DispatchQueue.State.valueOf(query.get("state").toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new Refused("bad-request", "state is one of queued, leased, succeeded, failed, cancelled, expired");
            }
        }
        Instant since = null;
        if (query.containsKey("since")) {
            try {
                since = Instant.parse(query.get("since"));
            } catch (DateTimeParseException e) {
                throw new Refused("bad-request", "since is an RFC 3339 UTC time such as 2026-12-01T00:00:00Z");
            }
        }
        int limit = 100;
        if (query.containsKey("limit")) {
            try {
                limit = Integer.parseInt(query.get("limit"));
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > 1000) {
                throw new Refused("bad-request", "limit must be 1-1000");
            }
        }
        DispatchQueue.Page page = queue.list(state, since, limit, query.get("cursor"));
        List<Map<String, Object>> items = new ArrayList<>();
        for (DispatchQueue.AdminView v : page.requests()) {
            items.add(adminOut(v));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("requests", items);
        if (page.nextCursor() != null) {
            out.put("nextCursor", page.nextCursor());
        }
        return out;
    }

    private Object connector(HttpExchange x, String method, String path, byte[] body)
            throws Refused, IOException, SQLException, InterruptedException {
        Matcher m;
        String connector = connectorId(x);
        if (enrollment != null && enrollment.store().revoked(connector)) {
            throw new Refused("unauthenticated", connector + " was revoked; enroll again with a new token");
        }
        if (path.equals("/v1/certificate")) {
            RenewIn in = parse(body, RenewIn.class);
            if (in.csr() == null) {
                throw new Refused("bad-request", "csr is required");
            }
            if (!enrollment().store().enrolled(connector)) {
                throw new Refused("forbidden", connector + " did not enroll here");
            }
            return certificate(connector, in.csr());
        }
        if (path.equals("/v1/leases")) {
            return lease(connector, parse(body, LeaseIn.class));
        }
        if ((m = EXTEND.matcher(path)).matches()) {
            ExtendIn in = parse(body, ExtendIn.class);
            if (in.seconds() < 30 || in.seconds() > 600) {
                throw new Refused("bad-request", "seconds must be 30-600");
            }
            return Map.of("expires", queue.extend(connector, m.group(1), in.fencingToken(),
                    Duration.ofSeconds(in.seconds())).toString());
        }
        if ((m = RESULT.matcher(path)).matches()) {
            ResultIn in = parse(body, ResultIn.class);
            queue.result(connector, m.group(1), in.fencingToken(), result(in));
            return Map.of("accepted", true);
        }
        if ((m = STATUS.matcher(path)).matches()) {
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
        // POST /v1/heartbeat
        HeartbeatIn h = parse(body, HeartbeatIn.class);
        if (h.version() == null || h.domains() == null || h.health() == null) {
            throw new Refused("bad-request", "a heartbeat carries version, domains and health");
        }
        Instant now = clock.instant();
        heard.put(connector, new Heard(h.version(), h.domains(), h.health(), h.codes() == null ? List.of() : h.codes(), now,
                h.diagnostics()));
        if (enrollment != null) {
            enrollment.store().heard(connector, h.version(), h.domains(), now);
        }
        return Map.of("serverTime", now.toString());
    }

    /** Whether an enrolled, unrevoked connector, or one heard from since start, serves {@code domain}. */
    private boolean served(String domain) throws SQLException {
        Set<String> revoked = new HashSet<>();
        if (enrollment != null) {
            for (Enrollments.Enrolled e : enrollment.store().connectors()) {
                if (e.revoked() != null) {
                    revoked.add(e.connectorId());
                } else if (e.domains() != null && e.domains().stream().anyMatch(domain::equalsIgnoreCase)) {
                    return true;
                }
            }
        }
        for (Map.Entry<String, Heard> e : heard.entrySet()) {
            if (!revoked.contains(e.getKey()) && e.getValue().domains().stream().anyMatch(domain::equalsIgnoreCase)) {
                return true;
            }
        }
        return false;
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

    /**
     * Every connector enrolled here or heard from since start. A connector not heard from since start
     * shows its enrollment's (or last stored heartbeat's) version and domains, health {@code unknown}.
     */
    private List<Map<String, Object>> connectorsOut() throws SQLException {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        Map<String, Enrollments.Enrolled> enrolled = new TreeMap<>();
        if (enrollment != null) {
            for (Enrollments.Enrolled e : enrollment.store().connectors()) {
                enrolled.put(e.connectorId(), e);
            }
        }
        Set<String> ids = new java.util.TreeSet<>(enrolled.keySet());
        ids.addAll(heard.keySet());
        for (String id : ids) {
            Enrollments.Enrolled e = enrolled.get(id);
            Heard h = heard.get(id);
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("connectorId", id);
            c.put("hostName", e == null ? null : e.hostName());
            c.put("version", h != null ? h.version() : e.version() != null ? e.version() : "unknown");
            c.put("domains", h != null ? h.domains() : e.domains() != null ? e.domains() : List.of());
            c.put("health", h != null ? h.health() : "unknown");
            c.put("codes", h != null ? h.codes() : List.of());
            Instant contact = h != null ? h.at() : e.lastContact() != null ? e.lastContact() : e.enrolled();
            c.put("lastContact", contact.toString());
            c.put("certificateNotAfter", e == null ? null : e.certificateExpires().toString());
            c.put("revoked", e == null || e.revoked() == null ? null : e.revoked().toString());
            c.put("diagnostics", h == null ? null : h.diagnostics());
            c.values().removeIf(Objects::isNull);
            out.put(id, c);
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
        out.put("state", v.state().name().toLowerCase(Locale.ROOT));
        out.put("domain", v.domain());
        out.put("deviceId", v.deviceId());
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
            result.put("blobAvailable", v.blobHeld());
            result.put("blobFetched", v.blobFetched() == null ? null : v.blobFetched().toString());
            result.values().removeIf(Objects::isNull);
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

    /**
     * The body, at most {@link #MAX_BODY}. A larger one is read to its end and dropped (up to
     * {@link #MAX_DRAIN}) so that the client, still sending, reads the 413 instead of a reset.
     */
    private static byte[] readBody(HttpExchange x) throws Refused, IOException {
        String declared = x.getRequestHeaders().getFirst("Content-Length");
        long length = -1;
        try {
            length = declared == null ? -1 : Long.parseLong(declared.strip());
        } catch (NumberFormatException e) {
            throw new Refused("bad-request", "Content-Length is not a number");
        }
        InputStream in = x.getRequestBody();
        if (length > MAX_DRAIN) {
            throw new Refused("payload-too-large", "the body is " + length + " bytes; at most " + MAX_BODY + " are taken");
        }
        byte[] body = in.readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            long total = body.length;
            byte[] drop = new byte[64 * 1024];
            int n;
            while (total <= MAX_DRAIN && (n = in.read(drop)) >= 0) {
                total += n;
            }
            throw new Refused("payload-too-large", "the body is larger than " + MAX_BODY + " bytes (1 MiB)");
        }
        return body;
    }

    /** A JSON object of type {@code type}: not null, not another JSON type, typed strictly. */
    private static <T> T parse(byte[] body, Class<T> type) throws Refused, IOException {
        if (body.length == 0) {
            throw new Refused("bad-request", "the body is empty; this endpoint takes a JSON object");
        }
        T value = JSON.readValue(body, type);
        if (value == null) {
            throw new Refused("bad-request", "the body is null; this endpoint takes a JSON object");
        }
        return value;
    }

    /** What was wrong with the JSON, for people: field and expected type, or position; never parser internals. */
    static String describe(JsonProcessingException e) {
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (original.startsWith("Duplicate field")) {
            Matcher m = Pattern.compile("Duplicate field '(.{0,64})").matcher(original);
            String name = m.find() ? m.group(1).replaceAll("'$", "") : "";
            return "duplicate key " + Visible.escape(name) + " at " + where(e) + "; each key may appear once";
        }
        if (original.startsWith("Trailing token")) {
            return "data after the JSON value at " + where(e) + "; the body is exactly one JSON object";
        }
        if (e instanceof MismatchedInputException m) {
            String field = field(m);
            Class<?> target = m.getTargetType();
            if (field.isEmpty()) {
                return "the body must be a JSON object";
            }
            return "field " + field + ": expected " + kind(target);
        }
        if (e instanceof JsonMappingException m && !field(m).isEmpty()) {
            return "field " + field(m) + ": not a valid value";
        }
        return "malformed JSON at " + where(e);
    }

    private static String field(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                out.append(out.length() == 0 ? "" : ".").append(Visible.escape(r.getFieldName()));
            } else if (r.getIndex() >= 0) {
                out.append('[').append(r.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static String kind(Class<?> t) {
        if (t == null) {
            return "another JSON type";
        }
        if (t == String.class) {
            return "a string";
        }
        if (t == int.class || t == Integer.class || t == long.class || t == Long.class) {
            return "an integer";
        }
        if (t == boolean.class || t == Boolean.class) {
            return "true or false";
        }
        if (List.class.isAssignableFrom(t) || t.isArray()) {
            return "an array";
        }
        return "an object";
    }

    private static String where(JsonProcessingException e) {
        return e.getLocation() == null ? "an unknown position"
                : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    /** Query parameters, decoded; a repeated one is refused. */
    private static Map<String, String> query(String raw) throws Refused {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k;
            String v;
            try {
                k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new Refused("bad-request", "the query string is not URL-encoded");
            }
            if (out.put(k, v) != null) {
                throw new Refused("bad-request", "query parameter " + Visible.escape(k) + " is given twice");
            }
        }
        return out;
    }

    /** 503 when the store cannot serve now (busy, locked, I/O, full, closed); 500 for anything else. */
    private Answer storeFailure(String method, String path, SQLException e) {
        boolean unavailable = e instanceof org.sqlite.SQLiteException s
                ? Set.of(5, 6, 8, 10, 13, 14).contains(s.getResultCode().code & 0xFF)
                : e.getMessage() != null && e.getMessage().contains("closed");
        if (!unavailable) {
            return internalError(method, path, e);
        }
        log.info("event=store-unavailable method=" + Visible.escape(method) + " path=" + Visible.escape(path)
                + " reason=\"" + Visible.escape(String.valueOf(e.getMessage())).replace("\"", "'") + "\"");
        return new Answer(503, error("unavailable", "the dispatcher's store cannot serve now; retry with back-off"),
                Map.of("Retry-After", "5"));
    }

    /** A bug: logged with its stack trace under an incident id the answer names; no body is logged. */
    private Answer internalError(String method, String path, Exception e) {
        byte[] b = new byte[6];
        random.nextBytes(b);
        String incident = HexFormat.of().formatHex(b);
        log.error("event=internal-error incident=" + incident + " method=" + Visible.escape(method) + " path="
                + Visible.escape(path), e);
        return new Answer(500, error("internal-error", "the dispatcher failed on this request (incident " + incident
                + "; its log has the details)"), Map.of());
    }

    /** A warning of an accepted request: {@code {"code": id, "detail": text}}. */
    private static Map<String, Object> warning(String code, String detail) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("code", code);
        out.put("detail", detail);
        return out;
    }

    private static Map<String, Object> error(String error, String detail) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("error", error);
        out.put("detail", detail);
        return out;
    }

    private static int status(String error) {
        return switch (error) {
            case "bad-request" -> 400;
            case "unauthenticated" -> 401;
            case "forbidden" -> 403;
            case "not-found" -> 404;
            case "method-not-allowed" -> 405;
            case "lease-lost", "conflict" -> 409;
            case "blob-already-retrieved", "blob-expired" -> 410;
            case "payload-too-large" -> 413;
            case "internal-error" -> 500;
            default -> 503;
        };
    }

    private static void send(HttpExchange x, Answer a) throws IOException {
        byte[] out = JSON.writeValueAsBytes(a.body());
        x.getResponseHeaders().add("Content-Type", "application/json");
        a.headers().forEach((k, v) -> x.getResponseHeaders().add(k, v));
        x.sendResponseHeaders(a.status(), out.length);
        x.getResponseBody().write(out);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<Pattern, List<String>> routes() {
        Map<Pattern, List<String>> r = new LinkedHashMap<>();
        r.put(Pattern.compile("/v1/enroll"), List.of("POST"));
        r.put(Pattern.compile("/v1/certificate"), List.of("POST"));
        r.put(Pattern.compile("/v1/leases"), List.of("POST"));
        r.put(EXTEND, List.of("POST"));
        r.put(RESULT, List.of("PUT"));
        r.put(STATUS, List.of("GET"));
        r.put(BLOB, List.of("GET"));
        r.put(Pattern.compile("/v1/heartbeat"), List.of("POST"));
        r.put(Pattern.compile("/v1/requests"), List.of("GET", "POST"));
        r.put(REQUEST, List.of("GET", "DELETE"));
        r.put(Pattern.compile("/v1/connectors"), List.of("GET"));
        r.put(Pattern.compile("/v1/admin/enrollment-tokens"), List.of("POST"));
        r.put(REVOKE, List.of("POST"));
        return r;
    }

    private static ObjectMapper strictMapper() {
        JsonMapper m = JsonMapper.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY, DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                        DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
        m.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        for (LogicalType t : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            m.coercionConfigFor(t).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        m.getFactory().setCharacterEscapes(new ControlEscapes());
        return m;
    }

    /** JSON output with every {@link Visible#isControl} character as a {@code \\uXXXX} escape. */
    private static final class ControlEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] ascii = standardAsciiEscapesForJSON();

        ControlEscapes() {
            ascii[0x7F] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return Visible.isControl(ch) ? new SerializedString(String.format("\\u%04x", ch)) : null;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
