package org.odjc.diagnostics;

import org.odjc.provisioning.DirectoryAccess;

/** The certificate fake DiagnosisTest reads keeps the certificate probe's contract. */
class FakeCertificatesTest extends CertificateProbeContract {
    private final DiagnosisTest.World world = new DiagnosisTest.World();

    @Override
    protected Probes.CertificateProbe probe() {
        return world.probes().certificates();
    }

    @Override
    protected String dcHost() {
        return DiagnosisTest.DC;
    }

    @Override
    protected DirectoryAccess access() {
        return world.access;
    }

    @Override
    protected Probes.Validity dcCertificate() {
        return world.dcCertificate;
    }

    @Override
    protected int closedPort() {
        return 3269;
    }
}
