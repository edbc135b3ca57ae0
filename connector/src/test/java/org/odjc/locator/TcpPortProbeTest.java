package org.odjc.locator;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.odjc.diagnostics.PortProbeContract;
import org.odjc.diagnostics.Probes;

/** The TCP probe keeps the port probe's contract on loopback: a listening socket, and one just closed. */
class TcpPortProbeTest extends PortProbeContract {
    private ServerSocket server;
    private int closedPort;

    @Override
    protected Probes.PortProbe probe() throws Exception {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = gone.getLocalPort();
        }
        return new TcpPortProbe(Duration.ofSeconds(2));
    }

    @AfterEach
    void close() throws Exception {
        server.close();
    }

    @Override
    protected String listeningHost() {
        return InetAddress.getLoopbackAddress().getHostAddress();
    }

    @Override
    protected int listening() {
        return server.getLocalPort();
    }

    @Override
    protected int closed() {
        return closedPort;
    }
}
