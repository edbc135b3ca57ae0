package org.odjc.diagnostics;

/** The DNS fake DiagnosisTest resolves through keeps the DNS probe's contract. */
class FakeDnsTest extends DnsProbeContract {
    private final DiagnosisTest.World world = new DiagnosisTest.World();

    @Override
    protected Probes.DnsProbe probe() {
        return world.probes().dns();
    }

    @Override
    protected Diagnosis.Domain domain() {
        return world.domain();
    }

    @Override
    protected Diagnosis.Domain unreachable() {
        world.dnsUnreachable = true;
        return domain();
    }

    @Override
    protected String dcHost() {
        return DiagnosisTest.DC;
    }

    @Override
    protected String dcAddress() {
        return DiagnosisTest.DC_IP;
    }
}
