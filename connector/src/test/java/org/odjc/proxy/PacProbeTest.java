package org.odjc.proxy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.odjc.diagnostics.Probes;
import org.odjc.diagnostics.ProxyProbeContract;

/**
 * The PAC probe keeps the proxy probe's contract: WPAD resolved by a map, the PAC script served by
 * an in-process HTTP server on loopback, and evaluated for real.
 */
class PacProbeTest extends ProxyProbeContract {
    private HttpServer server;
    private volatile String script = "";
    private volatile boolean wpadResolves;

    @BeforeEach
    void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/wpad.dat", x -> {
            byte[] body = script.getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "application/x-ns-proxy-autoconfig");
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Override
    protected Probes.ProxyProbe probe() {
        PacScript.Resolver resolver = host -> wpadResolves && host.equals("wpad." + HOME)
                ? List.of(InetAddress.getLoopbackAddress()) : List.of();
        return new PacProbe(resolver, Duration.ofSeconds(2), URI.create("https://localhost:8443"), Clock.systemUTC(),
                server.getAddress().getPort());
    }

    @Override
    protected void arrangeNoWpad() {
        wpadResolves = false;
    }

    @Override
    protected void arrangePac(String result) {
        wpadResolves = true;
        script = "function FindProxyForURL(url, host) { return \"" + result + "\"; }\n";
    }
}
