package org.odjc.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.odjc.tls.TlsContexts;

/**
 * Black-box conformance: {@code odjc-dispatcher serve} runs as its own process; every endpoint is
 * called over real HTTPS (bearer token for the admin API, the enrolled client certificate for the
 * connector API), and every answer's status and body are checked against the responses documented
 * in docs/protocol/openapi.yaml, read from the repository, not copied. Knows nothing of the
 * server's implementation.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProtocolConformanceIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String DOMAIN = "corp.example.com";

    static Path dir;
    static Process dispatcher;
    static Path log;
    static URI base;
    static String adminToken;
    static HttpClient admin;
    static HttpClient anonymous;
    static HttpClient connector;
    static JsonNode openapi;
    static String connectorId = "c-conf-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void startDispatcher() throws Exception {
        openapi = new ObjectMapper(new YAMLFactory()).readTree(repoRoot().resolve("docs/protocol/openapi.yaml").toFile());
        dir = Files.createTempDirectory("odjc-conformance");
        Path state = dir.resolve("state");
        log = dir.resolve("dispatcher.log");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        dispatcher = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), "org.odjc.dispatcher.DispatcherMain", "serve",
                "--state-dir", state.toString(), "--listen", "127.0.0.1:" + port, "--name", "localhost")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(Files.exists(log) && Files.readString(log).contains("event=dispatcher-started"))) {
            if (!dispatcher.isAlive() || System.nanoTime() > until) {
                fail("the dispatcher did not start: " + Files.readString(log));
            }
            Thread.sleep(100); // waiting for another process to start
        }
        base = URI.create("https://localhost:" + port);
        adminToken = Files.readString(state.resolve("admin.token")).strip();
        X509Certificate ca = certificates(Files.readString(state.resolve("ca.pem"))).get(0);
        admin = client(context(ca, null, null));
        anonymous = admin;

        HttpResponse<String> t = call(admin, "POST", "/v1/admin/enrollment-tokens",
                "{\"connectorId\": \"" + connectorId + "\", \"validMinutes\": 10}", true);
        conforms("POST", "/v1/admin/enrollment-tokens", t, 200);
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        KeyPair keys = g.generateKeyPair();
        String csr = pem(new JcaPKCS10CertificationRequestBuilder(new X500Principal("CN=whatever"), keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        HttpResponse<String> enrolled = call(anonymous, "POST", "/v1/enroll", JSON.writeValueAsString(JSON.createObjectNode()
                .put("token", JSON.readTree(t.body()).get("token").asText()).put("csr", csr).put("version", "0.1.0")
                .put("hostName", "conformance-host.corp.example.com")
                .set("domains", JSON.createArrayNode().add(DOMAIN))), false);
        conforms("POST", "/v1/enroll", enrolled, 200);
        List<X509Certificate> chain = certificates(JSON.readTree(enrolled.body()).get("certificate").asText());
        connector = client(context(ca, keys, chain));
    }

    @AfterAll
    static void stopDispatcher() throws Exception {
        if (dispatcher != null) {
            dispatcher.destroy();
            dispatcher.waitFor(30, TimeUnit.SECONDS);
        }
    }

    // ---- the happy path through every endpoint

    @Test
    @Order(1)
    void aHeartbeatIsAnsweredAndTheConnectorListShowsTheEnrolledConnectorUnrevokedWithItsHost() throws Exception {
        HttpResponse<String> hb = call(connector, "POST", "/v1/heartbeat", "{\"version\": \"0.1.0\", \"domains\": [\""
                + DOMAIN + "\"], \"allowedOus\": {}, \"health\": \"ok\", \"codes\": [], \"inFlight\": 0}", false);
        conforms("POST", "/v1/heartbeat", hb, 200);

        HttpResponse<String> list = call(admin, "GET", "/v1/connectors", null, true);
        conforms("GET", "/v1/connectors", list, 200);
        JsonNode me = find(JSON.readTree(list.body()).get("connectors"), "connectorId", connectorId);
        assertThat(me.get("hostName").asText()).isEqualTo("conformance-host.corp.example.com");
        assertThat(me.has("revoked")).as(me.toString()).isFalse();
        assertThat(me.has("certificateNotAfter")).isTrue();
        assertThat(me.get("health").asText()).isEqualTo("ok");
    }

    @Test
    @Order(2)
    void aRequestGoesFromSubmitThroughLeaseExtendStatusAndResultToAOneTimeBlob() throws Exception {
        String id = "conf-" + UUID.randomUUID();
        String submit = "{\"requestId\": \"" + id + "\", \"domain\": \"" + DOMAIN
                + "\", \"computerNamePrefix\": \"CONF\", \"deviceId\": \"device-secret-marker\"}";
        HttpResponse<String> created = call(admin, "POST", "/v1/requests", submit, true);
        conforms("POST", "/v1/requests", created, 202);
        assertThat(JSON.readTree(created.body()).has("warnings")).as(created.body()).isFalse();
        conforms("POST", "/v1/requests", call(admin, "POST", "/v1/requests", submit, true), 200);
        conforms("POST", "/v1/requests", call(admin, "POST", "/v1/requests", submit.replace("CONF", "OTHER"), true), 409);

        HttpResponse<String> leased = call(connector, "POST", "/v1/leases",
                "{\"max\": 1, \"waitSeconds\": 5, \"domains\": [\"" + DOMAIN + "\"]}", false);
        conforms("POST", "/v1/leases", leased, 200);
        JsonNode lease = JSON.readTree(leased.body()).get("leases").get(0);
        assertThat(lease.get("requestId").asText()).isEqualTo(id);
        long token = lease.get("fencingToken").asLong();

        conforms("POST", "/v1/leases/{requestId}/extend", call(connector, "POST", "/v1/leases/" + id + "/extend",
                "{\"fencingToken\": " + token + ", \"seconds\": 60}", false), 200);
        conforms("POST", "/v1/leases/{requestId}/extend", call(connector, "POST", "/v1/leases/" + id + "/extend",
                "{\"fencingToken\": " + (token + 7) + ", \"seconds\": 60}", false), 409);
        conforms("GET", "/v1/requests/{requestId}/status", call(connector, "GET", "/v1/requests/" + id + "/status", null,
                false), 200);
        byte[] ndr = {1, 16, 8, 0, (byte) 0xCC, (byte) 0xCC, (byte) 0xCC, (byte) 0xCC, 42};
        conforms("PUT", "/v1/requests/{requestId}/result", call(connector, "PUT", "/v1/requests/" + id + "/result",
                "{\"fencingToken\": " + token + ", \"outcome\": \"succeeded\", \"computerName\": \"CONF1\", \"dn\": "
                        + "\"CN=CONF1,DC=corp,DC=example,DC=com\", \"sid\": \"S-1-5-21-1-2-3-1001\", \"dc\": \"dc1\", \"blob\": \""
                        + Base64.getEncoder().encodeToString(ndr) + "\"}", false), 200);

        for (int i = 0; i < 2; i++) { // reading the status never consumes the blob
            HttpResponse<String> peek = call(admin, "GET", "/v1/requests/" + id + "?blob=omit", null, true);
            conforms("GET", "/v1/requests/{requestId}", peek, 200);
            JsonNode result = JSON.readTree(peek.body()).get("result");
            assertThat(result.has("blob")).isFalse();
            assertThat(result.get("blobAvailable").asBoolean()).isTrue();
        }
        HttpResponse<String> blob = call(admin, "GET", "/v1/requests/" + id + "/blob", null, true);
        conforms("GET", "/v1/requests/{requestId}/blob", blob, 200);
        assertThat(JSON.readTree(blob.body()).get("format").asText()).isEqualTo("ndr");
        assertThat(Base64.getDecoder().decode(JSON.readTree(blob.body()).get("blob").asText())).isEqualTo(ndr);
        HttpResponse<String> again = call(admin, "GET", "/v1/requests/" + id + "/blob", null, true);
        conforms("GET", "/v1/requests/{requestId}/blob", again, 410);
        assertThat(JSON.readTree(again.body()).get("error").asText()).isEqualTo("blob-already-retrieved");
        conforms("GET", "/v1/requests/{requestId}", call(admin, "GET", "/v1/requests/nobody-" + id, null, true), 404);
    }

    @Test
    @Order(3)
    void requestsAreListedNewestFirstInPagesAndCancelledAndAnUnservedDomainIsWarnedAbout() throws Exception {
        String a = "conf-a-" + UUID.randomUUID();
        String b = "conf-b-" + UUID.randomUUID();
        HttpResponse<String> unserved = call(admin, "POST", "/v1/requests", "{\"requestId\": \"" + a
                + "\", \"domain\": \"nobody.example.org\", \"computerName\": \"PC1\", \"deviceId\": \"d\"}", true);
        conforms("POST", "/v1/requests", unserved, 202);
        assertThat(JSON.readTree(unserved.body()).get("warnings").get(0).get("code").asText())
                .isEqualTo("no-connector-serves-domain");
        Thread.sleep(5); // distinct submit times, in milliseconds
        conforms("POST", "/v1/requests", call(admin, "POST", "/v1/requests", "{\"requestId\": \"" + b
                + "\", \"domain\": \"nobody.example.org\", \"computerName\": \"PC2\", \"deviceId\": \"d\"}", true), 202);

        HttpResponse<String> first = call(admin, "GET", "/v1/requests?limit=1", null, true);
        conforms("GET", "/v1/requests", first, 200);
        JsonNode page = JSON.readTree(first.body());
        assertThat(page.get("requests").get(0).get("requestId").asText()).isEqualTo(b);
        HttpResponse<String> second = call(admin, "GET", "/v1/requests?limit=1&cursor=" + page.get("nextCursor").asText(),
                null, true);
        conforms("GET", "/v1/requests", second, 200);
        assertThat(JSON.readTree(second.body()).get("requests").get(0).get("requestId").asText()).isEqualTo(a);
        assertThat(second.body()).doesNotContain("\"blob\"");
        HttpResponse<String> queued = call(admin, "GET", "/v1/requests?state=queued&since=2020-01-01T00:00:00Z", null, true);
        conforms("GET", "/v1/requests", queued, 200);
        for (String bad : List.of("limit=0", "limit=1001", "limit=x", "state=lost", "since=yesterday", "cursor=%21%21",
                "colour=red")) {
            conforms("GET", "/v1/requests", call(admin, "GET", "/v1/requests?" + bad, null, true), 400);
        }

        HttpResponse<String> cancelled = call(admin, "DELETE", "/v1/requests/" + a, null, true);
        conforms("DELETE", "/v1/requests/{requestId}", cancelled, 200);
        assertThat(JSON.readTree(cancelled.body()).get("state").asText()).isEqualTo("cancelled");
    }

    @Test
    @Order(4)
    void theConnectorRenewsItsCertificate() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        KeyPair keys = g.generateKeyPair();
        String csr = pem(new JcaPKCS10CertificationRequestBuilder(new X500Principal("CN=x"), keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        HttpResponse<String> r = call(connector, "POST", "/v1/certificate",
                JSON.writeValueAsString(JSON.createObjectNode().put("csr", csr)), false);
        conforms("POST", "/v1/certificate", r, 200);
    }

    // ---- errors

    @Test
    @Order(5)
    void badBodiesAreRefusedWith400AndADetailWithoutParserInternals() throws Exception {
        List<String> bodies = List.of(
                "null",
                "",
                "[]",
                "{\"domain\": \"" + DOMAIN + "\", \"computerName\": \"PC1\", \"deviceId\": true}",
                "{\"domain\": \"" + DOMAIN + "\", \"computerName\": 5, \"deviceId\": \"d\"}",
                "{\"domain\": \"" + DOMAIN + "\", \"computerName\": \"PC1\", \"deviceId\": \"d\", \"deviceId\": \"e\"}",
                "{\"domain\": \"" + DOMAIN + "\", \"computerName\": \"PC1\", \"deviceId\": \"d\"} trailing",
                "{\"domain\": \"" + DOMAIN + "\", \"computerName\": \"PC1\", \"deviceId\": \"d\"}{}",
                "{\"domain\": ",
                "{\"requestId\": \"ctl-1\", \"domain\": \"" + DOMAIN + "\", \"computerName\": \"PC1\", \"deviceId\": \"d\\u001b[2J\"}",
                "{\"requestId\": \"ctl-2\", \"domain\": \"" + DOMAIN + "\", \"computerName\": \"PC1\", \"deviceId\": \"d\\u202e\"}");
        for (String body : bodies) {
            HttpResponse<String> r = call(admin, "POST", "/v1/requests", body, true);
            conforms("POST", "/v1/requests", r, 400);
            String detail = JSON.readTree(r.body()).get("detail").asText();
            assertThat(detail).as(body).doesNotContainIgnoringCase("jackson").doesNotContain("Exception", "com.", "`",
                    "Source:", "org.odjc");
        }
        assertThat(JSON.readTree(call(admin, "POST", "/v1/requests", bodies.get(5), true).body()).get("detail").asText())
                .contains("duplicate key deviceId");
        assertThat(JSON.readTree(call(admin, "POST", "/v1/requests", bodies.get(3), true).body()).get("detail").asText())
                .contains("deviceId").contains("string");
        assertThat(JSON.readTree(call(admin, "POST", "/v1/requests", bodies.get(9), true).body()).get("detail").asText())
                .contains("deviceId").contains("U+001B");
        conforms("GET", "/v1/requests/{requestId}", call(admin, "GET", "/v1/requests/ctl-1?blob=omit", null, true), 404);

        for (String lease : List.of("{\"max\": \"1\", \"waitSeconds\": 0, \"domains\": []}",
                "{\"max\": 1.5, \"waitSeconds\": 0, \"domains\": []}",
                "{\"max\": 1, \"waitSeconds\": 0, \"domains\": \"" + DOMAIN + "\"}",
                "{\"max\": true, \"waitSeconds\": 0, \"domains\": []}")) {
            conforms("POST", "/v1/leases", call(connector, "POST", "/v1/leases", lease, false), 400);
        }
        conforms("PUT", "/v1/requests/{requestId}/result", call(connector, "PUT", "/v1/requests/x/result",
                "{\"fencingToken\": 1, \"outcome\": \"failed\", \"code\": \"PROV-001\", \"retryable\": \"true\"}", false), 400);
    }

    @Test
    @Order(6)
    void aBodyOverOneMebibyteIsAnswered413BeforeTheConnectionCloses() throws Exception {
        String big = "{\"deviceId\": \"" + "x".repeat(2 << 20) + "\"}";
        HttpResponse<String> r = call(admin, "POST", "/v1/requests", big, true);
        conforms("POST", "/v1/requests", r, 413);
        assertThat(JSON.readTree(r.body()).get("error").asText()).isEqualTo("payload-too-large");
    }

    @Test
    @Order(7)
    void unknownPathsAre404WrongMethods405WithAllowAndMissingCredentials401() throws Exception {
        HttpResponse<String> unknown = call(anonymous, "GET", "/v1/nothing-here", null, false);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).get("error").asText()).isEqualTo("not-found");
        assertThat(JSON.readTree(unknown.body()).has("detail")).isTrue();
        assertThat(call(anonymous, "GET", "/", null, false).statusCode()).isEqualTo(404);

        HttpResponse<String> wrong = call(admin, "PUT", "/v1/requests", "{}", true);
        conforms("PUT", "/v1/requests", wrong, 405);
        assertThat(wrong.headers().firstValue("Allow").orElse("")).contains("GET", "POST");
        HttpResponse<String> wrongToo = call(connector, "GET", "/v1/leases", null, false);
        conforms("GET", "/v1/leases", wrongToo, 405);
        assertThat(wrongToo.headers().firstValue("Allow")).hasValue("POST");

        conforms("POST", "/v1/requests", call(anonymous, "POST", "/v1/requests", "{}", false), 401);
        conforms("GET", "/v1/connectors", call(admin, "GET", "/v1/connectors", null, false), 401);
        conforms("POST", "/v1/leases", call(anonymous, "POST", "/v1/leases",
                "{\"max\": 1, \"waitSeconds\": 0, \"domains\": []}", false), 401);
        conforms("POST", "/v1/enroll", call(anonymous, "POST", "/v1/enroll",
                "{\"token\": \"odjc-enroll-guess\", \"csr\": \"x\", \"version\": \"1\", \"hostName\": \"h\", \"domains\": []}",
                false), 401);
    }

    @Test
    @Order(8)
    void aRevokedConnectorIsListedAsRevokedAndRefused() throws Exception {
        conforms("POST", "/v1/admin/connectors/{connectorId}/revoke", call(admin, "POST",
                "/v1/admin/connectors/never-enrolled/revoke", null, true), 404);
        HttpResponse<String> r = call(admin, "POST", "/v1/admin/connectors/" + connectorId + "/revoke", null, true);
        conforms("POST", "/v1/admin/connectors/{connectorId}/revoke", r, 200);
        HttpResponse<String> list = call(admin, "GET", "/v1/connectors", null, true);
        conforms("GET", "/v1/connectors", list, 200);
        assertThat(find(JSON.readTree(list.body()).get("connectors"), "connectorId", connectorId).has("revoked")).isTrue();
        conforms("POST", "/v1/heartbeat", call(connector, "POST", "/v1/heartbeat", "{\"version\": \"0.1.0\", \"domains\": [],"
                + " \"allowedOus\": {}, \"health\": \"ok\", \"codes\": [], \"inFlight\": 0}", false), 401);
    }

    @Test
    @Order(9)
    void theLogHasATimestampedAccessLineForEachRequestAndNoBodyOrToken() throws Exception {
        String text = Files.readString(log);
        assertThat(text.lines().filter(l -> l.contains("event=http-request")))
                .isNotEmpty()
                .allMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z event=http-request method=\\S+"
                        + " path=\\S+ status=\\d{3} ms=\\d+ remote=\\S+"), "timestamped access lines");
        assertThat(text).contains("method=POST path=/v1/requests status=202", "method=GET path=/v1/requests status=200");
        assertThat(text).doesNotContain("device-secret-marker", adminToken, "cursor=", "odjc-enroll-");
    }

    @Test
    @Order(10)
    void theAdminExamplesOfTheProtocolDocumentMatchTheSchemasToo() throws Exception {
        Path examples = repoRoot().resolve("docs/protocol/examples");
        assertThat(errors("/v1/requests/{requestId}", "get", 200, Files.readString(examples.resolve("request-status.json"))))
                .isEmpty();
        assertThat(errors("/v1/connectors", "get", 200, Files.readString(examples.resolve("connectors-response.json"))))
                .isEmpty();
    }

    static Set<ValidationMessage> errors(String template, String method, int status, String body) throws Exception {
        ObjectNode root = openapi.deepCopy();
        root.put("$ref", "#/paths/" + template.replace("/", "~1") + "/" + method + "/responses/" + status
                + "/content/application~1json/schema");
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(root).validate(JSON.readTree(body));
    }

    // ---- helpers

    static HttpResponse<String> call(HttpClient http, String method, String path, String body, boolean withToken)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (withToken) {
            b.header("Authorization", "Bearer " + adminToken);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The status is {@code expected}, documented for the operation, and the body matches its schema. */
    static void conforms(String method, String template, HttpResponse<String> r, int expected) throws Exception {
        assertThat(r.statusCode()).as("%s %s: %s", method, r.uri(), r.body()).isEqualTo(expected);
        JsonNode operations = openapi.path("paths").path(template);
        assertThat(operations.isMissingNode()).as("path %s in openapi.yaml", template).isFalse();
        JsonNode op = operations.path(method.toLowerCase());
        String pointer;
        JsonNode response;
        if (op.isMissingNode()) { // a method the path does not take: the path's documented 405
            assertThat(expected).as("%s %s is not documented", method, template).isEqualTo(405);
            response = openapi.path("components").path("responses").path("MethodNotAllowed");
            pointer = "#/components/responses/MethodNotAllowed";
        } else {
            response = op.path("responses").path(Integer.toString(expected));
            pointer = "#/paths/" + template.replace("~", "~0").replace("/", "~1") + "/" + method.toLowerCase()
                    + "/responses/" + expected;
        }
        assertThat(response.isMissingNode()).as("%s %s documents %d", method, template, expected).isFalse();
        while (response.has("$ref")) {
            pointer = response.get("$ref").asText();
            response = openapi.at(pointer.substring(1));
        }
        JsonNode schema = response.path("content").path("application/json").path("schema");
        assertThat(schema.isMissingNode()).as("%s %s %d has a JSON schema", method, template, expected).isFalse();
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        ObjectNode root = openapi.deepCopy();
        root.put("$ref", pointer + "/content/application~1json/schema");
        JsonSchema validator = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(root);
        Set<ValidationMessage> errors = validator.validate(JSON.readTree(r.body()));
        assertThat(errors).as("%s %s %d: %s", method, template, expected, r.body()).isEmpty();
    }

    static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode n : array) {
            if (n.path(field).asText().equals(value)) {
                return n;
            }
        }
        throw new AssertionError("no " + field + "=" + value + " in " + array);
    }

    static Path repoRoot() {
        String p = System.getProperty("odjc.repoRoot");
        Path dir = p != null ? Path.of(p) : Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docs/protocol/openapi.yaml"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("the repository root (docs/protocol/openapi.yaml)").isNotNull();
        return dir;
    }

    static String pem(Object o) throws Exception {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(o);
        }
        return w.toString();
    }

    static List<X509Certificate> certificates(String pem) throws Exception {
        List<X509Certificate> out = new ArrayList<>();
        for (Certificate c : CertificateFactory.getInstance("X.509")
                .generateCertificates(new java.io.ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
            out.add((X509Certificate) c);
        }
        return out;
    }

    static SSLContext context(X509Certificate ca, KeyPair keys, List<X509Certificate> chain) throws Exception {
        return keys == null ? TlsContexts.trusting(List.of(ca)) : TlsContexts.withKey(keys.getPrivate(), chain, List.of(ca));
    }

    static HttpClient client(SSLContext ctx) {
        return HttpClient.newBuilder().sslContext(ctx).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }
}
