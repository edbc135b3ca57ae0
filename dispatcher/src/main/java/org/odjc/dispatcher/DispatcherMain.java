package org.odjc.dispatcher;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.SSLContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import org.odjc.tls.TlsContexts;

/**
 * {@code odjc-dispatcher}: the reference dispatch service ({@code serve}) and the admin's client of
 * its API ({@code token}, {@code submit}, {@code status}). Everything {@code serve} needs lives in
 * its state directory and is made on first start: the CA, the blob key, the admin token, the queue.
 */
@Command(name = "odjc-dispatcher", mixinStandardHelpOptions = true, versionProvider = DispatcherMain.Version.class,
        description = "The reference dispatcher of the ODJ dispatch protocol v1 (docs/protocol.md).",
        subcommands = {DispatcherMain.Serve.class, DispatcherMain.TokenCommand.class, DispatcherMain.Submit.class,
            DispatcherMain.Status.class, DispatcherMain.ListCommand.class, DispatcherMain.Revoke.class})
public final class DispatcherMain implements Runnable {
    static final int EXIT_FAILED = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static {
        // sqlite-jdbc logs through SLF4J, not bound here: keep its "no providers" notice off stderr
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new DispatcherMain());
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("odjc-dispatcher: " + (e instanceof Failure ? e.getMessage()
                    : e.getClass().getSimpleName() + ": " + e.getMessage()));
            return EXIT_FAILED;
        });
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = DispatcherMain.class.getPackage().getImplementationVersion();
            return new String[] {"odjc-dispatcher " + (v == null ? "dev" : v)};
        }
    }

    /** A refusal worth one line, no stack trace. */
    static final class Failure extends Exception {
        Failure(String message) {
            super(message);
        }
    }

    /** The files of a state directory. */
    record StateDirectory(Path dir) {
        Path caFile() {
            return dir.resolve("ca.pem");
        }

        Path adminTokenFile() {
            return dir.resolve("admin.token");
        }

        Path blobKeyFile() {
            return dir.resolve("blob.key");
        }

        Path database() {
            return dir.resolve("dispatcher.db");
        }

        /** Made owner-only with its secrets on first use. */
        void prepare(SecureRandom random) throws IOException {
            if (!Files.isDirectory(dir)) {
                try {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } catch (UnsupportedOperationException windows) {
                    Files.createDirectories(dir);
                }
            }
            if (!Files.exists(blobKeyFile())) {
                byte[] key = new byte[32];
                random.nextBytes(key);
                DispatcherCa.writePrivate(blobKeyFile(), Base64.getEncoder().encodeToString(key) + "\n");
            }
            if (!Files.exists(adminTokenFile())) {
                byte[] token = new byte[32];
                random.nextBytes(token);
                DispatcherCa.writePrivate(adminTokenFile(), "odjc-admin-"
                        + Base64.getUrlEncoder().withoutPadding().encodeToString(token) + "\n");
            }
        }

        byte[] blobKey() throws IOException, Failure {
            byte[] key = Base64.getDecoder().decode(Files.readString(blobKeyFile()).strip());
            if (key.length != 32) {
                throw new Failure(blobKeyFile() + " must hold 32 bytes in base64");
            }
            return key;
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = {"Run the dispatcher: connectors long-poll it over mutual TLS, admins and MDMs use its API",
                "with the bearer token in STATE/admin.token. Stops on SIGTERM."})
    static final class Serve implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--state-dir", required = true, paramLabel = "DIR",
                description = "CA, blob key, admin token and queue; created on first start (0700).")
        Path stateDir;

        @Option(names = "--listen", defaultValue = "0.0.0.0:8443", paramLabel = "HOST:PORT",
                description = "Address to listen on (default: ${DEFAULT-VALUE}; port 0 picks a free one).")
        String listen;

        @Option(names = "--name", paramLabel = "NAME", description = {"A DNS name or IP address connectors use to reach this",
            "dispatcher (repeatable; default: this host's name, localhost and 127.0.0.1)."})
        List<String> names = new ArrayList<>();

        @Option(names = "--lease-seconds", defaultValue = "120", description = "Lease time granted (default ${DEFAULT-VALUE}).")
        int leaseSeconds;

        @Option(names = "--request-timeout-minutes", defaultValue = "60",
                description = "A request not finished by then is closed as expired (default ${DEFAULT-VALUE}).")
        int requestTimeoutMinutes;

        @Option(names = "--blob-retention-hours", defaultValue = "24",
                description = "An unfetched blob is deleted after this (default ${DEFAULT-VALUE}).")
        int blobRetentionHours;

        @Option(names = "--certificate-days", defaultValue = "30",
                description = "Lifetime of connector certificates; they renew in the last third (default ${DEFAULT-VALUE}).")
        int certificateDays;

        @Override
        public Integer call() throws Exception {
            Log log = Log.stderr();
            SecureRandom random = new SecureRandom();
            StateDirectory state = new StateDirectory(stateDir);
            state.prepare(random);
            List<String> serverNames = names.isEmpty() ? defaultNames() : names;
            DispatcherCa ca = DispatcherCa.loadOrCreate(stateDir, serverNames.get(0), Clock.systemUTC(), random);
            InetSocketAddress address = address(listen);
            DispatchQueue queue = new DispatchQueue(state.database(), state.blobKey(), Clock.systemUTC(),
                    Duration.ofSeconds(leaseSeconds), Duration.ofMinutes(requestTimeoutMinutes),
                    Duration.ofHours(blobRetentionHours));
            Enrollments enrollments = new Enrollments(state.database(), Clock.systemUTC(), random);
            DispatcherServer server = new DispatcherServer(queue,
                    new DispatcherServer.Enrollment(ca, enrollments, Duration.ofDays(certificateDays)),
                    ca.serverContext(serverNames, Duration.ofDays(365)),
                    Files.readString(state.adminTokenFile()).strip(), Clock.systemUTC(), Duration.ofSeconds(60), address, log);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                try {
                    queue.close();
                    enrollments.close();
                } catch (java.sql.SQLException ignored) {
                    // the process ends; SQLite's WAL makes the last commit durable either way
                }
                log.info("event=dispatcher-stopped");
                stopped.countDown();
            }, "odjc-dispatcher-shutdown"));
            server.start();
            log.info("event=dispatcher-started listen=" + address.getHostString() + ":" + server.port()
                    + " names=" + serverNames + " caSha256=" + ca.fingerprint() + " adminToken=" + state.adminTokenFile());
            stopped.await();
            return 0;
        }

        private static List<String> defaultNames() {
            List<String> out = new ArrayList<>();
            try {
                out.add(InetAddress.getLocalHost().getCanonicalHostName());
            } catch (IOException e) {
                // no name for this host: localhost only
            }
            out.add("localhost");
            out.add("127.0.0.1");
            return out.stream().distinct().toList();
        }

        private static InetSocketAddress address(String hostPort) throws Failure {
            int colon = hostPort.lastIndexOf(':');
            try {
                return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
            } catch (RuntimeException e) {
                throw new Failure("--listen takes HOST:PORT, not " + hostPort);
            }
        }
    }

    /** What the admin commands share: where the dispatcher is and how to trust and authenticate to it. */
    static class AdminOptions {
        @Option(names = "--dispatcher", defaultValue = "https://localhost:8443", paramLabel = "URL",
                description = "The dispatcher (default ${DEFAULT-VALUE}).")
        URI dispatcher;

        @Option(names = "--state-dir", paramLabel = "DIR",
                description = "On the dispatcher's host: take the CA and the admin token from its state directory.")
        Path stateDir;

        @Option(names = "--ca-file", paramLabel = "FILE", description = "The dispatcher's CA (PEM); default STATE/ca.pem.")
        Path caFile;

        @Option(names = "--admin-token-file", paramLabel = "FILE", description = "The admin token; default STATE/admin.token.")
        Path tokenFile;

        /** The answer of a 2xx; any other status is a {@link Failure} naming the error and its (escaped) detail. */
        JsonNode call(String method, String path, Object body) throws Exception {
            Path ca = caFile != null ? caFile : stateDir == null ? null : new StateDirectory(stateDir).caFile();
            Path token = tokenFile != null ? tokenFile : stateDir == null ? null : new StateDirectory(stateDir).adminTokenFile();
            if (ca == null || token == null) {
                throw new Failure("give --state-dir, or --ca-file and --admin-token-file");
            }
            HttpClient http = HttpClient.newBuilder().sslContext(trusting(ca)).connectTimeout(Duration.ofSeconds(10)).build();
            HttpRequest.Builder b = HttpRequest.newBuilder(dispatcher.resolve(path)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + Files.readString(token).strip());
            if (body == null) {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                b.header("Content-Type", "application/json").method(method,
                        HttpRequest.BodyPublishers.ofByteArray(DispatcherServer.JSON.writeValueAsBytes(body)));
            }
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode answer = DispatcherServer.JSON.readTree(r.body());
            if (r.statusCode() / 100 != 2) {
                throw new Failure("HTTP " + r.statusCode() + " " + Visible.escape(answer.path("error").asText()) + ": "
                        + Visible.escape(answer.path("detail").asText()));
            }
            return answer;
        }

        private static SSLContext trusting(Path caFile) throws IOException, GeneralSecurityException {
            return TlsContexts.trusting(DispatcherCa.readCertificates(Files.readString(caFile, StandardCharsets.US_ASCII)));
        }
    }

    @Command(name = "token", mixinStandardHelpOptions = true,
            description = {"Create a one-time enrollment token. The token goes to standard output (redirect it to a file",
                "for odjc enroll --token-file); the CA fingerprint and the enroll command to standard error."})
    static final class TokenCommand extends AdminOptions implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--connector-id", paramLabel = "ID", description = "Name the connector (default: made up).")
        String connectorId;

        @Option(names = "--valid-minutes", defaultValue = "60", description = "Validity (default ${DEFAULT-VALUE}).")
        int validMinutes;

        @Override
        public Integer call() throws Exception {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("validMinutes", validMinutes);
            if (connectorId != null) {
                body.put("connectorId", connectorId);
            }
            JsonNode t = call("POST", "/v1/admin/enrollment-tokens", body);
            spec.commandLine().getOut().println(t.path("token").asText());
            spec.commandLine().getOut().flush();
            spec.commandLine().getErr().println("connectorId=" + t.path("connectorId").asText() + " expires="
                    + t.path("expires").asText() + "\non the connector: odjc enroll --dispatcher " + dispatcher
                    + " --token-file TOKEN_FILE --ca-sha256 " + t.path("caSha256").asText() + " --identity DIR");
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = {"Revoke a connector: every request under its certificate is refused from now on (renewal",
                "included), its leases end at once and go to other connectors. It can enroll again with a new token."})
    static final class Revoke extends AdminOptions implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "CONNECTOR_ID")
        String connectorId;

        @Override
        public Integer call() throws Exception {
            JsonNode r = call("POST", "/v1/admin/connectors/" + connectorId + "/revoke", Map.of());
            spec.commandLine().getOut().println("revoked " + r.path("connectorId").asText() + "; "
                    + r.path("leasesEnded").asInt() + " lease(s) ended and requeued");
            return 0;
        }
    }

    @Command(name = "submit", mixinStandardHelpOptions = true,
            description = "Submit a join request (as an MDM would); prints the request's status as JSON.")
    static final class Submit extends AdminOptions implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--domain", required = true, description = "DNS name of the domain to join.")
        String domain;

        @Option(names = "--ou", description = "DN of the OU (must be allow-listed on the connector); default its default OU.")
        String ou;

        @Option(names = "--computer-name", description = "Exact computer name.")
        String computerName;

        @Option(names = "--prefix", description = "Computer-name prefix; the connector draws the rest.")
        String prefix;

        @Option(names = "--device-id", required = true, description = "The device's id in the MDM.")
        String deviceId;

        @Option(names = "--request-id", description = "Idempotency key (default: assigned).")
        String requestId;

        @Override
        public Integer call() throws Exception {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("requestId", requestId);
            body.put("domain", domain);
            body.put("ou", ou);
            body.put("computerName", computerName);
            body.put("computerNamePrefix", prefix);
            body.put("deviceId", deviceId);
            body.values().removeIf(v -> v == null);
            spec.commandLine().getOut().println(DispatcherServer.JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(call("POST", "/v1/requests", body)));
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = {"Show a request (state, result, failure; reading it never consumes the blob), or without an id",
                "the connectors and their last contact. --blob-file takes the blob: the dispatcher hands it over once",
                "and deletes its copy. Control characters in stored values are shown as \\uXXXX escapes."})
    static final class Status extends AdminOptions implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(arity = "0..1", paramLabel = "REQUEST_ID")
        String requestId;

        @Option(names = "--blob-file", paramLabel = "FILE", description = {"Take the blob once and write it as a djoin file",
            "(UTF-16LE base64, what djoin /requestODJ and net offlinejoin requestodj load), 0600; never overwrites."})
        Path blobFile;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            if (requestId == null) {
                if (blobFile != null) {
                    throw new Failure("--blob-file needs a REQUEST_ID");
                }
                out.println(DispatcherServer.JSON.writerWithDefaultPrettyPrinter()
                        .writeValueAsString(call("GET", "/v1/connectors", null)));
                return 0;
            }
            if (!requestId.matches("[A-Za-z0-9._-]{1,64}")) {
                throw new Failure("a request id is 1-64 letters, digits, '.', '_' or '-'");
            }
            if (blobFile != null && Files.exists(blobFile)) {
                throw new Failure(blobFile + " exists; a blob file is never overwritten");
            }
            JsonNode v = call("GET", "/v1/requests/" + requestId + "?blob=omit", null);
            out.println(DispatcherServer.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(v));
            if (blobFile != null) {
                JsonNode b = call("GET", "/v1/requests/" + requestId + "/blob", null);
                byte[] ndr = Base64.getDecoder().decode(b.path("blob").asText());
                try {
                    DjoinFile.write(blobFile, ndr);
                } finally {
                    java.util.Arrays.fill(ndr, (byte) 0);
                }
                out.println("wrote " + blobFile + " (djoin format, 0600)");
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"List requests, newest first, as a table (no blobs; control characters shown as \\uXXXX).",
                "When more remain, the --cursor for the next page goes to standard error."})
    static final class ListCommand extends AdminOptions implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--state", paramLabel = "STATE",
                description = "Only requests in this state: queued, leased, succeeded, failed, cancelled, expired.")
        String state;

        @Option(names = "--since", paramLabel = "TIME", description = "Only requests submitted at or after (RFC 3339 UTC).")
        String since;

        @Option(names = "--limit", defaultValue = "100", paramLabel = "N", description = "At most N (1-1000, default ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--cursor", paramLabel = "CURSOR", description = "Continue after a previous page.")
        String cursor;

        @Override
        public Integer call() throws Exception {
            StringBuilder q = new StringBuilder("/v1/requests?limit=" + limit);
            for (String[] p : new String[][] {{"state", state}, {"since", since}, {"cursor", cursor}}) {
                if (p[1] != null) {
                    q.append('&').append(p[0]).append('=').append(java.net.URLEncoder.encode(p[1], StandardCharsets.UTF_8));
                }
            }
            JsonNode page = call("GET", q.toString(), null);
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"REQUEST_ID", "STATE", "SUBMITTED", "FINISHED", "DOMAIN", "COMPUTER", "CONNECTOR",
                "DEVICE_ID", "FAILURE"});
            for (JsonNode r : page.path("requests")) {
                rows.add(new String[] {text(r, "requestId"), text(r, "state"), text(r, "submitted"), text(r, "finished"),
                    text(r, "domain"), text(r.path("result"), "computerName"), text(r, "connectorId"), text(r, "deviceId"),
                    text(r.path("failure"), "code")});
            }
            spec.commandLine().getOut().print(table(rows));
            spec.commandLine().getOut().flush();
            if (page.hasNonNull("nextCursor")) {
                spec.commandLine().getErr().println("more: --cursor " + Visible.escape(page.get("nextCursor").asText()));
            }
            return 0;
        }

        private static String text(JsonNode n, String field) {
            return n.hasNonNull(field) ? Visible.escape(n.get(field).asText()) : "-";
        }
    }

    /** Left-aligned columns two spaces apart. */
    static String table(List<String[]> rows) {
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(i == r.length - 1 ? r[i] : String.format("%-" + width[i] + "s  ", r[i]));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
