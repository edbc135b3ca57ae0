package org.odjc.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

/** What every {@link Probes.CldapProbe} answers, the adapter and the fake alike. */
public abstract class CldapProbeContract {
    protected abstract Probes.CldapProbe probe() throws Exception;

    /** A writable DC's address literal. */
    protected abstract String dcAddress();

    /** The DC's domain (DNS name). */
    protected abstract String domain();

    /** An address where no DC answers CLDAP. */
    protected abstract String silentAddress();

    @Test
    void aWritableDcAnswersWithItsSiteARoundTripAndWritable() throws Exception {
        Probes.CldapAnswer a = probe().ping(dcAddress(), domain());

        assertThat(a.dcSite()).isNotBlank();
        assertThat(a.writable()).isTrue();
        assertThat(a.roundTrip().isNegative()).isFalse();
        assertThat(a.clientSite()).isNotNull();
    }

    @Test
    void aDomainTheDcIsNotOfGetsNoReplyWhichIsDc003() throws Exception {
        Probes.CldapProbe p = probe();

        ConnectorException e = catchThrowableOfType(() -> p.ping(dcAddress(), "nosuch-" + domain()),
                ConnectorException.class);

        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(FailureCode.DC_PING_UNANSWERED);
        assertThat(e.detail()).isNotBlank();
    }

    @Test
    void anAddressWhereNoDcListensYieldsDc003() throws Exception {
        Probes.CldapProbe p = probe();

        ConnectorException e = catchThrowableOfType(() -> p.ping(silentAddress(), domain()), ConnectorException.class);

        assertThat(e.code()).isEqualTo(FailureCode.DC_PING_UNANSWERED);
    }
}
