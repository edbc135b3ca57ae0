package org.odjc.odj;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.odjc.domain.ComputerName;
import org.odjc.domain.DcInfo;
import org.odjc.domain.DomainDnsName;
import org.odjc.domain.DomainFacts;
import org.odjc.domain.MachinePassword;
import org.odjc.domain.SiteName;

/**
 * Builds the blob {@code djoin /provision} would: blob [0] the Win7 blob, blob [1] an OP_PACKAGE
 * with the JOIN_PROVIDER part (ESSENTIAL, the same Win7 blob) and the JOIN_PROVIDER3 part (RID and
 * account SID), optionally a JOIN_PROVIDER2 part and a root-CA certificate part. Pure and thread-safe.
 */
public final class OdjBlobFactory {
    private OdjBlobFactory() {
    }

    /**
     * The optional JOIN_PROVIDER2 part: the NetBIOS name, the site the device should keep
     * ({@code OP_JP2_FLAG_PERSISTENTSITE}) and its primary DNS suffix.
     */
    public record JoinProvider2(ComputerName netbiosName, SiteName site, DomainDnsName primaryDnsDomain,
            boolean persistentSite) {
        public JoinProvider2 {
            Objects.requireNonNull(netbiosName, "netbiosName");
        }
    }

    /**
     * Everything a blob carries.
     *
     * @param rid the account's RID (last sub-authority of its objectSid)
     * @param options the Win7 blob's {@code Options}; {@link OdjWin7Blob#DEFAULT_OPTIONS} as Samba writes
     * @param rootCaCertificates DER certificates for the device's LocalMachine ROOT store; empty for none
     */
    public record Spec(
            DomainFacts domain,
            DcInfo dc,
            ComputerName machine,
            MachinePassword password,
            long rid,
            long options,
            Optional<JoinProvider2> joinProvider2,
            List<byte[]> rootCaCertificates) {

        public Spec {
            Objects.requireNonNull(domain, "domain");
            Objects.requireNonNull(dc, "dc");
            Objects.requireNonNull(machine, "machine");
            Objects.requireNonNull(password, "password");
            Ulong.check(rid, "rid");
            Ulong.check(options, "options");
            Objects.requireNonNull(joinProvider2, "joinProvider2");
            rootCaCertificates = rootCaCertificates.stream().map(byte[]::clone).toList();
        }

        /** The usual blob: default options, no JOIN_PROVIDER2, no certificates. */
        public static Spec of(DomainFacts domain, DcInfo dc, ComputerName machine, MachinePassword password, long rid) {
            return new Spec(domain, dc, machine, password, rid, OdjWin7Blob.DEFAULT_OPTIONS, Optional.empty(), List.of());
        }

        public Spec withOptions(long newOptions) {
            return new Spec(domain, dc, machine, password, rid, newOptions, joinProvider2, rootCaCertificates);
        }

        public Spec withJoinProvider2(JoinProvider2 part) {
            return new Spec(domain, dc, machine, password, rid, options, Optional.of(part), rootCaCertificates);
        }

        public Spec withRootCaCertificates(List<byte[]> der) {
            return new Spec(domain, dc, machine, password, rid, options, joinProvider2, der);
        }
    }

    public static OdjProvisionData build(Spec spec) {
        OdjWin7Blob win7 = win7Blob(spec);
        List<OpPackagePart> parts = new ArrayList<>();
        parts.add(OpPackagePart.of(OpPackagePart.ESSENTIAL, win7));
        spec.joinProvider2().ifPresent(jp2 -> parts.add(OpPackagePart.of(0, new OpJoinProv2Part(
                jp2.persistentSite() ? OpJoinProv2Part.PERSISTENT_SITE : 0,
                jp2.netbiosName().value(),
                jp2.site() == null ? null : jp2.site().value(),
                jp2.primaryDnsDomain() == null ? null : jp2.primaryDnsDomain().value(),
                0, null))));
        parts.add(OpPackagePart.of(0,
                new OpJoinProv3Part(spec.rid(), spec.domain().domainSid().withRid(spec.rid()).toString())));
        if (!spec.rootCaCertificates().isEmpty()) {
            // Non-essential: a consumer that cannot install certificates still joins.
            var root = new OpCertPart.SstStore(OpCertPart.CERT_SYSTEM_STORE_LOCAL_MACHINE, "ROOT",
                    OpBlob.wrap(SerializedCertStore.of(spec.rootCaCertificates())));
            parts.add(OpPackagePart.of(0, new OpCertPart(List.of(), List.of(root), OpBlob.NULL)));
        }
        return new OdjProvisionData(List.of(win7, OpPackage.of(OpPackagePartCollection.of(parts))));
    }

    private static OdjWin7Blob win7Blob(Spec spec) {
        DomainFacts d = spec.domain();
        DcInfo dc = spec.dc();
        var dnsInfo = new OdjPolicyDnsDomainInfo(
                OdjUnicodeString.of(d.netbiosName().value()),
                OdjUnicodeString.of(d.dnsDomainName().value()),
                OdjUnicodeString.of(d.dnsForestName().value()),
                d.domainGuid(),
                d.domainSid());
        var dcInfo = new DomainControllerInfo(
                "\\\\" + dc.hostName().value(),
                "\\\\" + dc.address().value(),
                DcInfo.DS_INET_ADDRESS,
                dc.domainGuid(),
                dc.domainName().value(),
                dc.forestName().value(),
                dc.flags(),
                dc.dcSite().value(),
                dc.clientSite().map(SiteName::value).orElse(null));
        return new OdjWin7Blob(d.dnsDomainName().value(), spec.machine().value(), spec.password(), dnsInfo, dcInfo,
                spec.options());
    }
}
