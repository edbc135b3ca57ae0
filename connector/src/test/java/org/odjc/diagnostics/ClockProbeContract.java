package org.odjc.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.odjc.failure.ConnectorException;

/** What every {@link Probes.ClockProbe} answers, the adapter and the fake alike. */
public abstract class ClockProbeContract {
    /** The probe, whose host clock is off the DC's by a known amount. */
    protected abstract Probes.ClockProbe probe() throws Exception;

    /** The DC's clock minus the probe's host clock, as arranged. */
    protected abstract Duration arrangedSkew();

    protected abstract String dcHost();

    /** A host where no DC listens on 389. */
    protected abstract String silentHost();

    @Test
    void theSkewIsTheDcsClockMinusOursWithinASecond() throws Exception {
        Duration skew = probe().skew(dcHost());

        assertThat(skew.minus(arrangedSkew()).abs()).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void aHostWithoutADcThrowsWithACode() throws Exception {
        Probes.ClockProbe p = probe();

        ConnectorException e = catchThrowableOfType(() -> p.skew(silentHost()), ConnectorException.class);

        assertThat(e).isNotNull();
        assertThat(e.code().id()).startsWith("AD-");
    }
}
