package org.odjc.testing;

import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.odjc.cloud.Wire;

/**
 * A scripted dispatcher over mutual TLS for the service ITs: leases one request on the first poll,
 * then answers each long-poll empty after 200 ms; heartbeats and the result go to the test.
 */
public final class OneLeaseDispatcher {
    /** What the test does with the request's result; answers the body the dispatcher sends back. */
    @FunctionalInterface
    public interface OnResult {
        String accept(byte[] body) throws IOException;
    }

    private OneLeaseDispatcher() {
    }

    public static HttpsServer start(TestPki.Issued ca, String requestId, Wire.WireRequest request,
            Consumer<byte[]> heartbeats, OnResult result) throws Exception {
        AtomicBoolean leased = new AtomicBoolean();
        HttpsServer server = TestPki.httpsServer(ca.issue("CN=localhost", true), ca.cert());
        server.setExecutor(Executors.newCachedThreadPool()); // a held result must not block the polls
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] in = exchange.getRequestBody().readAllBytes();
            String answer;
            int status = 200;
            if (path.equals("/v1/leases")) {
                if (leased.compareAndSet(false, true)) {
                    answer = Wire.JSON.writeValueAsString(new Wire.LeaseResponse(List.of(new Wire.WireLease(requestId, 1,
                            Instant.now().plusSeconds(120).toString(), request))));
                } else {
                    sleepQuietly(200); // a long-poll with nothing to hand out
                    answer = "{\"leases\": []}";
                }
            } else if (path.equals("/v1/heartbeat")) {
                heartbeats.accept(in);
                answer = "{\"serverTime\": \"" + Instant.now() + "\"}";
            } else if (path.endsWith("/extend")) {
                answer = "{\"expires\": \"" + Instant.now().plusSeconds(120) + "\"}";
            } else if (path.equals("/v1/requests/" + requestId + "/result")) {
                answer = result.accept(in);
            } else {
                status = 404;
                answer = "{\"error\": \"not-found\", \"detail\": \"" + path + "\"}";
            }
            byte[] out = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
        return server;
    }

    public static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
