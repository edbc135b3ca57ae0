package org.odjc.diagnostics;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/** TCP as a set of {@code host:port} that accept; connects answer at once. */
final class FakePorts implements Probes.PortProbe {
    final Set<String> open = new HashSet<>();

    @Override
    public Probes.Connect connect(String host, int port) {
        return open.contains(host + ":" + port) ? Probes.Connect.connected(Duration.ofMillis(1))
                : Probes.Connect.refused("ConnectException");
    }
}
