package org.odjc.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

/** What every {@link Probes.DispatcherProbe} answers, the adapter and the fake alike. */
public abstract class DispatcherProbeContract {
    /** The probe of a connector enrolled as {@link #connectorId()} with a dispatcher that is up. */
    protected abstract Probes.DispatcherProbe probe() throws Exception;

    protected abstract String connectorId();

    /** The instant the enrolled certificate is judged at (the fake's or the real clock). */
    protected abstract Instant now();

    /** Takes the dispatcher down. */
    protected abstract void stopDispatcher() throws Exception;

    @Test
    void theEnrolledIdentityIsAnsweredWithACertificateValidNow() throws Exception {
        Probes.Enrolled e = probe().load();

        assertThat(e.connectorId()).isEqualTo(connectorId());
        assertThat(e.certificate().notBefore()).isBefore(e.certificate().notAfter());
        assertThat(now()).isBetween(e.certificate().notBefore(), e.certificate().notAfter());
    }

    @Test
    void aDispatcherThatIsUpAnswersTheProbeWithARoundTripWithoutAProxy() throws Exception {
        Duration rtt = probe().load().probe(new Probes.Route.NoProxy());

        assertThat(rtt.isNegative()).isFalse();
    }

    @Test
    void aDispatcherThatIsDownYieldsCloud002() throws Exception {
        Probes.Enrolled e = probe().load();
        stopDispatcher();

        ConnectorException x = catchThrowableOfType(() -> e.probe(new Probes.Route.NoProxy()), ConnectorException.class);

        assertThat(x.code()).isEqualTo(FailureCode.CLOUD_UNREACHABLE);
    }
}
