package org.odjc.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.platform.ServiceNotifier;

class SupervisionTest {
    /** Records what would be sent; {@code deliver} false plays a socket that went away. */
    static final class Recorder implements ServiceNotifier {
        final List<String> sent = new ArrayList<>();
        boolean deliver = true;

        @Override
        public synchronized boolean ready(String status) {
            sent.add("READY " + status);
            return deliver;
        }

        @Override
        public synchronized boolean status(String status) {
            sent.add("STATUS " + status);
            return deliver;
        }

        @Override
        public synchronized boolean stopping(String status) {
            sent.add("STOPPING " + status);
            return deliver;
        }

        @Override
        public synchronized boolean watchdog() {
            sent.add("WATCHDOG");
            return deliver;
        }

        @Override
        public Optional<Duration> watchdogInterval() {
            return Optional.empty();
        }

        @Override
        public boolean active() {
            return true;
        }
    }

    @Test
    void readyCarriesTheHostsStatusAndAFailedStartShowsItsCode() {
        Recorder r = new Recorder();
        List<String> log = new ArrayList<>();
        try (Supervision s = new Supervision(r, org.odjc.telemetry.EventLog.traced(log::add))) {
            s.ready(() -> "taking work: health=ok inFlight=0", () -> true);
            s.notStarted(new ConnectorException(FailureCode.JOURNAL_TOO_NEW, "journal.db has schema version 9"));
            s.stopping();
        }
        assertThat(r.sent).containsExactly("READY taking work: health=ok inFlight=0",
                "STATUS not started: JOURNAL-002 Request journal was written by a newer version",
                "STOPPING stopping: draining requests in flight");
        assertThat(log).isEmpty();
    }

    @Test
    void theWatchdogIsFedOnlyWhileTheServiceLoopLives() {
        Recorder r = new Recorder();
        try (Supervision s = new Supervision(r, l -> { })) {
            s.feedWatchdog(() -> true);
            s.feedWatchdog(() -> false);
        }
        assertThat(r.sent).containsExactly("WATCHDOG");
    }

    @Test
    void anUnreachableServiceManagerIsLoggedOnceNotOncePerPing() {
        Recorder r = new Recorder();
        r.deliver = false;
        List<String> log = new ArrayList<>();
        try (Supervision s = new Supervision(r, org.odjc.telemetry.EventLog.traced(log::add))) {
            s.ready(() -> "x", () -> true);
            s.feedWatchdog(() -> true);
            s.feedWatchdog(() -> true);
        }
        assertThat(log).hasSize(1);
        assertThat(log.get(0)).startsWith("event=service-manager-unreachable message=READY");
    }

    @Test
    void underSystemdTheStartIsLoggedWithTheSocketAndTheWatchdogPeriod() throws Exception {
        List<String> log = new ArrayList<>();
        try (org.odjc.testing.NotifyListener socket = org.odjc.testing.NotifyListener.bind("@odjc-supervision-"
                + ProcessHandle.current().pid());
                Supervision s = Supervision.fromEnvironment(java.util.Map.of("NOTIFY_SOCKET", socket.name(),
                        "WATCHDOG_USEC", "20000000"), ProcessHandle.current().pid(),
                        org.odjc.telemetry.EventLog.traced(log::add))) {
            s.ready(() -> "taking work", () -> true);

            assertThat(socket.await("READY=1", Duration.ofSeconds(5))).contains("STATUS=taking work");
        }

        assertThat(log).singleElement().asString().startsWith("event=service-manager notify=").endsWith(" watchdogEveryMs=10000");
    }
}
