package org.odjc.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.testing.NotifyListener;

class ServiceNotifierTest {
    @TempDir
    Path dir;

    @Test
    void withoutNotifySocketNothingIsSentAndThereIsNoWatchdog() throws Exception {
        ServiceNotifier n = ServiceNotifier.fromEnvironment(Map.of("WATCHDOG_USEC", "1000000"), 7);
        assertThat(n).isSameAs(NoServiceNotifier.INSTANCE);
        assertThat(n.active()).isFalse();
        assertThat(n.ready("x")).isTrue();
        assertThat(n.watchdogInterval()).isEmpty();
    }

    @Test
    void theWatchdogIsPingedAtHalfItsTimeoutAndOnlyByTheProcessItWatches() throws Exception {
        assertThat(Watchdog.interval("60000000", null, 7)).contains(Duration.ofSeconds(30));
        assertThat(Watchdog.interval("60000000", "7", 7)).contains(Duration.ofSeconds(30));
        assertThat(Watchdog.interval("60000000", "8", 7)).isEmpty();
        assertThat(Watchdog.interval(null, "7", 7)).isEmpty();
        for (String bad : new String[] {"0", "-5", "sixty"}) {
            assertThatThrownBy(() -> Watchdog.interval(bad, null, 7)).isInstanceOfSatisfying(ConnectorException.class,
                    e -> assertThat(e.code()).isEqualTo(FailureCode.SYSTEMD_NOTIFY_INVALID));
        }
        assertThatThrownBy(() -> Watchdog.interval("1000", "me", 7)).isInstanceOfSatisfying(ConnectorException.class,
                e -> assertThat(e.code()).isEqualTo(FailureCode.SYSTEMD_NOTIFY_INVALID));
    }

    @Test
    void messagesAreTheSdNotifyAssignmentsAndAStatusCannotSmuggleAnotherOne() throws Exception {
        List<String> sent = new ArrayList<>();
        SystemdNotifier n = new SystemdNotifier(NotifySocketAddress.parse("@odjc-test"), Optional.empty(),
                (address, message) -> {
                    sent.add(address + " " + new String(message, StandardCharsets.UTF_8));
                    return 0;
                });
        assertThat(n.ready("taking work")).isTrue();
        assertThat(n.status("a\nREADY=1")).isTrue();
        assertThat(n.stopping("draining")).isTrue();
        assertThat(n.watchdog()).isTrue();
        assertThat(sent).containsExactly("@odjc-test READY=1\nSTATUS=taking work", "@odjc-test STATUS=a READY=1",
                "@odjc-test STOPPING=1\nSTATUS=draining", "@odjc-test WATCHDOG=1");
    }

    @Test
    void anUndeliverableMessageIsReportedNotThrown() throws Exception {
        SystemdNotifier n = new SystemdNotifier(NotifySocketAddress.parse("@odjc-test"), Optional.empty(), (a, m) -> 111);
        assertThat(n.ready("x")).isFalse();
    }

    @Test
    void libcDeliversToAPathSocketAndToAnAbstractOne() throws Exception {
        String abstractName = "@odjc-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        for (String name : List.of(dir.resolve("notify").toString(), abstractName)) {
            try (NotifyListener listener = NotifyListener.bind(name)) {
                ServiceNotifier n = ServiceNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", name, "WATCHDOG_USEC",
                        "4000000"), ProcessHandle.current().pid());
                assertThat(n.watchdogInterval()).contains(Duration.ofSeconds(2));
                assertThat(n.ready("taking work")).isTrue();
                assertThat(n.watchdog()).isTrue();
                assertThat(n.stopping("bye")).isTrue();
                assertThat(listener.received()).as(name).containsExactly("READY=1\nSTATUS=taking work", "WATCHDOG=1",
                        "STOPPING=1\nSTATUS=bye");
            }
        }
    }

    @Test
    void aSocketNobodyListensOnGivesFalse() throws Exception {
        ServiceNotifier n = ServiceNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", dir.resolve("gone").toString()), 1);
        assertThat(n.ready("x")).isFalse();
    }
}
