package org.odjc.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

class WpadTest {
    private final List<String> asked = new ArrayList<>();
    private ServerSocket server;
    private final AtomicReference<String> request = new AtomicReference<>();

    @AfterEach
    void close() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    /** Answers every connection with {@code response}, once per connection, recording the request's head. */
    private URI serve(byte[] response) throws IOException {
        ServerSocket listening = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        server = listening;
        // the thread keeps its own socket: the field moves on to the next test server
        Thread t = new Thread(() -> {
            while (!listening.isClosed()) {
                try (Socket s = listening.accept()) {
                    InputStream in = s.getInputStream();
                    StringBuilder head = new StringBuilder();
                    while (!head.toString().endsWith("\r\n\r\n")) {
                        int c = in.read();
                        if (c < 0) {
                            break;
                        }
                        head.append((char) c);
                    }
                    request.set(head.toString());
                    OutputStream out = s.getOutputStream();
                    out.write(response);
                    out.flush();
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return URI.create("http://wpad.corp.example.test:" + listening.getLocalPort() + "/wpad.dat");
    }

    private Wpad wpad(Map<String, String> dns) {
        return new Wpad(host -> {
            asked.add(host);
            try {
                return dns.containsKey(host) ? List.of(InetAddress.getByName(dns.get(host))) : List.of();
            } catch (java.net.UnknownHostException e) {
                throw new AssertionError(e);
            }
        }, Duration.ofSeconds(2));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void discoveryDevolvesToTheParentDomainsButNeverToTheTopLevel() throws Exception {
        assertThat(Wpad.candidates("emea.corp.example.test.")).containsExactly("wpad.emea.corp.example.test",
                "wpad.corp.example.test", "wpad.example.test");
        assertThat(Wpad.candidates("Example.Test")).containsExactly("wpad.example.test");

        Wpad.Found found = wpad(Map.of("wpad.corp.example.test", "10.0.0.9")).discover("emea.corp.example.test");

        assertThat(found.url()).hasValue(URI.create("http://wpad.corp.example.test/wpad.dat"));
        assertThat(found.address()).hasValue(InetAddress.getByName("10.0.0.9"));
        assertThat(asked).containsExactly("wpad.emea.corp.example.test", "wpad.corp.example.test");
    }

    @Test
    void aParentZoneWhoseLookUpFailsIsPassedOverAndOnlyNoAnswerAtAllIsAnError() throws Exception {
        Wpad servfailAbove = new Wpad(host -> {
            asked.add(host);
            if (host.equals("wpad.example.test")) {
                throw new ConnectorException(FailureCode.DC_DNS_UNREACHABLE, "SERVFAIL for " + host);
            }
            return List.of();
        }, Duration.ofSeconds(2));
        Wpad deadDns = new Wpad(host -> {
            throw new ConnectorException(FailureCode.DC_DNS_UNREACHABLE, "no answer for " + host);
        }, Duration.ofSeconds(2));

        Wpad.Found found = servfailAbove.discover("corp.example.test");

        assertThat(found.url()).isEmpty();
        assertThat(found.tried()).containsExactly("wpad.corp.example.test", "wpad.example.test (no answer: DC-005)");
        assertThatThrownBy(() -> deadDns.discover("corp.example.test")).isInstanceOf(ConnectorException.class)
                .hasMessageContaining("wpad.corp.example.test");
    }

    @Test
    void noResolvingNameMeansNothingFoundAndEveryCandidateWasTried() throws Exception {
        Wpad.Found found = wpad(Map.of()).discover("corp.example.test");

        assertThat(found.url()).isEmpty();
        assertThat(found.tried()).containsExactly("wpad.corp.example.test", "wpad.example.test");
    }

    @Test
    void theFileIsFetchedFromTheGivenAddressWithTheWpadHostName() throws Exception {
        String pac = "function FindProxyForURL(u, h) { return 'DIRECT'; }";
        URI url = serve(ascii("HTTP/1.1 200 OK\r\nContent-Type: application/x-ns-proxy-autoconfig\r\nContent-Length: "
                + pac.length() + "\r\n\r\n" + pac + "trailing garbage"));

        Wpad.Fetched f = wpad(Map.of()).fetch(url, InetAddress.getLoopbackAddress());

        assertThat(f.source()).isEqualTo(pac);
        assertThat(request.get()).startsWith("GET /wpad.dat HTTP/1.1\r\n")
                .contains("Host: wpad.corp.example.test:" + server.getLocalPort() + "\r\n");
        assertThat(f.localAddress().isLoopbackAddress()).isTrue();
    }

    @Test
    void aChunkedAnswerIsReassembled() throws Exception {
        URI url = serve(ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "9\r\nfunction \r\n1b;ext=1\r\nFindProxyForURL(u,h){return\r\n9\r\n 'DIRECT'\r\n1\r\n}\r\n0\r\n\r\n"));

        assertThat(wpad(Map.of()).fetch(url, InetAddress.getLoopbackAddress()).source())
                .isEqualTo("function FindProxyForURL(u,h){return 'DIRECT'}");
    }

    @Test
    void anErrorStatusARedirectAndAnOversizedFileAreRefusedWithTheirCode() throws Exception {
        URI notFound = serve(ascii("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"));
        ConnectorException e404 = catchThrowableOfType(() -> wpad(Map.of()).fetch(notFound, InetAddress.getLoopbackAddress()),
                ConnectorException.class);
        close();
        URI moved = serve(ascii("HTTP/1.1 302 Found\r\nLocation: http://elsewhere/\r\nContent-Length: 0\r\n\r\n"));
        ConnectorException e302 = catchThrowableOfType(() -> wpad(Map.of()).fetch(moved, InetAddress.getLoopbackAddress()),
                ConnectorException.class);
        close();
        URI huge = serve(ascii("HTTP/1.1 200 OK\r\n\r\n" + "/".repeat(Wpad.MAX_RESPONSE_BYTES + 10)));
        ConnectorException tooBig = catchThrowableOfType(() -> wpad(Map.of()).fetch(huge, InetAddress.getLoopbackAddress()),
                ConnectorException.class);

        assertThat(List.of(e404, e302, tooBig)).allSatisfy(e -> assertThat(e.code()).isEqualTo(FailureCode.DIAG_PAC_FETCH_FAILED));
        assertThat(e404.detail()).contains("answered 404");
        assertThat(e302.detail()).contains("redirects are not followed");
        assertThat(tooBig.detail()).contains("larger than");
    }

    @Test
    void nothingListeningIsAFetchFailure() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        URI url = URI.create("http://wpad.corp.example.test:" + port + "/wpad.dat");

        ConnectorException e = catchThrowableOfType(() -> wpad(Map.of()).fetch(url, InetAddress.getLoopbackAddress()),
                ConnectorException.class);

        assertThat(e.code()).isEqualTo(FailureCode.DIAG_PAC_FETCH_FAILED);
        assertThat(e.detail()).contains("127.0.0.1:" + port);
    }

    @Test
    void theSelectorUsesThePacDecisionAndGoesDirectWithoutWpad() throws Exception {
        String pac = "function FindProxyForURL(u, h) { return h == 'dispatcher.example.test' ? 'SOCKS s:1; PROXY proxy.example.test:3128; DIRECT' : 'DIRECT'; }";
        URI url = serve(ascii("HTTP/1.1 200 OK\r\nContent-Length: " + pac.length() + "\r\n\r\n" + pac));
        List<String> log = new ArrayList<>();
        // WPAD's port is 80; the test server's is not
        WpadProxySelector withPac = new WpadProxySelector("corp.example.test", new Wpad(h -> h.startsWith("wpad.")
                ? List.of(InetAddress.getLoopbackAddress()) : List.of(), Duration.ofSeconds(2), url.getPort()),
                h -> List.of(), Clock.systemUTC(), org.odjc.telemetry.EventLog.traced(log::add));
        WpadProxySelector without = new WpadProxySelector("corp.example.test", wpad(Map.of()), h -> List.of(),
                Clock.systemUTC(), org.odjc.telemetry.EventLog.traced(log::add));

        assertThat(withPac.select(URI.create("https://dispatcher.example.test/v1/lease")))
                .singleElement().hasToString("HTTP @ proxy.example.test/<unresolved>:3128");
        assertThat(withPac.select(URI.create("https://other.example.test/"))).containsExactly(java.net.Proxy.NO_PROXY);
        assertThat(without.select(URI.create("https://dispatcher.example.test/"))).containsExactly(java.net.Proxy.NO_PROXY);
        assertThat(log).anyMatch(l -> l.startsWith("event=proxy-source") && l.contains("PAC http://wpad.corp.example.test"))
                .anyMatch(l -> l.startsWith("event=proxy-source") && l.contains("no WPAD"));
    }

    @Test
    void aPacFileThatCannotBeFetchedIsLoggedAndTheSelectorGoesDirect() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        List<String> log = new ArrayList<>();
        WpadProxySelector selector = new WpadProxySelector("corp.example.test", new Wpad(h -> h.startsWith("wpad.")
                ? List.of(InetAddress.getLoopbackAddress()) : List.of(), Duration.ofSeconds(2), closed), h -> List.of(),
                Clock.systemUTC(), org.odjc.telemetry.EventLog.traced(log::add));

        assertThat(selector.select(URI.create("https://dispatcher.example.test/"))).containsExactly(java.net.Proxy.NO_PROXY);
        assertThat(log).anyMatch(l -> l.startsWith("event=proxy-wpad-failed code=DIAG-014 "))
                .anyMatch(l -> l.startsWith("event=proxy-source detail=\"WPAD failed (DIAG-014); going direct\""));
    }
}
