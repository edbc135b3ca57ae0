package org.odjc.diagnostics;

/** The keytab fake DiagnosisTest reads keeps the keytab probe's contract. */
class FakeKeytabsTest extends KeytabProbeContract {
    private final DiagnosisTest.World world = new DiagnosisTest.World();

    @Override
    protected Probes.KeytabProbe probe() {
        return world.probes().keytab();
    }

    @Override
    protected String keytab() {
        return DiagnosisTest.KEYTAB;
    }

    @Override
    protected String notAKeytab() {
        return "/etc/odjc/odjc.yaml";
    }

    @Override
    protected String missing() {
        return "/etc/odjc/nosuch.keytab";
    }
}
