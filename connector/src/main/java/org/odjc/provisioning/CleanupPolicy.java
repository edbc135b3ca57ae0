package org.odjc.provisioning;

import java.time.Duration;
import java.util.Objects;

/**
 * How cleanup judges never-used accounts.
 *
 * @param olderThan an account younger than this (by {@code whenCreated}) is left alone: its device
 *        may not have reached a DC yet
 * @param grace how long an account stays disabled before it is deleted; an admin who misses it
 *        re-enables the account within this time, and cleanup then leaves it alone
 */
public record CleanupPolicy(Duration olderThan, Duration grace) {
    public static final Duration DEFAULT_OLDER_THAN = Duration.ofDays(30);
    public static final Duration DEFAULT_GRACE = Duration.ofDays(7);
    public static final CleanupPolicy DEFAULTS = new CleanupPolicy(DEFAULT_OLDER_THAN, DEFAULT_GRACE);

    public CleanupPolicy {
        Objects.requireNonNull(olderThan, "olderThan");
        Objects.requireNonNull(grace, "grace");
        if (olderThan.isNegative() || grace.isNegative()) {
            throw new IllegalArgumentException("negative duration");
        }
    }
}
