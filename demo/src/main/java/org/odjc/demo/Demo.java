package org.odjc.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.odjc.cloud.EnrolledIdentity;
import org.odjc.cloud.Enrollment;
import org.odjc.config.ConfigLoader;
import org.odjc.config.ConnectorConfig;
import org.odjc.dispatcher.DispatchQueue;
import org.odjc.dispatcher.DispatcherCa;
import org.odjc.dispatcher.DispatcherServer;
import org.odjc.dispatcher.Enrollments;
import org.odjc.domain.DistinguishedName;
import org.odjc.domain.DomainDnsName;
import org.odjc.domain.MachinePassword;
import org.odjc.domain.NetbiosDomainName;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.host.ConnectorHost;
import org.odjc.host.ConnectorService;
import org.odjc.host.DomainWiring;
import org.odjc.ldap.LdapDirectory;
import org.odjc.ldap.LdapRoute;
import org.odjc.odj.OdjCodec;
import org.odjc.odj.OdjProvisionData;
import org.odjc.odj.OdjWin7Blob;
import org.odjc.provisioning.DcLocator;

/**
 * {@code odjc demo}: the whole path in one process, on nothing but the JDK. An embedded directory
 * that behaves like AD where it matters, the reference dispatcher, and the connector enrolled with
 * it through a one-time token, exactly as separate machines would be (HTTPS with mutual TLS, LDAPS
 * with a verified certificate). It submits N requests as an MDM would, waits for their results, and
 * checks every blob against the directory: the name, the domain's SID, the account in its OU, and
 * the blob's password the one the account holds.
 */
public final class Demo {
    static final String DOMAIN_NAME = "demo.odjc.test";
    static final String OU = "OU=Autopilot,OU=Devices,DC=demo,DC=odjc,DC=test";
    static final String ADMIN = "odjc-admin@demo.odjc.test";
    static final String PASSWORD_ENV = "ODJC_DEMO_BIND_PASSWORD";
    static final Duration WAIT_FOR_ALL = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request's line in the table. */
    public record Row(String requestId, String name, String dn, String outcome, long latencyMillis, List<String> problems) {
        boolean ok() {
            return "succeeded".equals(outcome) && problems.isEmpty();
        }
    }

    /** What the demo found; it succeeded when every request did and every check held. */
    public record Report(List<Row> rows, long accountsInOu, Duration elapsed) {
        public boolean ok() {
            return rows.stream().allMatch(Row::ok) && accountsInOu == rows.size();
        }
    }

    private final Path work;
    private final PrintWriter out;
    private final Consumer<String> log;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param work an empty directory for the run's files (certificates, journal, queue, config)
     * @param log the connector's and the dispatcher's event lines
     */
    public Demo(Path work, PrintWriter out, Consumer<String> log) {
        this.work = work;
        this.out = out;
        this.log = log;
    }

