package org.odjc.dispatcher.store;

import java.time.Duration;

/**
 * A request to queue (validated above the port); {@code domain} lower-case. Its submit time is the
 * store's now, its deadline that plus {@code timeout}.
 */
public record NewRequest(String requestId, String domain, String ou, String computerName, String computerNamePrefix,
        String deviceId, Duration timeout) {
}
