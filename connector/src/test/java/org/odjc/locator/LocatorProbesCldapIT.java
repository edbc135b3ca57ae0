package org.odjc.locator;

import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.odjc.diagnostics.CldapProbeContract;
import org.odjc.diagnostics.Probes;
import org.odjc.testing.SambaDc;

/** The CLDAP adapter keeps the CLDAP probe's contract against the Samba DC; 127.0.0.1 answers no LDAP ping. */
class LocatorProbesCldapIT extends CldapProbeContract {
    private SambaDc dc;

    @BeforeEach
    void dc() {
        dc = SambaDc.require();
    }

    @Override
    protected Probes.CldapProbe probe() {
        return new LocatorProbes(Duration.ofMillis(500), 2);
    }

    @Override
    protected String dcAddress() {
        return dc.ip();
    }

    @Override
    protected String domain() {
        return dc.domain();
    }

    @Override
    protected String silentAddress() {
        return "127.0.0.1";
    }
}
