package org.odjc.testing;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.odjc.dispatcher.DispatchQueue;
import org.odjc.dispatcher.DispatcherCa;
import org.odjc.dispatcher.DispatcherServer;
import org.odjc.dispatcher.Enrollments;

/**
 * The reference dispatcher in this process on a free loopback port, as the connector's tests and
 * ITs run it: {@link #pinned} (a throwaway CA issued its server certificate and, if asked, the
 * connector's identity) or {@link #enrolling} (its own CA, enrolling connectors with tokens).
 * The queue lives in {@code dir/dispatcher.db}; closing stops the server and closes the stores.
 */
public final class TestDispatcher implements AutoCloseable {
    private final DispatchQueue queue;
    private final Optional<Enrollments> enrollments;
    private final DispatcherServer server;
    private final Optional<TestPki.Issued> testCa;
    private final Optional<DispatcherCa> dispatcherCa;

    private TestDispatcher(DispatchQueue queue, Optional<Enrollments> enrollments, DispatcherServer server,
            Optional<TestPki.Issued> testCa, Optional<DispatcherCa> dispatcherCa) {
        this.queue = queue;
        this.enrollments = enrollments;
        this.server = server;
        this.testCa = testCa;
        this.dispatcherCa = dispatcherCa;
    }

    /**
     * A dispatcher whose server certificate ({@code CN=localhost}) a throwaway CA issued; with a
     * {@code connectorId}, that connector's identity from the same CA is written to {@code dir/identity}.
     */
    public static TestDispatcher pinned(Path dir, Optional<String> connectorId, String adminToken, Duration maxWait)
            throws Exception {
        TestPki.Issued ca = TestPki.Issued.ca("CN=odjc test dispatcher CA");
        if (connectorId.isPresent()) {
            TestPki.writeIdentity(dir.resolve("identity"), connectorId.get(), ca.issue("CN=" + connectorId.get(), false), ca);
        }
        DispatchQueue queue = queue(dir);
        try {
            DispatcherServer server = new DispatcherServer(queue, ca.issue("CN=localhost", true).context(ca.cert()),
                    adminToken, Clock.systemUTC(), maxWait, new InetSocketAddress("127.0.0.1", 0));
            server.start();
            return new TestDispatcher(queue, Optional.empty(), server, Optional.of(ca), Optional.empty());
        } catch (Exception | Error e) {
            queue.close();
            throw e;
        }
    }

    /**
     * A dispatcher with its own CA in {@code dir} (server certificate for {@code serverNames}) that
     * enrolls connectors: {@code enrollments().create(...)} makes the token; the admin token is {@code admin}.
     */
    public static TestDispatcher enrolling(Path dir, Clock enrollmentClock, List<String> serverNames, Duration maxWait)
            throws Exception {
        DispatcherCa ca = DispatcherCa.loadOrCreate(dir, "test", Clock.systemUTC(), new SecureRandom());
        Enrollments store = new Enrollments(dir.resolve("dispatcher.db"), enrollmentClock, new SecureRandom());
        DispatchQueue queue = null;
        try {
            queue = queue(dir);
            DispatcherServer server = new DispatcherServer(queue, new DispatcherServer.Enrollment(ca, store,
                    Duration.ofDays(30)), ca.serverContext(serverNames, Duration.ofDays(30)), "admin", Clock.systemUTC(),
                    maxWait, new InetSocketAddress("127.0.0.1", 0));
            server.start();
            return new TestDispatcher(queue, Optional.of(store), server, Optional.empty(), Optional.of(ca));
        } catch (Exception | Error e) {
            if (queue != null) {
                queue.close();
            }
            store.close();
            throw e;
        }
    }

    private static DispatchQueue queue(Path dir) throws Exception {
        return new DispatchQueue(dir.resolve("dispatcher.db"), new byte[32], Clock.systemUTC(), Duration.ofMinutes(2),
                Duration.ofHours(1), Duration.ofHours(24));
    }

    public DispatchQueue queue() {
        return queue;
    }

    public DispatcherServer server() {
        return server;
    }

    public int port() {
        return server.port();
    }

    /** {@code https://localhost:PORT}. */
    public URI url() {
        return URI.create("https://localhost:" + server.port());
    }

    /** The enrollment store of an {@link #enrolling} dispatcher. */
    public Enrollments enrollments() {
        return enrollments.orElseThrow(() -> new IllegalStateException("a pinned dispatcher does not enroll"));
    }

    /** The CA of a {@link #pinned} dispatcher. */
    public TestPki.Issued testCa() {
        return testCa.orElseThrow(() -> new IllegalStateException("an enrolling dispatcher has its own CA: dispatcherCa()"));
    }

    /** The CA of an {@link #enrolling} dispatcher. */
    public DispatcherCa dispatcherCa() {
        return dispatcherCa.orElseThrow(() -> new IllegalStateException("a pinned dispatcher has a test CA: testCa()"));
    }

    /** An HTTP client for the admin API of a {@link #pinned} dispatcher (it trusts the test CA). */
    public HttpClient adminClient() throws Exception {
        return HttpClient.newBuilder().sslContext(TestPki.Issued.ca("CN=admin").context(testCa().cert())).build();
    }

    @Override
    public void close() throws Exception {
        server.close();
        queue.close();
        if (enrollments.isPresent()) {
            enrollments.get().close();
        }
    }
}
