package org.odjc.diagnostics;

import org.odjc.domain.DistinguishedName;

/** The directory fake DiagnosisTest binds to keeps the directory probe's contract. */
class FakeDirectoryTest extends DirectoryProbeContract {
    private final DiagnosisTest.World world = new DiagnosisTest.World();

    @Override
    protected Probes.DirectoryProbe probe() {
        return world.probes().directory();
    }

    @Override
    protected Diagnosis.Domain domain() {
        return world.domain();
    }

    @Override
    protected String dc() {
        return DiagnosisTest.DC;
    }

    @Override
    protected String domainSid() {
        return "S-1-5-21-1-2-3";
    }

    @Override
    protected DistinguishedName ou() {
        return DiagnosisTest.dn("OU=odjc-diag,DC=corp,DC=example,DC=test");
    }
}
