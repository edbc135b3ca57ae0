package org.odjc.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One entry of what {@code FindProxyForURL} returns: "a string containing one or more proxy
 * specifications separated by semicolons", each {@code DIRECT}, {@code PROXY host:port},
 * {@code SOCKS host:port} (Netscape's PAC definition), or Chromium's and Firefox's additions
 * {@code HTTP}, {@code HTTPS}, {@code SOCKS4} and {@code SOCKS5}.
 *
 * @param kind {@code DIRECT}, {@code PROXY}, {@code HTTP}, {@code HTTPS}, {@code SOCKS}, {@code SOCKS4} or {@code SOCKS5}
 * @param host empty for {@code DIRECT}
 * @param port 0 for {@code DIRECT}
 */
public record PacDirective(String kind, String host, int port) {

    /** The JDK's HTTP client tunnels HTTPS only through a plain HTTP proxy ({@code CONNECT}); it speaks neither SOCKS nor TLS to a proxy. */
    public boolean usableByConnector() {
        return kind.equals("DIRECT") || kind.equals("PROXY") || kind.equals("HTTP");
    }

    /** As the JDK's HTTP client takes it; only for {@link #usableByConnector()} entries. */
    public java.net.Proxy toJavaProxy() {
        return direct() ? java.net.Proxy.NO_PROXY
                : new java.net.Proxy(java.net.Proxy.Type.HTTP, java.net.InetSocketAddress.createUnresolved(host, port));
    }

    public boolean direct() {
        return kind.equals("DIRECT");
    }

    @Override
    public String toString() {
        return direct() ? "DIRECT" : kind + " " + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * Every well-formed entry of a PAC result, in order; malformed ones are left out, as browsers
     * skip them. A null or blank result means {@code DIRECT}.
     */
    public static List<PacDirective> parseAll(String result) {
        List<PacDirective> out = new ArrayList<>();
        if (result == null || result.isBlank()) {
            out.add(new PacDirective("DIRECT", "", 0));
            return out;
        }
        for (String entry : result.split(";")) {
            parse(entry.trim()).ifPresent(out::add);
        }
        return out;
    }

    /** The first entry the connector can use, which is the one it uses (the JDK client takes no second choice). */
    public static Optional<PacDirective> firstUsable(List<PacDirective> all) {
        return all.stream().filter(PacDirective::usableByConnector).findFirst();
    }

    static Optional<PacDirective> parse(String entry) {
        String[] words = entry.split("\\s+");
        String kind = words[0].toUpperCase(Locale.ROOT);
        if (kind.equals("DIRECT")) {
            return words.length == 1 ? Optional.of(new PacDirective("DIRECT", "", 0)) : Optional.empty();
        }
        int defaultPort = switch (kind) {
            case "PROXY", "HTTP" -> 80;
            case "HTTPS" -> 443;
            case "SOCKS", "SOCKS4", "SOCKS5" -> 1080;
            default -> -1;
        };
        if (defaultPort < 0 || words.length != 2) {
            return Optional.empty();
        }
        String hostPort = words[1];
        String host;
        String port;
        if (hostPort.startsWith("[")) { // [v6]:port
            int close = hostPort.indexOf(']');
            if (close < 0) {
                return Optional.empty();
            }
            host = hostPort.substring(1, close);
            port = hostPort.length() > close + 1 && hostPort.charAt(close + 1) == ':' ? hostPort.substring(close + 2) : "";
        } else {
            int colon = hostPort.lastIndexOf(':');
            host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            port = colon < 0 ? "" : hostPort.substring(colon + 1);
        }
        if (host.isEmpty() || !host.matches("[A-Za-z0-9._:-]+")) {
            return Optional.empty();
        }
        int p = defaultPort;
        if (!port.isEmpty()) {
            if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                return Optional.empty();
            }
            p = Integer.parseInt(port);
        }
        return Optional.of(new PacDirective(kind, host.toLowerCase(Locale.ROOT), p));
    }
}