    public Report run(int requests, int workers) throws Exception {
        DomainDnsName domain = DomainDnsName.parse(DOMAIN_NAME);
        char[] adminPassword = secret();
        EmbeddedDirectory directory = EmbeddedDirectory.start(new EmbeddedDirectory.Settings(domain,
                NetbiosDomainName.parse("DEMO"), ADMIN, adminPassword,
                List.of(DistinguishedName.parse("OU=Devices,DC=demo,DC=odjc,DC=test"), DistinguishedName.parse(OU)),
                Files.createDirectories(work.resolve("directory")), random, Clock.systemUTC()));
        try (directory) {
            out.printf("directory   %s (embedded, LDAPS on 127.0.0.1:%d, domain SID %s)%n", DOMAIN_NAME,
                    directory.ldapsPort(), directory.domainSid());
            Path dispatcherState = Files.createDirectories(work.resolve("dispatcher"));
            DispatcherCa ca = DispatcherCa.loadOrCreate(dispatcherState, "odjc demo", Clock.systemUTC(), random);
            byte[] blobKey = new byte[32];
            random.nextBytes(blobKey);
            String adminToken = HexFormat.of().formatHex(blobKey, 0, 16) + "-admin";
            random.nextBytes(blobKey);
            // the dispatcher's access log goes to its state directory, not to the demo's table
            try (java.io.PrintStream dispatcherLog = new java.io.PrintStream(
                            Files.newOutputStream(dispatcherState.resolve("dispatcher.log")), true,
                            java.nio.charset.StandardCharsets.UTF_8);
                    DispatchQueue queue = new DispatchQueue(dispatcherState.resolve("dispatcher.db"), blobKey, Clock.systemUTC(),
                    Duration.ofMinutes(2), Duration.ofMinutes(30), Duration.ofHours(1));
                    Enrollments enrollments = new Enrollments(dispatcherState.resolve("dispatcher.db"), Clock.systemUTC(),
                            random);
                    DispatcherServer server = new DispatcherServer(queue,
                            new DispatcherServer.Enrollment(ca, enrollments, Duration.ofDays(30)),
                            ca.serverContext(List.of("localhost", "127.0.0.1"), Duration.ofDays(1)), adminToken,
                            Clock.systemUTC(), Duration.ofSeconds(30), new InetSocketAddress("127.0.0.1", 0),
                            new org.odjc.dispatcher.Log(dispatcherLog, Clock.systemUTC()))) {
                server.start();
                URI url = URI.create("https://localhost:" + server.port());
                Admin admin = new Admin(url, adminToken, ca.certificate());
                out.printf("dispatcher  %s (CA sha256 %s)%n", url, ca.fingerprint());

                JsonNode token = admin.call("POST", "/v1/admin/enrollment-tokens",
                        Map.of("connectorId", "demo-connector", "validMinutes", 10));
                EnrolledIdentity identity = new Enrollment(ProxySelector.of(null), Duration.ofSeconds(30), random)
                        .enroll(url, token.get("token").asText(), new Enrollment.Pin.Fingerprint(ca.fingerprint()),
                                work.resolve("identity"), "localhost", List.of(DOMAIN_NAME));
                out.printf("connector   %s enrolled with a one-time token (certificate until %s)%n",
                        identity.connectorId(), identity.certificate().getNotAfter().toInstant());

                Path config = writeConfig(url, directory, workers);
                ConnectorConfig c = ConfigLoader.load(config);
                ConnectorHost host = ConnectorHost.start(config, c, Map.of(PASSWORD_ENV, new String(adminPassword)),
                        new ConnectorService.Settings(workers, Duration.ofSeconds(10), Duration.ofMillis(200),
                                Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofMinutes(5),
                                Duration.ofSeconds(30)),
                        log, wiring(directory));
                Thread loop = new Thread(host::run, "odjc-demo-connector");
                loop.start();
                try {
                    return submitAndCheck(admin, directory, requests);
                } finally {
                    host.stop();
                    loop.join(Duration.ofSeconds(15).toMillis());
                    host.close();
                }
            }
        } finally {
            java.util.Arrays.fill(adminPassword, '\0');
        }
    }

