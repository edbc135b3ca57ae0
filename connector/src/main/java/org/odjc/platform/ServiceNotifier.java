package org.odjc.platform;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.odjc.failure.ConnectorException;

/**
 * Tells the service manager how the service is: systemd's notification protocol
 * ({@code sd_notify(3)}) under a {@code Type=notify} unit, nothing elsewhere. Each call sends one
 * datagram and never blocks on the manager; a message that cannot be delivered is reported by
 * the return value, never thrown, because the service must not stop over its status line.
 * Thread-safe.
 */
public interface ServiceNotifier {
    /** {@code READY=1}: start-up is over and the service takes work; {@code status} is shown beside it. */
    boolean ready(String status);

    /** {@code STATUS=}: one line for {@code systemctl status}; never a secret. */
    boolean status(String status);

    /** {@code STOPPING=1}: a graceful stop has begun (the drain). */
    boolean stopping(String status);

    /** {@code WATCHDOG=1}: the service is alive; due every {@link #watchdogInterval()}. */
    boolean watchdog();

    /**
     * How often {@link #watchdog()} must be called: half the unit's {@code WatchdogSec=}, as
     * {@code sd_watchdog_enabled(3)} recommends; empty when no watchdog watches this process.
     */
    Optional<Duration> watchdogInterval();

    /** Whether messages go anywhere (false for the no-op notifier). */
    boolean active();

    /**
     * The notifier the environment asks for: systemd's when {@code NOTIFY_SOCKET} is set, else one
     * that does nothing.
     *
     * @param pid this process's id, compared with {@code WATCHDOG_PID}: a watchdog set up for
     *        another process (a launcher that did not {@code exec}) is not ours to feed
     * @throws ConnectorException {@code SYSTEMD-001} when {@code NOTIFY_SOCKET} or the watchdog
     *         variables are malformed: a unit that expects readiness would otherwise time out
     */
    static ServiceNotifier fromEnvironment(Map<String, String> environment, long pid) throws ConnectorException {
        String socket = environment.get("NOTIFY_SOCKET");
        if (socket == null || socket.isEmpty()) {
            return NoServiceNotifier.INSTANCE;
        }
        return new SystemdNotifier(NotifySocketAddress.parse(socket),
                Watchdog.interval(environment.get("WATCHDOG_USEC"), environment.get("WATCHDOG_PID"), pid),
                new LibcDatagrams());
    }
}
