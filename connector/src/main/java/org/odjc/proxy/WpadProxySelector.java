package org.odjc.proxy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.odjc.failure.ConnectorException;

/**
 * {@code service.proxy: wpad}: the proxy decision of the network's PAC script, for the
 * connector's HTTP client. Discovers and fetches the script on first use and again every hour;
 * evaluates it once per host and keeps the answer five minutes (PAC scripts may look at the
 * clock). Like Windows, it goes direct while no script is published or the script fails, and it
 * keeps the last good script when a refresh fails. The JDK client takes only the first proxy, so
 * the first entry the client can use is the whole decision. Thread-safe.
 */
public final class WpadProxySelector extends ProxySelector {
    static final Duration REFRESH = Duration.ofHours(1);
    static final Duration RETRY = Duration.ofMinutes(5);
    static final Duration DECISION_TTL = Duration.ofMinutes(5);

    private record Script(Optional<PacScript> pac, InetAddress local, Instant until, String describe) {
    }

    private record Decision(Proxy proxy, Instant until) {
    }

    private final String domain;
    private final Wpad wpad;
    private final PacScript.Resolver resolver;
    private final Clock clock;
    private final Consumer<String> log;
    private final Map<String, Decision> decisions = new HashMap<>();
    private Script script;

    /**
     * @param domain the DNS domain WPAD is looked for under
     * @param log receives one structured line each time the source of the decision changes
     */
    public WpadProxySelector(String domain, Wpad wpad, PacScript.Resolver resolver, Clock clock, Consumer<String> log) {
        this.domain = domain;
        this.wpad = wpad;
        this.resolver = resolver;
        this.clock = clock;
        this.log = log;
    }

    @Override
    public synchronized List<Proxy> select(URI uri) {
        if (uri == null) {
            throw new IllegalArgumentException("uri");
        }
        if (uri.getHost() == null || !(uri.getScheme().equalsIgnoreCase("https") || uri.getScheme().equalsIgnoreCase("http"))) {
            return List.of(Proxy.NO_PROXY);
        }
        Instant now = clock.instant();
        Script s = current(now);
        if (s.pac().isEmpty()) {
            return List.of(Proxy.NO_PROXY);
        }
        String key = uri.getScheme().toLowerCase() + "://" + uri.getHost().toLowerCase() + ":" + uri.getPort();
        Decision d = decisions.get(key);
        if (d == null || now.isAfter(d.until())) {
            d = new Decision(decide(s, uri), now.plus(DECISION_TTL));
            decisions.put(key, d);
        }
        return List.of(d.proxy());
    }

    @Override
    public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
        // the JDK's HTTP client never calls this; a failing proxy shows in odjc diagnose
    }

    private Proxy decide(Script s, URI uri) {
        try {
            String result = s.pac().get().findProxyForUrl(uri, resolver, s.local(), clock);
            Optional<PacDirective> first = PacDirective.firstUsable(PacDirective.parseAll(result));
            if (first.isEmpty()) {
                log.accept("event=proxy-decision host=" + uri.getHost() + " outcome=direct detail=\"the PAC result '"
                        + result + "' names nothing this client can use\"");
                return Proxy.NO_PROXY;
            }
            log.accept("event=proxy-decision host=" + uri.getHost() + " outcome=" + first.get().kind().toLowerCase()
                    + " proxy=\"" + first.get() + "\"");
            return first.get().toJavaProxy();
        } catch (ConnectorException e) {
            log.accept("event=proxy-decision host=" + uri.getHost() + " outcome=direct code=" + e.code().id()
                    + " detail=\"" + e.detail() + "\"");
            return Proxy.NO_PROXY;
        }
    }

    private Script current(Instant now) {
        if (script != null && now.isBefore(script.until())) {
            return script;
        }
        Script next;
        try {
            Wpad.Found found = wpad.discover(domain);
            if (found.url().isEmpty()) {
                next = new Script(Optional.empty(), InetAddress.getLoopbackAddress(), now.plus(RETRY),
                        "no WPAD: " + String.join(", ", found.tried()) + " do not resolve; going direct");
            } else {
                Wpad.Fetched f = wpad.fetch(found.url().get(), found.address().get());
                next = new Script(Optional.of(PacScript.compile(f.source(), f.url().toString())), f.localAddress(),
                        now.plus(REFRESH), "PAC " + f.url() + " from " + f.address().getHostAddress());
            }
        } catch (ConnectorException e) {
            boolean keep = script != null && script.pac().isPresent();
            next = keep ? new Script(script.pac(), script.local(), now.plus(RETRY), script.describe())
                    : new Script(Optional.empty(), InetAddress.getLoopbackAddress(), now.plus(RETRY),
                            "WPAD failed (" + e.code().id() + "); going direct");
            log.accept("event=proxy-wpad-failed code=" + e.code().id() + " detail=\"" + e.detail() + "\""
                    + (keep ? " keeping=\"" + script.describe() + "\"" : ""));
        }
        if (script == null || !script.describe().equals(next.describe())) {
            log.accept("event=proxy-source detail=\"" + next.describe() + "\"");
        }
        if (script == null || script.pac() != next.pac()) {
            decisions.clear();
        }
        script = next;
        return next;
    }
}