    private Report submitAndCheck(Admin admin, EmbeddedDirectory directory, int requests) throws Exception {
        Instant start = Instant.now();
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= requests; i++) {
            String id = String.format("demo-%04d", i);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("requestId", id);
            body.put("domain", DOMAIN_NAME);
            body.put("ou", OU);
            body.put("computerNamePrefix", "DEMO-");
            body.put("deviceId", "device-" + i);
            admin.call("POST", "/v1/requests", body);
            ids.add(id);
        }
        out.printf("submitted   %d requests (prefix DEMO-, OU %s)%n%n", requests, OU);
        List<Row> rows = new ArrayList<>();
        Instant deadline = start.plus(WAIT_FOR_ALL);
        for (String id : ids) {
            JsonNode v = admin.call("GET", "/v1/requests/" + id, null);
            while (v.get("state").asText().matches("queued|leased")) {
                if (Instant.now().isAfter(deadline)) {
                    throw new ConnectorException(FailureCode.CLOUD_UNREACHABLE, id + " still " + v.get("state").asText()
                            + " after " + WAIT_FOR_ALL.toMinutes() + " minutes");
                }
                Thread.sleep(50);
                v = admin.call("GET", "/v1/requests/" + id, null);
            }
            rows.add(check(id, v, directory));
        }
        Report report = new Report(rows, directory.computersIn(DistinguishedName.parse(OU)),
                Duration.between(start, Instant.now()));
        print(report);
        return report;
    }

    /** The blob decoded and held against the directory: name, domain SID, and the password the account has. */
    private static Row check(String id, JsonNode v, EmbeddedDirectory directory) {
        String state = v.get("state").asText();
        long latency = Duration.between(Instant.parse(v.get("submitted").asText()),
                Instant.parse(v.path("finished").asText(v.get("submitted").asText()))).toMillis();
        if (!state.equals("succeeded")) {
            return new Row(id, "", "", state + " " + v.path("failure").path("code").asText(), latency,
                    List.of(v.path("failure").path("message").asText()));
        }
        JsonNode r = v.get("result");
        String name = r.get("computerName").asText();
        String dn = r.get("dn").asText();
        List<String> problems = new ArrayList<>();
        byte[] blob = Base64.getDecoder().decode(r.get("blob").asText());
        try {
            OdjProvisionData data = OdjCodec.decode(blob);
            Optional<OdjWin7Blob> win7 = data.win7Blob();
            if (win7.isEmpty()) {
                problems.add("the blob has no Win7 blob");
            } else {
                OdjWin7Blob w = win7.get();
                MachinePassword password = w.machinePassword();
                if (!w.machineName().equalsIgnoreCase(name)) {
                    problems.add("the blob names " + w.machineName());
                }
                if (!w.dnsDomainInfo().sid().equals(directory.domainSid())) {
                    problems.add("the blob's domain SID is " + w.dnsDomainInfo().sid());
                }
                if (!directory.passwordMatches(DistinguishedName.parse(dn), password)) {
                    problems.add("the blob's password is not the account's");
                }
                DistinguishedName requested = DistinguishedName.parse(OU);
                if (!DistinguishedName.parse(dn).parent().map(requested::equals).orElse(false)) {
                    problems.add("not in the requested OU");
                }
            }
        } catch (ConnectorException e) {
            problems.add("the blob does not decode: " + e.code().id());
        } finally {
            java.util.Arrays.fill(blob, (byte) 0);
        }
        return new Row(id, name, dn, "succeeded", latency, problems);
    }

    private void print(Report report) {
        out.printf("%-10s %-16s %-67s %-10s %8s  %s%n", "request", "name", "dn", "outcome", "latency", "blob check");
        for (Row r : report.rows()) {
            out.printf("%-10s %-16s %-67s %-10s %6d ms  %s%n", r.requestId(), r.name(), r.dn(), r.outcome(),
                    r.latencyMillis(), r.problems().isEmpty() ? "ok (decoded; name, domain SID, password match)"
                            : String.join("; ", r.problems()));
        }
        long[] latencies = report.rows().stream().mapToLong(Row::latencyMillis).sorted().toArray();
        long ok = report.rows().stream().filter(Row::ok).count();
        out.printf("%n%d of %d requests succeeded and their blobs check out; %d computer accounts in the OU;"
                + " latency p50 %d ms, max %d ms; %.1f s in all%n", ok, report.rows().size(), report.accountsInOu(),
                latencies.length == 0 ? 0 : latencies[latencies.length / 2],
                latencies.length == 0 ? 0 : latencies[latencies.length - 1], report.elapsed().toMillis() / 1000.0);
        out.println(report.ok() ? "demo OK" : "demo FAILED");
        out.flush();
    }

    private Path writeConfig(URI dispatcher, EmbeddedDirectory directory, int workers) throws IOException {
        Path config = work.resolve("connector.yaml");
        Files.writeString(config, """
                # written by odjc demo: the same configuration odjc run reads
                domains:
                  - name: %s
                    bind:
                      mode: ldaps
                      user: %s
                      passwordEnv: %s
                      caFile: %s
                    ous:
                      - "%s"
                    defaultOu: "%s"
                service:
                  dispatcher: %s
                  identity: %s
                  stateDirectory: %s
                  workers: %d
                """.formatted(DOMAIN_NAME, ADMIN, PASSWORD_ENV, directory.caFile(), OU, OU,
                dispatcher, work.resolve("identity"), work.resolve("state"), workers), StandardCharsets.UTF_8);
        return config;
    }

    /** The domain's DC is the embedded directory: located without DNS, reached on its loopback port. */
    private static DomainWiring wiring(EmbeddedDirectory directory) {
        return new DomainWiring() {
            @Override
            public DcLocator locator(ConnectorConfig.Domain domain) {
                return (d, explicit) -> List.of(directory.dcInfo());
            }

            @Override
            public LdapDirectory directory(ConnectorConfig.Domain domain, Map<String, String> environment,
                    Consumer<String> warnings, int poolSize) {
                return new LdapDirectory(domain.access(), environment, warnings, poolSize, Duration.ofSeconds(10),
                        Duration.ofSeconds(30), LdapRoute.fixed("127.0.0.1", directory.ldapsPort()),
                        org.odjc.host.HostSecrets.secretFiles());
            }
        };
    }

    private char[] secret() {
        byte[] b = new byte[24];
        random.nextBytes(b);
        return Base64.getEncoder().encodeToString(b).toCharArray();
    }

    /** The MDM's side: the admin API with the bearer token, trusting the dispatcher's CA. */
    private record Admin(URI base, String token, HttpClient http) {
        Admin(URI base, String token, X509Certificate ca) throws Exception {
            this(base, token, HttpClient.newBuilder().sslContext(Enrollment.trusting(List.of(ca))).proxy(ProxySelector.of(null))
                    .connectTimeout(Duration.ofSeconds(10)).build());
        }

        JsonNode call(String method, String path, Object body) throws IOException, InterruptedException, ConnectorException {
            HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token);
            b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() / 100 != 2) { // a new submit is 202
                throw new ConnectorException(FailureCode.CLOUD_BAD_MESSAGE, method + " " + path + ": HTTP " + r.statusCode()
                        + " " + new String(r.body(), StandardCharsets.UTF_8));
            }
            return JSON.readTree(r.body());
        }
    }
}
