package org.odjc.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.odjc.domain.DistinguishedName;
import org.odjc.domain.DomainDnsName;
import org.odjc.domain.IpAddress;
import org.odjc.provisioning.DirectoryAccess;
import org.odjc.provisioning.OuAllowList;

/**
 * The connector's configuration ({@code config/connector.yaml}, JSON Schema in
 * {@code config/connector.schema.json}): validated as a whole by {@link ConfigLoader}.
 */
public record ConnectorConfig(List<Domain> domains, Optional<Service> service, Cleanup cleanup) {
    public ConnectorConfig {
        domains = List.copyOf(domains);
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(cleanup, "cleanup");
    }

    /** Without a {@code cleanup:} section: its defaults (and no scheduled cleanup). */
    public ConnectorConfig(List<Domain> domains, Optional<Service> service) {
        this(domains, service, Cleanup.DEFAULTS);
    }

    /**
     * Cleanup of never-used accounts ({@code odjc cleanup}, and the service when {@code every} is set).
     *
     * @param policy {@code olderThan} (default 30d) and {@code grace} (default 7d)
     * @param every how often the service runs cleanup with apply (disable, then delete after the
     *        grace period); empty ({@code off}, the default): the service never runs it, an admin
     *        runs {@code odjc cleanup} and decides
     */
    public record Cleanup(org.odjc.provisioning.CleanupPolicy policy, Optional<java.time.Duration> every) {
        public static final Cleanup DEFAULTS = new Cleanup(org.odjc.provisioning.CleanupPolicy.DEFAULTS, Optional.empty());

        public Cleanup {
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(every, "every");
        }
    }

    /**
     * How the long-running service ({@code odjc run}) reaches its dispatcher; absent for CLI-only use.
     *
     * @param dispatcher the dispatcher's HTTPS base URL
     * @param identity the directory enrollment wrote: {@code connector-id}, {@code client.pem} (the
     *        certificate chain), {@code client.key} (PKCS#8 PEM, 0600) and {@code ca.pem} (the pinned CA)
     * @param stateDirectory where the journal lives
     * @param workers requests processed at once
     * @param proxy how the dispatcher is reached: directly, through an explicit proxy, or as the
     *        network's WPAD/PAC script says
     * @param admin where the local admin endpoint (health, readiness, metrics, status page) listens;
     *        an IP literal and a port (0: any free port); empty: no endpoint
     * @param journalRetention closed requests older than this leave the journal (default 90d), so it
     *        stays bounded; accounts that still exist are kept whatever their age
     */
    public record Service(URI dispatcher, Path identity, Path stateDirectory, int workers, ProxySetting proxy,
            Optional<java.net.InetSocketAddress> admin, java.time.Duration journalRetention) {
        /** How long closed requests stay in the journal ({@code odjc requests}) unless configured. */
        public static final java.time.Duration DEFAULT_JOURNAL_RETENTION = java.time.Duration.ofDays(90);

        public Service {
            Objects.requireNonNull(dispatcher, "dispatcher");
            Objects.requireNonNull(identity, "identity");
            Objects.requireNonNull(stateDirectory, "stateDirectory");
            Objects.requireNonNull(proxy, "proxy");
            Objects.requireNonNull(admin, "admin");
            Objects.requireNonNull(journalRetention, "journalRetention");
        }
    }

    /** {@code service.proxy}: {@code direct} (the default), {@code http://host:port}, or {@code wpad}. */
    public sealed interface ProxySetting {
        /** No proxy, unless the JVM's {@code https.proxyHost} names one. */
        record Direct() implements ProxySetting {
        }

        /** An HTTP proxy that tunnels HTTPS with {@code CONNECT}; unresolved until used. */
        record Explicit(java.net.InetSocketAddress address) implements ProxySetting {
            public Explicit {
                Objects.requireNonNull(address, "address");
            }

            @Override
            public String toString() {
                return address.getHostString() + ":" + address.getPort();
            }
        }

        /** Web Proxy Auto-Discovery under the first configured domain, then its PAC script. */
        record Wpad() implements ProxySetting {
        }
    }

    public Optional<Domain> domain(DomainDnsName name) {
        return domains.stream().filter(d -> d.name().equalsIgnoreCase(name)).findFirst();
    }

    /**
     * One domain the connector serves.
     *
     * @param dcs DCs to use instead of locating them through DNS; empty to locate
     * @param dnsServers DNS servers for SRV look-ups; empty for the system's resolver
     * @param defaultOu where requests without an OU go; empty for the well-known Computers container
     */
    public record Domain(DomainDnsName name, List<DomainDnsName> dcs, List<IpAddress> dnsServers, DirectoryAccess access,
            OuAllowList ous, Optional<DistinguishedName> defaultOu) {
        public Domain {
            Objects.requireNonNull(name, "name");
            dcs = List.copyOf(dcs);
            dnsServers = List.copyOf(dnsServers);
            Objects.requireNonNull(access, "access");
            Objects.requireNonNull(ous, "ous");
            Objects.requireNonNull(defaultOu, "defaultOu");
        }
    }
}
