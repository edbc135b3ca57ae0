package org.odjc.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.provisioning.DirectoryAccess;

/** What every {@link Probes.CertificateProbe} answers, the adapter and the fake alike. */
public abstract class CertificateProbeContract {
    protected abstract Probes.CertificateProbe probe() throws Exception;

    /** The DC's name (as its certificate names it). */
    protected abstract String dcHost();

    /** Access that trusts the DC's certificate. */
    protected abstract DirectoryAccess access();

    /** The validity of the certificate the DC presents on 636, read elsewhere (its file, the fake's world). */
    protected abstract Probes.Validity dcCertificate() throws Exception;

    /** A port on the DC's host where nothing listens. */
    protected abstract int closedPort();

    @Test
    void theDcsCertificateIsAnsweredWithItsOwnValidityWindow() throws Exception {
        Probes.Validity v = probe().ldaps(dcHost(), 636, access());

        assertThat(v.notBefore()).isBefore(v.notAfter());
        assertThat(v).isEqualTo(dcCertificate());
    }

    @Test
    void aPortWhereNothingListensYieldsDiag003() throws Exception {
        Probes.CertificateProbe p = probe();

        ConnectorException e = catchThrowableOfType(() -> p.ldaps(dcHost(), closedPort(), access()),
                ConnectorException.class);

        assertThat(e.code()).isEqualTo(FailureCode.DIAG_PORT_CLOSED);
    }
}
