package org.odjc.host;

import java.net.ProxySelector;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import org.odjc.config.ConnectorConfig;
import org.odjc.locator.DnsLookup;
import org.odjc.proxy.PacScript;
import org.odjc.proxy.Wpad;
import org.odjc.proxy.WpadProxySelector;

/** Turns {@code service.proxy} into the selector the connector's HTTP client uses; WPAD looks things up with the first domain's DNS servers. */
public final class Proxies {
    static final Duration DNS_TIMEOUT = Duration.ofSeconds(2);

    private Proxies() {
    }

    /** The selector for {@code config}'s {@code service.proxy}; direct when it has no service section. */
    public static ProxySelector selector(ConnectorConfig config, Clock clock, Consumer<String> log) {
        ConnectorConfig.ProxySetting setting = config.service().map(ConnectorConfig.Service::proxy)
                .orElse(new ConnectorConfig.ProxySetting.Direct());
        if (setting instanceof ConnectorConfig.ProxySetting.Explicit e) {
            return ProxySelector.of(e.address());
        }
        if (setting instanceof ConnectorConfig.ProxySetting.Wpad) {
            ConnectorConfig.Domain home = config.domains().get(0);
            PacScript.Resolver resolver = resolver(home);
            return new WpadProxySelector(home.name().lowerCase(), new Wpad(resolver, DNS_TIMEOUT), resolver, clock, log);
        }
        return ProxySelector.getDefault(); // direct, or the JVM's https.proxyHost
    }

    /** The host names a PAC script looks up, and the wpad name itself, resolve through the domain's DNS servers. */
    static PacScript.Resolver resolver(ConnectorConfig.Domain domain) {
        DnsLookup dns = new DnsLookup(domain.dnsServers(), DNS_TIMEOUT);
        return dns::addresses;
    }
}
