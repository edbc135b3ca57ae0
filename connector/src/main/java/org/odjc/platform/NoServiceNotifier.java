package org.odjc.platform;

import java.time.Duration;
import java.util.Optional;

/** No service manager listens (started by hand, by procrun, or under a unit that is not {@code Type=notify}). */
public enum NoServiceNotifier implements ServiceNotifier {
    INSTANCE;

    @Override
    public boolean ready(String status) {
        return true;
    }

    @Override
    public boolean status(String status) {
        return true;
    }

    @Override
    public boolean stopping(String status) {
        return true;
    }

    @Override
    public boolean watchdog() {
        return true;
    }

    @Override
    public Optional<Duration> watchdogInterval() {
        return Optional.empty();
    }

    @Override
    public boolean active() {
        return false;
    }
}
