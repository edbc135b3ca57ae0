package org.odjc.ldap;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.odjc.diagnostics.CertificateProbeContract;
import org.odjc.diagnostics.Probes;
import org.odjc.provisioning.DirectoryAccess;
import org.odjc.testing.SambaDc;

/**
 * The LDAPS certificate adapter keeps the certificate probe's contract against the Samba DC: the
 * window it answers is that of the DC's own certificate file (tls/cert.pem next to the CA).
 */
class LdapCertificateProbeIT extends CertificateProbeContract {
    private SambaDc dc;

    @BeforeEach
    void dc() {
        dc = SambaDc.require();
    }

    @Override
    protected Probes.CertificateProbe probe() {
        return new LdapDiagnosticProbes(Duration.ofSeconds(2), Clock.systemUTC());
    }

    @Override
    protected String dcHost() {
        return dc.host();
    }

    @Override
    protected DirectoryAccess access() {
        return new DirectoryAccess(new DirectoryAccess.Bind.Simple(DirectoryAccess.Transport.LDAPS, dc.get("ODJC_DC_ADMIN_UPN"),
                new org.odjc.provisioning.PasswordSource.File(dc.adminPasswordFile().toString())),
                Optional.of(dc.caFile().toString()), false);
    }

    @Override
    protected Probes.Validity dcCertificate() throws Exception {
        Path cert = dc.caFile().resolveSibling("cert.pem");
        try (InputStream in = Files.newInputStream(cert)) {
            X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return new Probes.Validity(c.getNotBefore().toInstant(), c.getNotAfter().toInstant());
        }
    }

    @Override
    protected int closedPort() {
        return 1; // tcpmux: nothing listens
    }
}
