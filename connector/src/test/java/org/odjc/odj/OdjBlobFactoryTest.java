package org.odjc.odj;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.odjc.domain.ComputerName;
import org.odjc.domain.DomainDnsName;
import org.odjc.domain.MachinePassword;
import org.odjc.domain.SiteName;

class OdjBlobFactoryTest {

    @Test
    void buildsTheBlobSambaBuiltByteForByte() throws Exception {
        byte[] samba = Vectors.bytes(Vectors.TESTPC01);
        MachinePassword password = OdjCodec.decode(samba).win7Blob().orElseThrow().machinePassword();

        OdjProvisionData built = OdjBlobFactory.build(
                OdjBlobFactory.Spec.of(Lab.domain(), Lab.dc(), ComputerName.parse("TESTPC01"), password, 1103));

        assertThat(OdjCodec.encode(built)).isEqualTo(samba);
    }

    @Test
    void buildsTheDefaultPasswordBlobInAnotherOuByteForByte() throws Exception {
        byte[] samba = Vectors.bytes(Vectors.RESEARCH02);
        MachinePassword password = MachinePassword.fromUtf8File("RESEARCH02".getBytes());

        OdjProvisionData built = OdjBlobFactory.build(
                OdjBlobFactory.Spec.of(Lab.domain(), Lab.dc(), ComputerName.parse("RESEARCH02"), password, 1145));

        assertThat(OdjCodec.encode(built)).isEqualTo(samba);
    }

    @Test
    void optionalPartsComeAfterTheJoinProvidersAndDecodeBack() throws Exception {
        MachinePassword password = MachinePassword.random(new Random(7));
        byte[] fakeCa = {0x30, 0x03, 0x02, 0x01, 0x01};
        var spec = OdjBlobFactory.Spec.of(Lab.domain(), Lab.dc(), ComputerName.parse("PC-7"), password, 4242)
                .withJoinProvider2(new OdjBlobFactory.JoinProvider2(ComputerName.parse("PC-7"),
                        SiteName.parse("Branch-1"), DomainDnsName.parse("corp.example.test"), true))
                .withRootCaCertificates(List.of(fakeCa));

        OdjProvisionData built = OdjBlobFactory.build(spec);
        OdjProvisionData decoded = OdjCodec.decode(OdjCodec.encode(built));

        assertThat(decoded).isEqualTo(built);
        List<OpPackagePart> parts = ((OpPackage) decoded.blobs().get(1)).parts().parts();
        assertThat(parts).extracting(OpPackagePart::partType).containsExactly(PartPayload.JOIN_PROVIDER,
                PartPayload.JOIN_PROVIDER2, PartPayload.JOIN_PROVIDER3, PartPayload.CERT_PROVIDER);
        assertThat(parts).extracting(OpPackagePart::isEssential).containsExactly(true, false, false, false);
        assertThat(parts.get(1).payload()).isEqualTo(new OpJoinProv2Part(OpJoinProv2Part.PERSISTENT_SITE, "PC-7",
                "Branch-1", "corp.example.test", 0, null));
        OpCertPart cert = (OpCertPart) parts.get(3).payload();
        assertThat(cert.sstStores()).singleElement().satisfies(s -> {
            assertThat(s.storeName()).isEqualTo("ROOT");
            assertThat(s.storeLocation()).isEqualTo(OpCertPart.CERT_SYSTEM_STORE_LOCAL_MACHINE);
            assertThat(s.sst().bytes()).isEqualTo(SerializedCertStore.of(List.of(fakeCa)));
        });
        assertThat(decoded.joinProv3()).contains(new OpJoinProv3Part(4242, "S-1-5-21-4179786682-758193429-3305259385-4242"));
    }

    @Test
    void serializedStoreHasTheHeaderOneElementPerCertificateAndTheEndMarker() {
        byte[] a = {0x30, 0x01, 0x00};
        byte[] store = SerializedCertStore.of(List.of(a));

        assertThat(store).containsExactly(
                0, 0, 0, 0, 'C', 'E', 'R', 'T',
                0x20, 0, 0, 0, 1, 0, 0, 0, 3, 0, 0, 0, 0x30, 0x01, 0x00,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }
}
