package org.odjc.ldap;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import org.odjc.diagnostics.Probes;
import org.odjc.failure.ConnectorException;
import org.odjc.provisioning.DirectoryAccess;

/** {@code odjc diagnose}'s LDAP probes: the LDAPS certificate a DC presents, and its clock (rootDSE currentTime). */
public final class LdapDiagnosticProbes implements Probes.CertificateProbe, Probes.ClockProbe {
    private final Duration timeout;
    private final Clock clock;

    /** @param clock the clock the DC's is compared with */
    public LdapDiagnosticProbes(Duration timeout, Clock clock) {
        this.timeout = timeout;
        this.clock = clock;
    }

    @Override
    public Probes.Validity ldaps(String host, int port, DirectoryAccess access) throws ConnectorException {
        X509Certificate c = LdapProbes.ldapsCertificate(host, port, access, timeout);
        return new Probes.Validity(c.getNotBefore().toInstant(), c.getNotAfter().toInstant());
    }

    @Override
    public Duration skew(String host) throws ConnectorException {
        return LdapProbes.currentTime(host, 389, timeout, clock::instant).skew();
    }
}
