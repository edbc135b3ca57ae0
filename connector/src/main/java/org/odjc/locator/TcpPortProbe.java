package org.odjc.locator;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import org.odjc.diagnostics.Probes;

/** A TCP connect with a time-out and its round trip: {@code odjc diagnose}'s port and proxy probe. */
public final class TcpPortProbe implements Probes.PortProbe {
    private final Duration timeout;

    public TcpPortProbe(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public Probes.Connect connect(String host, int port) {
        long t0 = System.nanoTime();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            return Probes.Connect.connected(Duration.ofNanos(System.nanoTime() - t0));
        } catch (IOException e) {
            return Probes.Connect.refused(e.getClass().getSimpleName());
        }
    }
}
