package org.odjc.cloud;

import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import org.odjc.diagnostics.Probes;
import org.odjc.failure.ConnectorException;
import org.odjc.provisioning.SecretFiles;

/** {@code odjc diagnose}'s dispatcher probe: the enrolled identity, and a mutual-TLS round trip along a route. */
public final class EnrolledDispatcherProbe implements Probes.DispatcherProbe {
    private final URI dispatcher;
    private final Path identity;
    private final Optional<SecretFiles> protectedFiles;
    private final Duration timeout;

    public EnrolledDispatcherProbe(URI dispatcher, Path identity, Optional<SecretFiles> protectedFiles, Duration timeout) {
        this.dispatcher = dispatcher;
        this.identity = identity;
        this.protectedFiles = protectedFiles;
        this.timeout = timeout;
    }

    @Override
    public Probes.Enrolled load() throws ConnectorException {
        EnrolledIdentity id = EnrolledIdentity.load(identity, protectedFiles);
        X509Certificate c = id.certificate();
        Probes.Validity validity = new Probes.Validity(c.getNotBefore().toInstant(), c.getNotAfter().toInstant());
        return new Probes.Enrolled() {
            @Override
            public String connectorId() {
                return id.connectorId();
            }

            @Override
            public Probes.Validity certificate() {
                return validity;
            }

            @Override
            public Duration probe(Probes.Route route) throws ConnectorException {
                return new HttpCloudChannel(dispatcher, id.connectorId(), id.tls(), selector(route), timeout).probe();
            }
        };
    }

    static ProxySelector selector(Probes.Route route) {
        if (route instanceof Probes.Route.Through t) {
            return ProxySelector.of(InetSocketAddress.createUnresolved(t.host(), t.port()));
        }
        if (route instanceof Probes.Route.NoProxy) {
            return ProxySelector.of(null);
        }
        return ProxySelector.getDefault();
    }
}
