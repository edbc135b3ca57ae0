package org.odjc.cloud;

import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.odjc.diagnostics.DispatcherProbeContract;
import org.odjc.diagnostics.Probes;
import org.odjc.dispatcher.DispatchQueue;
import org.odjc.dispatcher.DispatcherCa;
import org.odjc.dispatcher.DispatcherServer;
import org.odjc.dispatcher.Enrollments;

/** The enrolled-dispatcher probe keeps the dispatcher probe's contract against the reference dispatcher, in-process. */
class EnrolledDispatcherProbeTest extends DispatcherProbeContract {
    @TempDir
    Path dir;

    private DispatchQueue queue;
    private Enrollments enrollments;
    private DispatcherServer server;

    @BeforeEach
    void enrol() throws Exception {
        DispatcherCa ca = DispatcherCa.loadOrCreate(dir, "probe", Clock.systemUTC(), new SecureRandom());
        queue = new DispatchQueue(dir.resolve("d.db"), new byte[32], Clock.systemUTC(), Duration.ofMinutes(2),
                Duration.ofHours(1), Duration.ofHours(1));
        enrollments = new Enrollments(dir.resolve("d.db"), Clock.systemUTC(), new SecureRandom());
        server = new DispatcherServer(queue, new DispatcherServer.Enrollment(ca, enrollments, Duration.ofDays(30)),
                ca.serverContext(List.of("localhost"), Duration.ofDays(30)), "admin", Clock.systemUTC(),
                Duration.ofSeconds(5), new InetSocketAddress("127.0.0.1", 0));
        server.start();
        new Enrollment(ProxySelector.of(null), Duration.ofSeconds(10), new SecureRandom()).enroll(dispatcher(),
                enrollments.create(connectorId(), Duration.ofMinutes(5)).token(),
                new Enrollment.Pin.Fingerprint(ca.fingerprint()), dir.resolve("identity"), "localhost", List.of());
    }

    @AfterEach
    void close() throws Exception {
        server.close();
        queue.close();
        enrollments.close();
    }

    private URI dispatcher() {
        return URI.create("https://localhost:" + server.port());
    }

    @Override
    protected Probes.DispatcherProbe probe() {
        return new EnrolledDispatcherProbe(dispatcher(), dir.resolve("identity"), Optional.empty(), Duration.ofSeconds(5));
    }

    @Override
    protected String connectorId() {
        return "c-probe";
    }

    @Override
    protected Instant now() {
        return Instant.now();
    }

    @Override
    protected void stopDispatcher() throws Exception {
        server.close();
    }
}
