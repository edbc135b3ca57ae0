package org.odjc.platform;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code sd_notify(3)}: newline-separated {@code KEY=value} assignments in one datagram to
 * {@code NOTIFY_SOCKET}. The unit says {@code NotifyAccess=main}, so messages must come from the
 * main process: the launcher {@code exec}s the JVM for that.
 */
final class SystemdNotifier implements ServiceNotifier {
    private final NotifySocketAddress address;
    private final Optional<Duration> watchdog;
    private final Datagrams datagrams;

    SystemdNotifier(NotifySocketAddress address, Optional<Duration> watchdog, Datagrams datagrams) {
        this.address = Objects.requireNonNull(address, "address");
        this.watchdog = Objects.requireNonNull(watchdog, "watchdog");
        this.datagrams = Objects.requireNonNull(datagrams, "datagrams");
    }

    @Override
    public boolean ready(String status) {
        return send("READY=1\nSTATUS=" + oneLine(status));
    }

    @Override
    public boolean status(String status) {
        return send("STATUS=" + oneLine(status));
    }

    @Override
    public boolean stopping(String status) {
        return send("STOPPING=1\nSTATUS=" + oneLine(status));
    }

    @Override
    public boolean watchdog() {
        return send("WATCHDOG=1");
    }

    @Override
    public Optional<Duration> watchdogInterval() {
        return watchdog;
    }

    @Override
    public boolean active() {
        return true;
    }

    /** A newline would start another assignment: the status could set READY or anything else. */
    static String oneLine(String status) {
        return status.replace('\n', ' ').replace('\r', ' ');
    }

    private boolean send(String message) {
        return datagrams.send(address, message.getBytes(StandardCharsets.UTF_8)) == 0;
    }

    @Override
    public String toString() {
        return "systemd notify socket " + address;
    }
}
