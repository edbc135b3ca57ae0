package org.odjc.diagnostics;

import java.time.Duration;

/** The DC clock fake DiagnosisTest reads keeps the clock probe's contract: the DC 90 s ahead. */
class FakeDcClockTest extends ClockProbeContract {
    private final DiagnosisTest.World world = new DiagnosisTest.World();

    @Override
    protected Probes.ClockProbe probe() {
        world.dcNow = DiagnosisTest.NOW.plusSeconds(90);
        return world.probes().dcClock();
    }

    @Override
    protected Duration arrangedSkew() {
        return Duration.ofSeconds(90);
    }

    @Override
    protected String dcHost() {
        return DiagnosisTest.DC;
    }

    @Override
    protected String silentHost() {
        return "127.0.0.2";
    }
}
