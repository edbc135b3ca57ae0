package org.odjc.host;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.odjc.cloud.EnrolledDispatcherProbe;
import org.odjc.config.ConnectorConfig;
import org.odjc.diagnostics.Diagnosis;
import org.odjc.diagnostics.Probes;
import org.odjc.diagnostics.Report;
import org.odjc.domain.DistinguishedName;
import org.odjc.domain.DomainDnsName;
import org.odjc.domain.SecurityDescriptor;
import org.odjc.domain.Sid;
import org.odjc.failure.ConnectorException;
import org.odjc.kerberos.Keytabs;
import org.odjc.ldap.LdapDiagnosticProbes;
import org.odjc.locator.LocatorProbes;
import org.odjc.locator.TcpPortProbe;
import org.odjc.provisioning.Identity;
import org.odjc.provisioning.MachineAccountQuota;
import org.odjc.proxy.PacProbe;

/**
 * {@code odjc diagnose}: what breaks hybrid join, found before a device finds it. Only the wiring:
 * the checks and their rules are the core's {@link Diagnosis}; the probes are the adapters', each
 * with a short time-out.
 */
public final class Diagnostics {
    /** The checks, as {@code --only} names them, in the order they run. */
    public static final List<String> CHECKS = Diagnosis.CHECKS;
    static final Duration TIMEOUT = Duration.ofSeconds(2);
    static final int CLDAP_ATTEMPTS = 2;

    private final ConnectorConfig config;
    private final Map<String, String> environment;
    private final Clock clock;

    /** @param clock the clock compared with the DCs' (injected: a test offsets it) */
    public Diagnostics(ConnectorConfig config, Map<String, String> environment, Clock clock) {
        this.config = config;
        this.environment = environment;
        this.clock = clock;
    }

    public Report run(Set<String> only) {
        return diagnosis().run(only);
    }

    /** The core's checks on this configuration, through the real probes. */
    Diagnosis diagnosis() {
        List<Diagnosis.Domain> domains = config.domains().stream().map(Diagnostics::domain).toList();
        Optional<Diagnosis.Service> service = config.service().map(Diagnostics::service);
        LocatorProbes locator = new LocatorProbes(TIMEOUT, CLDAP_ATTEMPTS);
        LdapDiagnosticProbes ldap = new LdapDiagnosticProbes(TIMEOUT, clock);
        Probes.ProxyProbe proxy = config.service().<Probes.ProxyProbe>map(s -> new PacProbe(
                // the home domain's DNS, as the service's selector resolves (looked up only when WPAD is asked)
                host -> Proxies.resolver(config.domains().get(0)).resolve(host), TIMEOUT, s.dispatcher(), clock))
                .orElse(NO_SERVICE_PROXY);
        Probes.DispatcherProbe dispatcher = config.service().<Probes.DispatcherProbe>map(s -> new EnrolledDispatcherProbe(
                s.dispatcher(), s.identity(), HostSecrets.protectedFiles(), TIMEOUT.multipliedBy(5)))
                .orElse(NO_SERVICE_DISPATCHER);
        return new Diagnosis(domains, service, new Probes(locator, new TcpPortProbe(TIMEOUT), ldap, locator, ldap,
                directoryProbe(), file -> Keytabs.read(Path.of(file)), new StateDirectoryProbe(), proxy, dispatcher, clock));
    }

    /** The directory probe the diagnosis binds with (its contract test runs it against the DC). */
    Probes.DirectoryProbe directoryProbe() {
        return this::inSession;
    }

    /** The bind as the first request makes it, through the directory adapters the commands share. */
    private void inSession(Diagnosis.Domain d, String dc, Probes.SessionWork work) throws ConnectorException {
        ConnectorConfig.Domain configured = config.domain(d.name()).orElseThrow();
        DirectoryAdapters.inSession(configured, Optional.of(DomainDnsName.parse(dc)), environment, s -> {
            work.apply(new Probes.DirectoryReads() {
                @Override
                public Identity identity() throws ConnectorException {
                    return s.identity();
                }

                @Override
                public OptionalLong keyVersion(Sid sid) throws ConnectorException {
                    return s.keyVersion(sid);
                }

                @Override
                public List<SecurityDescriptor.Ace> dacl(DistinguishedName dn) throws ConnectorException {
                    return s.dacl(dn);
                }

                @Override
                public MachineAccountQuota machineAccountQuota(Sid creator) throws ConnectorException {
                    return s.machineAccountQuota(creator);
                }
            });
            return null;
        });
    }

    static Diagnosis.Domain domain(ConnectorConfig.Domain d) {
        return new Diagnosis.Domain(d.name(), d.dcs(), d.dnsServers(), d.access(), d.ous());
    }

    static Diagnosis.Service service(ConnectorConfig.Service s) {
        Diagnosis.ProxyMode proxy;
        if (s.proxy() instanceof ConnectorConfig.ProxySetting.Explicit e) {
            proxy = new Diagnosis.ProxyMode.Explicit(e.address().getHostString(), e.address().getPort(), e.toString());
        } else if (s.proxy() instanceof ConnectorConfig.ProxySetting.Wpad) {
            proxy = new Diagnosis.ProxyMode.Wpad();
        } else {
            proxy = new Diagnosis.ProxyMode.Direct();
        }
        return new Diagnosis.Service(s.stateDirectory().toString(), proxy, s.dispatcher().toString());
    }

    /** Without a service: section the core asks neither (it skips proxy and dispatcher). */
    private static final Probes.ProxyProbe NO_SERVICE_PROXY = new Probes.ProxyProbe() {
        @Override
        public Optional<String> jvmHttpsProxy() {
            throw new IllegalStateException("no service: section");
        }

        @Override
        public Probes.PacAnswer pac(Diagnosis.Domain home) {
            throw new IllegalStateException("no service: section");
        }
    };

    private static final Probes.DispatcherProbe NO_SERVICE_DISPATCHER = () -> {
        throw new IllegalStateException("no service: section");
    };
}
