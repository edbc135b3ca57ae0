package org.odjc.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

/**
 * Web Proxy Auto-Discovery through DNS, as Windows does it when DHCP offers nothing: the host
 * {@code wpad} under the domain, then under each parent domain while at least two labels remain
 * (devolution: {@code wpad.corp.example.com}, {@code wpad.example.com}, never {@code wpad.com}),
 * and from the first that resolves, {@code http://wpad.<domain>/wpad.dat}. The file is fetched
 * from the address our DNS servers gave (not the system resolver's), over plain HTTP as WPAD
 * defines it, without redirects, and at most {@link PacScript#MAX_SOURCE_CHARS} long.
 */
public final class Wpad {
    static final int MAX_RESPONSE_BYTES = PacScript.MAX_SOURCE_CHARS + 16 * 1024;

    /**
     * What discovery found.
     *
     * @param tried the names asked, in order
     * @param url the PAC file's URL; empty when no name resolved
     * @param address the address it was fetched from
     */
    public record Found(List<String> tried, Optional<URI> url, Optional<InetAddress> address) {
    }

    /** A fetched PAC file. */
    public record Fetched(URI url, InetAddress address, String source, InetAddress localAddress) {
    }

    private final PacScript.Resolver resolver;
    private final Duration timeout;
    private final int port;

    public Wpad(PacScript.Resolver resolver, Duration timeout) {
        this(resolver, timeout, 80);
    }

    /** @param port where the PAC file is looked for: 80, except in tests */
    Wpad(PacScript.Resolver resolver, Duration timeout, int port) {
        this.resolver = resolver;
        this.timeout = timeout;
        this.port = port;
    }

    /** The candidate names for {@code domain}, most specific first. */
    public static List<String> candidates(String domain) {
        String[] labels = domain.toLowerCase(Locale.ROOT).replaceAll("\\.$", "").split("\\.");
        List<String> out = new ArrayList<>();
        for (int i = 0; labels.length - i >= 2; i++) {
            out.add("wpad." + String.join(".", java.util.Arrays.copyOfRange(labels, i, labels.length)));
        }
        return out;
    }

    /**
     * Looks the candidates up in order and stops at the first that resolves. A candidate whose
     * look-up fails (a parent zone the DNS servers cannot reach answers SERVFAIL) is passed over, as
     * Windows' devolution does; only when no candidate got an answer at all is that an error.
     *
     * @throws ConnectorException the DNS servers answered none of the candidates (a missing name is not an error)
     */
    public Found discover(String domain) throws ConnectorException {
        List<String> tried = new ArrayList<>();
        ConnectorException firstFailure = null;
        boolean answered = false;
        for (String name : candidates(domain)) {
            List<InetAddress> addresses;
            try {
                addresses = resolver.resolve(name);
                answered = true;
                tried.add(name);
            } catch (ConnectorException e) {
                firstFailure = firstFailure == null ? e : firstFailure;
                tried.add(name + " (no answer: " + e.code().id() + ")");
                continue;
            }
            if (!addresses.isEmpty()) {
                return new Found(List.copyOf(tried), Optional.of(URI.create("http://" + name + (port == 80 ? "" : ":" + port)
                        + "/wpad.dat")),
                        Optional.of(addresses.get(0)));
            }
        }
        if (!answered && firstFailure != null) {
            throw firstFailure;
        }
        return new Found(List.copyOf(tried), Optional.empty(), Optional.empty());
    }

    /**
     * GETs {@code url} from {@code address}.
     *
     * @throws ConnectorException DIAG_PAC_FETCH_FAILED: no connection, not 200, or too large
     */
    public Fetched fetch(URI url, InetAddress address) throws ConnectorException {
        int port = url.getPort() > 0 ? url.getPort() : 80;
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + url.getHost() + (url.getPort() > 0 ? ":" + port : "")
                    + "\r\nAccept: application/x-ns-proxy-autoconfig, */*\r\nUser-Agent: odjc\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] response = readBounded(socket.getInputStream(), url);
            String body = HttpBody.of(response, url);
            return new Fetched(url, address, body, socket.getLocalAddress());
        } catch (IOException e) {
            throw new ConnectorException(FailureCode.DIAG_PAC_FETCH_FAILED, url + " from " + address.getHostAddress()
                    + ":" + port + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
        }
    }

