package org.odjc.proxy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.odjc.diagnostics.Diagnosis;
import org.odjc.diagnostics.Probes;
import org.odjc.failure.ConnectorException;

/** {@code odjc diagnose}'s proxy probe: WPAD, the PAC file, and its answer for the dispatcher's URL, as the service asks. */
public final class PacProbe implements Probes.ProxyProbe {
    private final PacScript.Resolver resolver;
    private final Duration timeout;
    private final URI dispatcher;
    private final Clock clock;
    private final int wpadPort;

    /** @param resolver the home domain's DNS, as the service's selector resolves */
    public PacProbe(PacScript.Resolver resolver, Duration timeout, URI dispatcher, Clock clock) {
        this(resolver, timeout, dispatcher, clock, 80);
    }

    /** @param wpadPort where the PAC file is looked for: 80, except in tests */
    PacProbe(PacScript.Resolver resolver, Duration timeout, URI dispatcher, Clock clock, int wpadPort) {
        this.resolver = resolver;
        this.timeout = timeout;
        this.dispatcher = dispatcher;
        this.clock = clock;
        this.wpadPort = wpadPort;
    }

    @Override
    public Optional<String> jvmHttpsProxy() {
        return Optional.ofNullable(System.getProperty("https.proxyHost"));
    }

    @Override
    public Probes.PacAnswer pac(Diagnosis.Domain home) throws ConnectorException {
        Wpad wpad = new Wpad(resolver, timeout, wpadPort);
        Wpad.Found found = wpad.discover(home.name().lowerCase());
        if (found.url().isEmpty()) {
            return Probes.PacAnswer.notFound(found.tried());
        }
        Wpad.Fetched f = wpad.fetch(found.url().get(), found.address().get());
        long t0 = System.nanoTime();
        String result = PacScript.compile(f.source(), f.url().toString())
                .findProxyForUrl(dispatcher, resolver, f.localAddress(), clock);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
        List<PacDirective> all = PacDirective.parseAll(result);
        return new Probes.PacAnswer(found.tried(), Optional.of(f.url().toString()), f.address().getHostAddress(),
                f.source().length(), result, dispatcher.getScheme() + "://" + dispatcher.getHost(), elapsed,
                all.stream().map(PacProbe::hop).toList(), PacDirective.firstUsable(all).map(PacProbe::hop));
    }

    private static Probes.Hop hop(PacDirective d) {
        return new Probes.Hop(d.direct(), d.host(), d.port(), d.toString());
    }
}
