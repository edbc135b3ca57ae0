package org.odjc.diagnostics;

import java.time.Instant;

/** The dispatcher fake DiagnosisTest probes keeps the dispatcher probe's contract. */
class FakeDispatcherTest extends DispatcherProbeContract {
    private final DiagnosisTest.World world = new DiagnosisTest.World();

    @Override
    protected Probes.DispatcherProbe probe() {
        return world.probes().dispatcher();
    }

    @Override
    protected String connectorId() {
        return "c-diag";
    }

    @Override
    protected Instant now() {
        return DiagnosisTest.NOW;
    }

    @Override
    protected void stopDispatcher() {
        world.dispatcherDown = true;
    }
}
