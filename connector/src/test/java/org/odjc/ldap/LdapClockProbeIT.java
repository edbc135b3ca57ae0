package org.odjc.ldap;

import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.odjc.diagnostics.ClockProbeContract;
import org.odjc.diagnostics.Probes;
import org.odjc.testing.SambaDc;

/**
 * The DC clock adapter keeps the clock probe's contract against the Samba DC, which runs on this
 * host's clock: the adapter's clock is set an hour ahead, so the DC's is an hour behind it.
 */
class LdapClockProbeIT extends ClockProbeContract {
    private SambaDc dc;

    @BeforeEach
    void dc() {
        dc = SambaDc.require();
    }

    @Override
    protected Probes.ClockProbe probe() {
        return new LdapDiagnosticProbes(Duration.ofSeconds(2), Clock.offset(Clock.systemUTC(), Duration.ofHours(1)));
    }

    @Override
    protected Duration arrangedSkew() {
        return Duration.ofHours(-1);
    }

    @Override
    protected String dcHost() {
        return dc.host();
    }

    @Override
    protected String silentHost() {
        return "127.0.0.2";
    }
}
