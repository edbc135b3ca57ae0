package org.odjc.odj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.odjc.domain.Guid;
import org.odjc.domain.MachinePassword;
import org.odjc.domain.Sid;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

/** The codec against blobs Windows and Samba made; expected values from the vectors' README. */
class OdjCodecVectorTest {

    @Test
    void vectorsAreTheOnesTheReadmeDescribes() throws Exception {
        assertThat(sha256(Vectors.bytes(Vectors.WINDOWS)))
                .isEqualTo("8226b561daa94047f7262f08acf24b96730f02231facb9a1f54f23d71baf681a");
        assertThat(sha256(Vectors.bytes(Vectors.TESTPC01)))
                .isEqualTo("1cb82e3b39a0ac90ae370b580ddca6254131fb70dd6de749fa4c917e570994b0");
        assertThat(sha256(Vectors.bytes(Vectors.RESEARCH01)))
                .isEqualTo("4290726eadfc6ee154d61b50250fbbd8edf3dcf8811505230d76a2989f5a80ae");
        assertThat(sha256(Vectors.bytes(Vectors.RESEARCH02)))
                .isEqualTo("9ab0cba8e6740455da6082b1ac762615edc1240d5a8d34237272c1b98384b338");
    }

    @Test
    void decodesEveryFieldOfTheWindowsMadeVector() throws Exception {
        OdjProvisionData data = OdjCodec.decode(Vectors.bytes(Vectors.WINDOWS));

        assertThat(data.blobs()).hasSize(2);
        OdjWin7Blob win7 = (OdjWin7Blob) data.blobs().get(0);
        assertThat(win7.domain()).isEqualTo("w2k19dom.ber.redhat.com");
        assertThat(win7.machineName()).isEqualTo("wurst2");
        assertThat(new String(win7.machinePassword().copyUnits())).isEqualTo("wurst2");
        assertThat(win7.options()).isEqualTo(4);
        OdjPolicyDnsDomainInfo dns = win7.dnsDomainInfo();
        assertThat(dns.name()).isEqualTo(new OdjUnicodeString("W2K19DOM", 18));
        assertThat(dns.name().length()).isEqualTo(16);
        assertThat(dns.dnsDomainName()).isEqualTo(new OdjUnicodeString("w2k19dom.ber.redhat.com", 48));
        assertThat(dns.dnsForestName()).isEqualTo(new OdjUnicodeString("w2k19dom.ber.redhat.com", 48));
        assertThat(dns.domainGuid()).isEqualTo(Guid.parse("c0761a96-e242-4ec2-9160-7a66a4ac4929"));
        assertThat(dns.sid()).isEqualTo(Sid.parse("S-1-5-21-306967272-1096148586-1957995587"));
        DomainControllerInfo dc = win7.dcInfo();
        assertThat(dc.domainControllerName()).isEqualTo("\\\\gdw2k19dc.w2k19dom.ber.redhat.com");
        assertThat(dc.domainControllerAddress()).isEqualTo("\\\\192.168.56.108");
        assertThat(dc.domainControllerAddressType()).isEqualTo(1);
        assertThat(dc.domainGuid()).isEqualTo(dns.domainGuid());
        assertThat(dc.domainName()).isEqualTo("w2k19dom.ber.redhat.com");
        assertThat(dc.dnsForestName()).isEqualTo("w2k19dom.ber.redhat.com");
        assertThat(dc.flags()).isEqualTo(0xe003f3fdL);
        assertThat(dc.dcSiteName()).isEqualTo("Default-First-Site-Name");
        assertThat(dc.clientSiteName()).isEqualTo("Default-First-Site-Name");

        OpPackage pkg = (OpPackage) data.blobs().get(1);
        assertThat(pkg.encryptionContext()).isEqualTo(OpBlob.NULL);
        assertThat(pkg.cbDecryptedPartCollection()).isZero();
        assertThat(pkg.extension()).isEqualTo(OpBlob.NULL);
        List<OpPackagePart> parts = pkg.parts().parts();
        assertThat(parts).hasSize(2);
        assertThat(parts.get(0).partType()).isEqualTo(PartPayload.JOIN_PROVIDER);
        assertThat(parts.get(0).flags()).isEqualTo(1);
        assertThat(parts.get(0).payload()).isEqualTo(win7);
        assertThat(parts.get(1).partType()).isEqualTo(PartPayload.JOIN_PROVIDER3);
        assertThat(parts.get(1).flags()).isZero();
        assertThat(parts.get(1).payload())
                .isEqualTo(new OpJoinProv3Part(1605, "S-1-5-21-306967272-1096148586-1957995587-1605"));
    }

