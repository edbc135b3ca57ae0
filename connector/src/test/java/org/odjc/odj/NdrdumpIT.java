package org.odjc.odj;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odjc.domain.ComputerName;
import org.odjc.domain.DomainDnsName;
import org.odjc.domain.MachinePassword;
import org.odjc.domain.SiteName;
import org.odjc.testing.ItEnvironment;
import org.odjc.testing.ProcessResult;
import org.odjc.testing.Processes;

/**
 * Samba's own NDR code judges the blobs our factory builds: {@code ndrdump} must parse them, and
 * {@code --validate} (Samba re-encodes what it parsed and compares) must find no differing byte.
 */
class NdrdumpIT {
    @TempDir
    Path dir;

    @BeforeAll
    static void needsNdrdump() {
        ItEnvironment.requireTool("ndrdump", "samba-testsuite");
    }

    private static OdjBlobFactory.Spec spec(String machine) throws Exception {
        return OdjBlobFactory.Spec.of(Lab.domain(), Lab.dc(),
                ComputerName.parse(machine), MachinePassword.random(new SecureRandom()), 1234);
    }

    @Test
    void sambaParsesAndReencodesTheStandardBlobIdentically() throws Exception {
        byte[] ndr = OdjCodec.encode(OdjBlobFactory.build(spec("ODJ-NDR01")));

        ProcessResult r = ndrdump("ODJ_PROVISION_DATA_serialized_ptr", ndr, true);

        assertParsedIdentically(r);
        assertThat(r.out()).contains("lpMachineName            : 'ODJ-NDR01'", "Rid                      : 0x000004d2 (1234)",
                "lpSid                    : 'S-1-5-21-4179786682-758193429-3305259385-1234'",
                "dc_flags                 : 0xe00013fd", "<REDACTED SECRET VALUE>");
    }

    @Test
    void sambaParsesTheOptionalJoinProvider2AndCertificateParts() throws Exception {
        byte[] ca = Files.readAllBytes(Path.of(NdrdumpIT.class.getResource("/certs/test-root-ca.der").toURI()));
        var spec = spec("ODJ-NDR02")
                .withJoinProvider2(new OdjBlobFactory.JoinProvider2(ComputerName.parse("ODJ-NDR02"),
                        SiteName.parse("Branch-1"), DomainDnsName.parse("corp.example.test"), true))
                .withRootCaCertificates(List.of(ca));
        byte[] ndr = OdjCodec.encode(OdjBlobFactory.build(spec));

        ProcessResult r = ndrdump("ODJ_PROVISION_DATA_serialized_ptr", ndr, true);

        assertParsedIdentically(r);
        assertThat(r.out()).contains("lpNetbiosName            : 'ODJ-NDR02'", "lpSiteName               : 'Branch-1'",
                "lpPrimaryDNSDomain       : 'corp.example.test'", "cSstStores               : 0x00000001 (1)",
                "StoreLocation            : 0x00020000 (131072)", "pStoreName               : 'ROOT'");
    }

    @Test
    void sambaParsesMidlNumbering() throws Exception {
        byte[] ndr = OdjCodec.PROVISION_DATA.encode(OdjBlobFactory.build(spec("ODJ-NDR03")), Numbering.MIDL);

        ProcessResult r = ndrdump("ODJ_PROVISION_DATA_serialized_ptr", ndr, false);

        assertThat(r.both()).contains("pull returned Success", "dump OK");
    }

    @Test
    void sambaParsesEachLayerOnItsOwn() throws Exception {
        OdjProvisionData data = OdjBlobFactory.build(spec("ODJ-NDR04"));
        OpPackage pkg = (OpPackage) data.blobs().get(1);

        assertParsedIdentically(ndrdump("OP_PACKAGE_serialized_ptr", OdjCodec.PACKAGE.encode(pkg, Numbering.SAMBA), true));
        assertParsedIdentically(ndrdump("OP_PACKAGE_PART_COLLECTION_serialized_ptr",
                OdjCodec.PART_COLLECTION.encode(pkg.parts(), Numbering.SAMBA), true));
        assertParsedIdentically(ndrdump("OP_JOINPROV3_PART_serialized_ptr",
                OdjCodec.JOINPROV3.encode(data.joinProv3().orElseThrow(), Numbering.SAMBA), true));
    }

    private ProcessResult ndrdump(String type, byte[] ndr, boolean validate) throws Exception {
        Path file = Files.createTempFile(dir, "blob", ".bin");
        Files.write(file, ndr);
        List<String> cmd = validate
                ? List.of("ndrdump", "--validate", "ODJ", type, "struct", file.toString())
                : List.of("ndrdump", "ODJ", type, "struct", file.toString());
        return Processes.run(cmd);
    }

    private static void assertParsedIdentically(ProcessResult r) {
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.both()).as(r.toString()).contains("pull returned Success", "push returned Success", "dump OK")
                .doesNotContain("differ");
    }
}
