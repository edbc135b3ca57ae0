package org.odjc.odj;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odjc.domain.ComputerName;
import org.odjc.domain.DcFlags;
import org.odjc.domain.DcInfo;
import org.odjc.domain.DomainDnsName;
import org.odjc.domain.DomainFacts;
import org.odjc.domain.Guid;
import org.odjc.domain.IpAddress;
import org.odjc.domain.NetbiosDomainName;
import org.odjc.domain.Sid;
import org.odjc.domain.SiteName;
import org.odjc.testing.ItEnvironment;
import org.odjc.testing.ProcessResult;
import org.odjc.testing.Processes;
import org.odjc.testing.SambaClient;
import org.odjc.testing.SambaDc;

/**
 * A blob Samba's {@code net offlinejoin provision} makes against the live DC: our codec reads the
 * facts the DC has, and our factory, given those facts, the password and the RID, writes the
 * very same bytes.
 */
class NetProvisionInteropIT {
    @TempDir
    Path dir;

    @Test
    void factoryRebuildsALiveSambaBlobByteForByte() throws Exception {
        SambaDc dc = SambaDc.require();
        ItEnvironment.requireTool("net", "samba");
        String name = "ODJNET" + suffix();
        Path file = dir.resolve(name + ".txt");
        SambaClient provisioner = new SambaClient(dc, "ODJC-PROVISIONER", dir.resolve("provisioner"));
        ProcessResult r = Processes.run(List.of("net", "-s", dir.resolve("provisioner/smb.conf").toString(),
                "offlinejoin", "provision", "domain=" + dc.domain(), "machine_name=" + name, "dcname=" + dc.host(),
                "savefile=" + file, "-A", dc.netAuthFile().toString()), Map.of(), null, Duration.ofSeconds(60));
        String dn = "CN=" + name + ",CN=Computers," + dc.baseDn();
        try {
            assertThat(r.both()).as(r.toString()).contains("Successfully provisioned computer");
            byte[] ndr = DjoinText.toNdr(Files.readAllBytes(file)).ndr();
            OdjProvisionData blob = OdjCodec.decode(ndr);
            OdjWin7Blob win7 = blob.win7Blob().orElseThrow();
            long rid = blob.joinProv3().orElseThrow().rid();

            assertThat(win7.dnsDomainInfo().sid()).isEqualTo(Sid.parse(dc.domainSid()));
            assertThat(win7.dnsDomainInfo().domainGuid()).isEqualTo(Guid.parse(dc.domainGuid()));
            assertThat(win7.dnsDomainInfo().name().value()).isEqualTo(dc.netbios());
            assertThat(win7.dcInfo().flags()).isEqualTo(DcFlags.WRITABLE_GC_KDC_DNS);
            assertThat(Sid.fromBinary(HexFormat.of().parseHex(dc.attribute(dn, "objectSid"))).rid()).isEqualTo(rid);

            var facts = new DomainFacts(NetbiosDomainName.parse(dc.netbios()), DomainDnsName.parse(dc.domain()),
                    DomainDnsName.parse(dc.domain()), Guid.parse(dc.domainGuid()), Sid.parse(dc.domainSid()));
            var dcInfo = new DcInfo(DomainDnsName.parse(dc.host()), IpAddress.parse(dc.ip()), Guid.parse(dc.domainGuid()),
                    DomainDnsName.parse(dc.domain()), DomainDnsName.parse(dc.domain()), DcFlags.WRITABLE_GC_KDC_DNS,
                    SiteName.DEFAULT_FIRST_SITE, java.util.Optional.of(SiteName.DEFAULT_FIRST_SITE));
            byte[] ours = OdjCodec.encode(OdjBlobFactory.build(OdjBlobFactory.Spec.of(facts, dcInfo,
                    ComputerName.parse(name), win7.machinePassword(), rid)));
            assertThat(ours).isEqualTo(ndr);
        } finally {
            dc.ldap("ldapdelete", null, dn);
        }
    }

    private static String suffix() {
        return Long.toString(new SecureRandom().nextLong() & 0xFFFFFFFFL, 36).toUpperCase();
    }
}