    @Test
    void reencodesTheWindowsMadeVectorByteForByte() throws Exception {
        byte[] windows = Vectors.bytes(Vectors.WINDOWS);
        DecodedBlob decoded = OdjCodec.decodeTraced(windows);

        assertThat(OdjCodec.reencode(decoded)).isEqualTo(windows);
    }

    @Test
    void sambaNumberingDiffersFromWindowsOnlyInReferentIds() throws Exception {
        byte[] windows = Vectors.bytes(Vectors.WINDOWS);
        byte[] samba = OdjCodec.encode(OdjCodec.decode(windows));

        assertThat(samba).hasSameSizeAs(windows);
        // ndrdump --validate reports the first difference at 0x50: the Win7 blob's top-level referent
        assertThat(firstDifference(samba, windows)).isEqualTo(0x50);
        // Windows' referents are heap addresses: 0x934f9c80, 0x934ffc20, 0x9350bf90, 0x9350bf60
        assertThat(Arrays.copyOfRange(windows, 0x50, 0x60))
                .isEqualTo(HexFormat.of().parseHex("809c4f9320fc4f9390bf509360bf5093"));
        assertThat(Arrays.copyOfRange(samba, 0x50, 0x60))
                .isEqualTo(HexFormat.of().parseHex("000002000400020008000200ffffffff"));
        assertThat(OdjCodec.decode(samba)).isEqualTo(OdjCodec.decode(windows));
    }

    @ParameterizedTest
    @ValueSource(strings = {Vectors.TESTPC01, Vectors.RESEARCH01, Vectors.RESEARCH02})
    void reencodesSambaVectorsByteForByteWithSambaNumbering(String vector) throws Exception {
        byte[] samba = Vectors.bytes(vector);

        assertThat(OdjCodec.encode(OdjCodec.decode(samba))).isEqualTo(samba);
    }

    @Test
    void decodesTheSambaVectorsWithTheirExpectedValues() throws Exception {
        for (String vector : List.of(Vectors.TESTPC01, Vectors.RESEARCH01, Vectors.RESEARCH02)) {
            OdjProvisionData data = OdjCodec.decode(Vectors.bytes(vector));
            OdjWin7Blob win7 = data.win7Blob().orElseThrow();
            assertThat(win7.domain()).isEqualTo("corp.example.test");
            assertThat(win7.options()).isEqualTo(6);
            assertThat(win7.dnsDomainInfo().name()).isEqualTo(new OdjUnicodeString("CORP", 10));
            assertThat(win7.dnsDomainInfo().dnsDomainName()).isEqualTo(new OdjUnicodeString("corp.example.test", 36));
            assertThat(win7.dnsDomainInfo().domainGuid()).isEqualTo(Guid.parse("92de6c92-077f-45ef-a18a-0fc4a44f636f"));
            assertThat(win7.dnsDomainInfo().sid()).isEqualTo(Sid.parse("S-1-5-21-4179786682-758193429-3305259385"));
            assertThat(win7.dcInfo().domainControllerName()).isEqualTo("\\\\dc1.corp.example.test");
            assertThat(win7.dcInfo().domainControllerAddress()).isEqualTo("\\\\127.0.0.10");
            assertThat(win7.dcInfo().flags()).isEqualTo(0xe00013fdL);
            assertThat(((OpPackage) data.blobs().get(1)).parts().parts().get(0).payload()).isEqualTo(win7);
        }
        OdjProvisionData testpc = OdjCodec.decode(Vectors.bytes(Vectors.TESTPC01));
        assertThat(testpc.win7Blob().orElseThrow().machineName()).isEqualTo("TESTPC01");
        assertThat(testpc.win7Blob().orElseThrow().machinePassword().length()).isEqualTo(120);
        assertThat(testpc.joinProv3()).contains(new OpJoinProv3Part(1103, "S-1-5-21-4179786682-758193429-3305259385-1103"));
        OdjProvisionData research02 = OdjCodec.decode(Vectors.bytes(Vectors.RESEARCH02));
        MachinePassword defpwd = research02.win7Blob().orElseThrow().machinePassword();
        assertThat(new String(defpwd.copyUnits())).isEqualTo("RESEARCH02");
        assertThat(research02.joinProv3().orElseThrow().rid()).isEqualTo(1145);
        assertThat(OdjCodec.decode(Vectors.bytes(Vectors.RESEARCH01)).joinProv3().orElseThrow().rid()).isEqualTo(1144);
    }

