package org.odjc.odj;

import org.odjc.domain.DcFlags;
import org.odjc.domain.DcInfo;
import org.odjc.domain.DomainDnsName;
import org.odjc.domain.DomainFacts;
import org.odjc.domain.Guid;
import org.odjc.domain.IpAddress;
import org.odjc.domain.NetbiosDomainName;
import org.odjc.domain.Sid;
import org.odjc.domain.SiteName;

/** The lab domain the Samba test vectors were made in (testdata README section 3). */
public final class Lab {
    private Lab() {
    }

    public static DomainFacts domain() throws Exception {
        return new DomainFacts(NetbiosDomainName.parse("CORP"), DomainDnsName.parse("corp.example.test"),
                DomainDnsName.parse("corp.example.test"), Guid.parse("92de6c92-077f-45ef-a18a-0fc4a44f636f"),
                Sid.parse("S-1-5-21-4179786682-758193429-3305259385"));
    }

    public static DcInfo dc() throws Exception {
        return new DcInfo(DomainDnsName.parse("dc1.corp.example.test"), IpAddress.parse("127.0.0.10"),
                Guid.parse("92de6c92-077f-45ef-a18a-0fc4a44f636f"), DomainDnsName.parse("corp.example.test"),
                DomainDnsName.parse("corp.example.test"), DcFlags.WRITABLE_GC_KDC_DNS, SiteName.DEFAULT_FIRST_SITE,
                java.util.Optional.of(SiteName.DEFAULT_FIRST_SITE));
    }
}
