package org.odjc.platform;

import java.time.Duration;
import java.util.Optional;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

/** The watchdog systemd sets up for a unit with {@code WatchdogSec=}, as {@code sd_watchdog_enabled(3)} reads it. */
final class Watchdog {
    private Watchdog() {
    }

    /**
     * Half of {@code WATCHDOG_USEC} (the recommended ping interval), or empty when it is unset, or
     * when {@code WATCHDOG_PID} names another process.
     */
    static Optional<Duration> interval(String usec, String watchdogPid, long pid) throws ConnectorException {
        if (usec == null || usec.isEmpty()) {
            return Optional.empty();
        }
        if (watchdogPid != null && !watchdogPid.isEmpty()) {
            try {
                if (Long.parseLong(watchdogPid) != pid) {
                    return Optional.empty();
                }
            } catch (NumberFormatException e) {
                throw new ConnectorException(FailureCode.SYSTEMD_NOTIFY_INVALID, "WATCHDOG_PID=" + watchdogPid
                        + " is not a process id");
            }
        }
        long micros;
        try {
            micros = Long.parseLong(usec);
        } catch (NumberFormatException e) {
            micros = 0;
        }
        if (micros <= 0) {
            throw new ConnectorException(FailureCode.SYSTEMD_NOTIFY_INVALID, "WATCHDOG_USEC=" + usec
                    + " is not a positive number of microseconds");
        }
        return Optional.of(Duration.ofNanos(micros * 1000 / 2));
    }
}
