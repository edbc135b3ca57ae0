package org.odjc.host;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.odjc.config.ConnectorConfig;
import org.odjc.domain.DcInfo;
import org.odjc.domain.DomainDnsName;
import org.odjc.domain.IpAddress;
import org.odjc.failure.ConnectorException;
import org.odjc.ldap.LdapDirectory;
import org.odjc.locator.AdDcLocator;
import org.odjc.locator.CldapPinger;
import org.odjc.locator.DnsLookup;
import org.odjc.provisioning.DirectoryAccess;
import org.odjc.provisioning.DirectorySession;

/** The directory side's adapters with the timings {@code odjc provision} and {@code odjc run} share. */
public final class DirectoryAdapters {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration LDAP_RESPONSE_TIMEOUT = Duration.ofSeconds(60);
    static final Duration DNS_TIMEOUT = Duration.ofSeconds(2);
    static final Duration PING_TIMEOUT = Duration.ofSeconds(1);
    static final int PING_ATTEMPTS = 3;
    static final Duration LOCATOR_CACHE = Duration.ofMinutes(10);

    private DirectoryAdapters() {
    }

    /** A DC locator asking {@code dnsServers} (empty: the system's resolver). */
    public static AdDcLocator locator(List<IpAddress> dnsServers) {
        return new AdDcLocator(new DnsLookup(dnsServers, DNS_TIMEOUT), new CldapPinger(PING_TIMEOUT, PING_ATTEMPTS),
                Clock.systemUTC(), LOCATOR_CACHE, new SecureRandom());
    }

    /** What a one-off command does in one directory session. */
    public interface SessionWork<T> {
        T apply(DirectorySession session) throws ConnectorException;
    }

    /**
     * Binds to a DC of {@code domain} ({@code dc}, or one located through the domain's DNS servers),
     * runs {@code work} in one session and closes everything: for commands, not the service.
     */
    public static <T> T inSession(ConnectorConfig.Domain domain, Optional<DomainDnsName> dc,
            Map<String, String> environment, SessionWork<T> work) throws ConnectorException {
        try (LdapDirectory directory = directory(domain.access(), environment, w -> { }, 1)) {
            DcInfo located = locator(domain.dnsServers()).locate(domain.name(), dc).get(0);
            try (DirectorySession session = directory.open(located)) {
                return work.apply(session);
            }
        }
    }

    /** An LDAP directory binding as {@code access}, {@code poolSize} connections per DC. */
    public static LdapDirectory directory(DirectoryAccess access, Map<String, String> environment,
            Consumer<String> warnings, int poolSize) {
        return new LdapDirectory(access, environment, warnings, poolSize, CONNECT_TIMEOUT, LDAP_RESPONSE_TIMEOUT,
                org.odjc.ldap.LdapRoute.STANDARD, HostSecrets.secretFiles());
    }
}