    /** The local address this host would use towards {@code peer} (no packet is sent). */
    public static InetAddress localAddressTowards(InetAddress peer) {
        try (DatagramSocket s = new DatagramSocket()) {
            s.connect(peer, 53);
            InetAddress local = s.getLocalAddress();
            return local.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : local;
        } catch (IOException e) {
            return InetAddress.getLoopbackAddress();
        }
    }

    private static byte[] readBounded(InputStream in, URI url) throws IOException, ConnectorException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) > 0;) {
            all.write(buffer, 0, n);
            if (all.size() > MAX_RESPONSE_BYTES) {
                throw new ConnectorException(FailureCode.DIAG_PAC_FETCH_FAILED, url + " is larger than "
                        + MAX_RESPONSE_BYTES / 1024 + " KiB");
            }
        }
        return all.toByteArray();
    }

    /** Just enough HTTP/1.x to read one response: a 200 status, then Content-Length or chunked, then the body. */
    static final class HttpBody {
        private HttpBody() {
        }

        static String of(byte[] raw, URI url) throws ConnectorException {
            int headerEnd = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
            if (headerEnd < 0) {
                throw new ConnectorException(FailureCode.DIAG_PAC_FETCH_FAILED, url + ": no complete HTTP response");
            }
            String[] head = new String(raw, 0, headerEnd, StandardCharsets.ISO_8859_1).split("\r\n");
            String[] statusLine = head[0].split(" ", 3);
            if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.") || !statusLine[1].matches("\\d{3}")) {
                throw new ConnectorException(FailureCode.DIAG_PAC_FETCH_FAILED, url + ": not an HTTP response");
            }
            int status = Integer.parseInt(statusLine[1]);
            if (status != 200) {
                throw new ConnectorException(FailureCode.DIAG_PAC_FETCH_FAILED, url + " answered " + status
                        + (statusLine.length > 2 ? " " + statusLine[2] : "") + (status / 100 == 3 ? " (redirects are not followed)" : ""));
            }
            boolean chunked = false;
            int length = -1;
            for (int i = 1; i < head.length; i++) {
                int colon = head[i].indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = head[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = head[i].substring(colon + 1).trim();
                if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                    chunked = true;
                } else if (name.equals("content-length") && value.matches("\\d{1,9}")) {
                    length = Integer.parseInt(value);
                }
            }
            int start = headerEnd + 4;
            byte[] body;
            if (chunked) {
                body = dechunk(raw, start, url);
            } else if (length >= 0) {
                if (raw.length - start < length) {
                    throw new ConnectorException(FailureCode.DIAG_PAC_FETCH_FAILED, url + ": the response ended early");
                }
                body = java.util.Arrays.copyOfRange(raw, start, start + length);
            } else {
                body = java.util.Arrays.copyOfRange(raw, start, raw.length);
            }
            return new String(body, StandardCharsets.UTF_8);
        }

        private static byte[] dechunk(byte[] raw, int at, URI url) throws ConnectorException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (true) {
                int lineEnd = indexOf(raw, "\r\n".getBytes(StandardCharsets.US_ASCII), at) - at;
                if (lineEnd < 0) {
                    throw new ConnectorException(FailureCode.DIAG_PAC_FETCH_FAILED, url + ": malformed chunked body");
                }
                String size = new String(raw, at, lineEnd, StandardCharsets.US_ASCII).split(";")[0].trim();
                if (!size.matches("[0-9A-Fa-f]{1,7}")) {
                    throw new ConnectorException(FailureCode.DIAG_PAC_FETCH_FAILED, url + ": malformed chunk size");
                }
                int n = Integer.parseInt(size, 16);
                at += lineEnd + 2;
                if (n == 0) {
                    return out.toByteArray();
                }
                if (raw.length - at < n) {
                    throw new ConnectorException(FailureCode.DIAG_PAC_FETCH_FAILED, url + ": the response ended early");
                }
                out.write(raw, at, n);
                at += n + 2;
            }
        }

        private static int indexOf(byte[] haystack, byte[] needle, int from) {
            outer:
            for (int i = from; i + needle.length <= haystack.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (haystack[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
