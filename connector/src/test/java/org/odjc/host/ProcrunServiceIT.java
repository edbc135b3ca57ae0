package org.odjc.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odjc.cloud.Wire;
import org.odjc.journal.SqliteJoinJournal;
import org.odjc.provisioning.RequestId;
import org.odjc.provisioning.RequestState;
import org.odjc.testing.ConnectorFixture;
import org.odjc.testing.ItEnvironment;
import org.odjc.testing.SambaDc;
import org.odjc.testing.TestPki;

/**
 * procrun's jvm-mode contract with the real host, as procrun drives it: {@link ProcrunService#start}
 * on one thread blocks while the connector runs; {@link ProcrunService#stop} from another thread
 * arrives while a request is in flight (its report is held by the dispatcher), waits for it within
 * the 30 s drain, and returns after {@code start} has returned and the journal is closed. The
 * journal then shows the request DONE and nothing half-way.
 */
class ProcrunServiceIT {
    @TempDir
    Path dir;

    private SambaDc dc;
    private String ou;
    private HttpsServer dispatcher;
    private PrintStream savedErr;

    @AfterEach
    void cleanUp() {
        if (savedErr != null) {
            System.setErr(savedErr);
        }
        if (dispatcher != null) {
            dispatcher.stop(0);
        }
        if (ou != null) {
            dc.ldap("ldapdelete", null, "-r", ou);
        }
    }

    @Test
    void startBlocksUntilStopFromAnotherThreadWhichDrainsTheRequestInFlightAndLeavesTheJournalConsistent() throws Exception {
        dc = SambaDc.require();
        ou = ConnectorFixture.createOu(dc, "odjc-procrun");
        TestPki.Issued ca = TestPki.Issued.ca("CN=odjc IT dispatcher CA");
        TestPki.writeIdentity(dir.resolve("identity"), "c-procrun", ca.issue("CN=c-procrun", false), ca);
        String requestId = "procrun-" + ItEnvironment.randomSuffix().toLowerCase();
        CountDownLatch reportArrived = new CountDownLatch(1);
        CountDownLatch stopCalled = new CountDownLatch(1);
        startDispatcher(ca, requestId, reportArrived, stopCalled);
        Path config = ConnectorFixture.config(dir, dc, ou, dispatcher.getAddress().getPort(), 1);

        // procrun's stderr file: ProcrunService logs to the System.err of the moment it starts
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        savedErr = System.err;
        System.setErr(new PrintStream(tee(captured, savedErr), true, StandardCharsets.UTF_8));

        Thread procrunStart = new Thread(() -> ProcrunService.start(new String[] {"--config", config.toString()}),
                "procrun-start");
        procrunStart.start();
        assertThat(reportArrived.await(60, TimeUnit.SECONDS)).as("the request's report within 60 s; log:\n%s",
                log(captured)).isTrue();
        assertThat(procrunStart.isAlive()).as("start blocks while the service runs").isTrue();

        long before = System.nanoTime();
        stopCalled.countDown();
        ProcrunService.stop(new String[0]);
        Duration took = Duration.ofNanos(System.nanoTime() - before);

        assertThat(took).as("stop returns within the drain bound").isLessThan(ConnectorHost.defaults(1).drain()
                .plus(ProcrunService.CLOSE_WAIT));
        assertThat(took).as("stop waited for the report the dispatcher held").isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        procrunStart.join(1000);
        assertThat(procrunStart.isAlive()).as("start has returned once stop has").isFalse();
        String log = log(captured);
        assertThat(log).contains("event=service-started eventId=1000 connectorId=c-procrun")
                .contains("event=request-done eventId=1103 requestId=" + requestId)
                .contains("event=service-stopped eventId=1001 drained=true");
        assertThat(log.indexOf("event=request-done")).isLessThan(log.indexOf("event=service-stopped"));

        // the journal was closed by start: it opens again, and the request went all the way
        try (SqliteJoinJournal journal = SqliteJoinJournal.open(dir.resolve("state/journal.db"))) {
            assertThat(journal.history(new RequestId(requestId))).extracting(e -> e.state()).containsExactly(
                    RequestState.RECEIVED, RequestState.NAME_CHOSEN, RequestState.ACCOUNT_CREATED, RequestState.REPORTED,
                    RequestState.DONE);
        }
    }

    /** Leases one request, then has none; holds that request's report until the test has called stop (plus 1 s). */
    private void startDispatcher(TestPki.Issued ca, String requestId, CountDownLatch reportArrived,
            CountDownLatch stopCalled) throws Exception {
        dispatcher = org.odjc.testing.OneLeaseDispatcher.start(ca, requestId,
                new Wire.WireRequest(dc.domain(), ou, null, "ODJPRS", "procrun-device"), beat -> { }, body -> {
                    reportArrived.countDown();
                    try {
                        stopCalled.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    org.odjc.testing.OneLeaseDispatcher.sleepQuietly(1000); // stop is now waiting in its drain
                    return "{\"accepted\": true}";
                });
    }

    private static OutputStream tee(OutputStream a, OutputStream b) {
        return new OutputStream() {
            @Override
            public synchronized void write(int x) throws java.io.IOException {
                a.write(x);
                b.write(x);
            }

            @Override
            public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
                a.write(buf, off, len);
                b.write(buf, off, len);
            }
        };
    }

    private static String log(ByteArrayOutputStream captured) {
        synchronized (captured) {
            return captured.toString(StandardCharsets.UTF_8);
        }
    }

}
