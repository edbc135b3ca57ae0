package org.odjc.locator;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.odjc.diagnostics.Diagnosis;
import org.odjc.diagnostics.DnsProbeContract;
import org.odjc.diagnostics.Probes;
import org.odjc.domain.DomainDnsName;
import org.odjc.domain.IpAddress;
import org.odjc.provisioning.DirectoryAccess;
import org.odjc.provisioning.OuAllowList;
import org.odjc.testing.SambaDc;

/** The DNS adapter keeps the DNS probe's contract against the Samba DC's DNS server; 127.0.0.2 answers nothing. */
class LocatorProbesDnsIT extends DnsProbeContract {
    private SambaDc dc;

    @BeforeEach
    void dc() {
        dc = SambaDc.require();
    }

    static Diagnosis.Domain domain(SambaDc dc, String dnsServer) throws Exception {
        return new Diagnosis.Domain(DomainDnsName.parse(dc.domain()), List.of(), List.of(IpAddress.parse(dnsServer)),
                new DirectoryAccess(new DirectoryAccess.Bind.Simple(DirectoryAccess.Transport.LDAPS, dc.get("ODJC_DC_ADMIN_UPN"),
                        new org.odjc.provisioning.PasswordSource.File(dc.adminPasswordFile().toString())),
                        Optional.of(dc.caFile().toString()), false),
                OuAllowList.ANY);
    }

    @Override
    protected Probes.DnsProbe probe() {
        return new LocatorProbes(Duration.ofSeconds(2), 2);
    }

    @Override
    protected Diagnosis.Domain domain() throws Exception {
        return domain(dc, dc.ip());
    }

    @Override
    protected Diagnosis.Domain unreachable() throws Exception {
        return domain(dc, "127.0.0.2");
    }

    @Override
    protected String dcHost() {
        return dc.host();
    }

    @Override
    protected String dcAddress() {
        return dc.ip();
    }
}