    @Test
    void midlNumberingReproducesThePlainReferentsVariant() throws Exception {
        OdjProvisionData research01 = OdjCodec.decode(Vectors.bytes(Vectors.RESEARCH01));

        assertThat(OdjCodec.PROVISION_DATA.encode(research01, Numbering.MIDL))
                .isEqualTo(Vectors.bytes(Vectors.PLAIN_REFS));
        assertThat(OdjCodec.decode(Vectors.bytes(Vectors.PLAIN_REFS))).isEqualTo(research01);
    }

    @Test
    void decodesSingleBlobVariantsAndFindsTheWin7DataInEither() throws Exception {
        OdjProvisionData research01 = OdjCodec.decode(Vectors.bytes(Vectors.RESEARCH01));
        OdjProvisionData onlyWin7 = OdjCodec.decode(Vectors.bytes(Vectors.ONLY_WIN7));
        OdjProvisionData onlyPackage = OdjCodec.decode(Vectors.bytes(Vectors.ONLY_PACKAGE));

        assertThat(onlyWin7.blobs()).containsExactly(research01.blobs().get(0));
        assertThat(onlyWin7.joinProv3()).isEmpty();
        assertThat(onlyPackage.blobs()).containsExactly(research01.blobs().get(1));
        assertThat(onlyPackage.win7Blob()).isEqualTo(research01.win7Blob());
        assertThat(OdjCodec.encode(onlyWin7)).isEqualTo(Vectors.bytes(Vectors.ONLY_WIN7));
        assertThat(OdjCodec.encode(onlyPackage)).isEqualTo(Vectors.bytes(Vectors.ONLY_PACKAGE));
    }

    @Test
    void rejectsAnyVersionButOne() {
        assertThatThrownBy(() -> OdjCodec.decode(Vectors.bytes(Vectors.VERSION2)))
                .isInstanceOf(ConnectorException.class)
                .extracting(e -> ((ConnectorException) e).code()).isEqualTo(FailureCode.ODJ_UNSUPPORTED_VERSION);
    }

    @Test
    void decodesAndReencodesEachLayerSliceOfTheWindowsVector() throws Exception {
        byte[] whole = Vectors.bytes(Vectors.WINDOWS);
        byte[] win7 = Vectors.bytes("derived/ODJ_PROVISION_DATA_data.win7blob.bin");
        byte[] pkg = Vectors.bytes("derived/ODJ_PROVISION_DATA_data.op_package.bin");
        byte[] collection = Vectors.bytes("derived/ODJ_PROVISION_DATA_data.part_collection.bin");
        byte[] jp3 = Vectors.bytes("derived/ODJ_PROVISION_DATA_data.joinprov3.bin");

        assertThat(win7).isEqualTo(Arrays.copyOfRange(whole, 0x40, 0x40 + 792));
        assertThat(win7).isEqualTo(Arrays.copyOfRange(whole, 0x414, 0x414 + 792));
        assertRoundTrip(OdjCodec.WIN7_BLOB, win7);
        assertRoundTrip(OdjCodec.PACKAGE, pkg);
        assertRoundTrip(OdjCodec.PART_COLLECTION, collection);
        assertRoundTrip(OdjCodec.JOINPROV3, jp3);
        assertThat(OdjCodec.JOINPROV3.decode(jp3))
                .isEqualTo(new OpJoinProv3Part(1605, "S-1-5-21-306967272-1096148586-1957995587-1605"));
        // MIDL numbering of a layer without Samba's constant equals Samba's
        assertThat(OdjCodec.JOINPROV3.encode(OdjCodec.JOINPROV3.decode(jp3), Numbering.MIDL)).isEqualTo(jp3);
    }

    private static <T> void assertRoundTrip(OdjCodec.Layer<T> layer, byte[] bytes) throws ConnectorException {
        OdjCodec.Traced<T> traced = layer.decodeTraced(bytes);
        assertThat(layer.encode(traced.value(), traced.trace())).as(layer.name()).isEqualTo(bytes);
    }

    private static int firstDifference(byte[] a, byte[] b) {
        return Arrays.mismatch(a, b);
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
