package org.odjc.diagnostics;

/** The CLDAP fake DiagnosisTest pings keeps the CLDAP probe's contract. */
class FakeCldapTest extends CldapProbeContract {
    private final DiagnosisTest.World world = new DiagnosisTest.World();

    @Override
    protected Probes.CldapProbe probe() {
        return world.probes().cldap();
    }

    @Override
    protected String dcAddress() {
        return DiagnosisTest.DC_IP;
    }

    @Override
    protected String domain() {
        return DiagnosisTest.DOMAIN;
    }

    @Override
    protected String silentAddress() {
        return "127.0.0.1";
    }
}
