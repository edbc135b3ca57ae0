package org.odjc.host;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.odjc.domain.IpAddress;
import org.odjc.ldap.LdapDirectory;
import org.odjc.locator.AdDcLocator;
import org.odjc.locator.CldapPinger;
import org.odjc.locator.DnsLookup;
import org.odjc.provisioning.DirectoryAccess;

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

    /** An LDAP directory binding as {@code access}, {@code poolSize} connections per DC. */
    public static LdapDirectory directory(DirectoryAccess access, Map<String, String> environment,
            Consumer<String> warnings, int poolSize) {
        return new LdapDirectory(access, environment, warnings, poolSize, CONNECT_TIMEOUT, LDAP_RESPONSE_TIMEOUT);
    }
}
