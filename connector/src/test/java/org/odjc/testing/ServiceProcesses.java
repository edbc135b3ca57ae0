package org.odjc.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * The service's real processes for the chaos ITs: {@code odjc-dispatcher serve} and {@code odjc run}
 * as separate JVMs (this test's class path), so SIGKILL hits them as it would in production.
 */
public final class ServiceProcesses {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ServiceProcesses() {
    }

    /** A JVM running {@code mainClass}, its output appended to {@code log}. */
    public static final class Jvm {
        private final List<String> command;
        private final Path log;
        private Process process;

        Jvm(List<String> command, Path log) {
            this.command = command;
            this.log = log;
        }

        public Jvm start() throws IOException {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            return this;
        }

        /** SIGKILL: no shutdown hook, no drain; what a crash or a power cut does. */
        public void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }

        /** SIGTERM and wait: the graceful stop. */
        public int stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
            return process.exitValue();
        }

        public boolean alive() {
            return process != null && process.isAlive();
        }

        public Path log() {
            return log;
        }

        /** Waits until the log holds {@code text} (a readiness line). */
        public void await(String text, Duration timeout) throws Exception {
            long until = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < until) {
                if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(text)) {
                    return;
                }
                if (!process.isAlive()) {
                    throw new IllegalStateException(command.get(command.size() - 1) + " ended: "
                            + Files.readString(log, StandardCharsets.UTF_8));
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException("no '" + text + "' in " + log + " after " + timeout);
        }
    }

    public static Jvm jvm(Path log, String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path")));
        String trace = System.getProperty("odjc.events.trace");
        if (trace != null) {
            command.add("-Dodjc.events.trace=" + trace); // the build's event coverage counts these processes too
        }
        command.add(mainClass);
        command.addAll(List.of(args));
        return new Jvm(command, log);
    }

    /** {@code odjc-dispatcher serve} on 127.0.0.1:{@code port} with {@code leaseSeconds} leases. */
    public static Jvm dispatcher(Path stateDir, int port, int leaseSeconds, Path log) {
        return jvm(log, "org.odjc.dispatcher.DispatcherMain", "serve", "--state-dir", stateDir.toString(),
                "--listen", "127.0.0.1:" + port, "--name", "localhost", "--name", "127.0.0.1",
                "--lease-seconds", Integer.toString(leaseSeconds));
    }

    /** {@code odjc run --config config}. */
    public static Jvm connector(Path config, Path log) {
        return jvm(log, "org.odjc.cli.OdjcMain", "run", "--config", config.toString());
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The admin API of a dispatcher whose state directory is {@code stateDir}. */
    public record Admin(URI base, String token, HttpClient http) {
        public static Admin of(Path stateDir, int port) throws Exception {
            X509Certificate ca;
            try (var in = Files.newInputStream(stateDir.resolve("ca.pem"))) {
                ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
            SSLContext ctx = org.odjc.cloud.Enrollment.trusting(List.of(ca));
            return new Admin(URI.create("https://localhost:" + port), Files.readString(stateDir.resolve("admin.token")).strip(),
                    HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(5)).build());
        }

        /** The answer, or null when the dispatcher is not answering (it may be restarting). */
        public JsonNode call(String method, String path, String body) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve(path))
                        .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token)
                        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() / 100 != 2) { // a new submit is 202
                    throw new IllegalStateException(method + " " + path + ": HTTP " + r.statusCode() + " " + r.body());
                }
                return JSON.readTree(r.body());
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** Calls until the dispatcher answers (within a minute). */
        public JsonNode await(String method, String path, String body) throws InterruptedException {
            long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (true) {
                JsonNode r = call(method, path, body);
                if (r != null) {
                    return r;
                }
                if (System.nanoTime() > until) {
                    throw new IllegalStateException("the dispatcher did not answer " + method + " " + path);
                }
                Thread.sleep(200);
            }
        }
    }

    /** Runs {@code odjc enroll} with a fresh token; the identity goes to {@code identityDir}. */
    public static void enroll(Admin admin, Path dir, String connectorId, Path identityDir) throws Exception {
        JsonNode t = admin.await("POST", "/v1/admin/enrollment-tokens", "{\"connectorId\": \"" + connectorId + "\"}");
        Path tokenFile = dir.resolve(connectorId + ".token");
        Files.writeString(tokenFile, t.get("token").asText() + "\n");
        Jvm enroll = jvm(dir.resolve(connectorId + "-enroll.log"), "org.odjc.cli.OdjcMain", "enroll",
                "--dispatcher", admin.base().toString(), "--token-file", tokenFile.toString(),
                "--ca-sha256", t.get("caSha256").asText(), "--identity", identityDir.toString()).start();
        if (!enroll.process.waitFor(60, TimeUnit.SECONDS) || enroll.process.exitValue() != 0) {
            throw new IllegalStateException("odjc enroll failed: " + Files.readString(enroll.log()));
        }
    }
}
