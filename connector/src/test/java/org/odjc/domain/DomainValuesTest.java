package org.odjc.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

class DomainValuesTest {

    @Test
    void sidRoundTripsThroughTextAndBinary() throws Exception {
        Sid sid = Sid.parse("S-1-5-21-4179786682-758193429-3305259385");

        assertThat(sid.toString()).isEqualTo("S-1-5-21-4179786682-758193429-3305259385");
        assertThat(HexFormat.of().formatHex(sid.toBinary())).isEqualTo("010400000000000515000000ba7b22f9151d312d794102c5");
        assertThat(Sid.fromBinary(sid.toBinary())).isEqualTo(sid);
        assertThat(sid.withRid(1103).rid()).isEqualTo(1103);
        assertThat(sid.isDomainOf(sid.withRid(1103))).isTrue();
        assertThat(Sid.parse("S-1-0x123456789ABC-1").toString()).isEqualTo("S-1-0x123456789ABC-1");
    }

    @Test
    void malformedSidsAreRejectedWithTheirCode() {
        for (String bad : new String[] {"", "S-2-5-21", "X-1-5", "S-1-5-21-", "S-1-5-4294967296", "S-1--1",
            "S-1-5-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15-16", "S-1-+5-1"}) {
            assertThat(code(() -> Sid.parse(bad))).as(bad).isEqualTo(FailureCode.INPUT_BAD_SID);
        }
    }

    @Test
    void guidUsesTheMixedEndianWireForm() throws Exception {
        Guid g = Guid.parse("{92DE6C92-077F-45EF-A18A-0FC4A44F636F}");
        byte[] wire = new byte[16];
        g.toWire(wire, 0);

        assertThat(HexFormat.of().formatHex(wire)).isEqualTo("926cde927f07ef45a18a0fc4a44f636f");
        assertThat(Guid.fromWire(wire, 0)).isEqualTo(g);
        assertThat(g.toString()).isEqualTo("92de6c92-077f-45ef-a18a-0fc4a44f636f");
        assertThat(code(() -> Guid.parse("92de6c92-077f-45ef-a18a"))).isEqualTo(FailureCode.INPUT_BAD_GUID);
        assertThat(code(() -> Guid.parse("{92de6c92-077f-45ef-a18a-0fc4a44f636f"))).isEqualTo(FailureCode.INPUT_BAD_GUID);
    }

    @Test
    void computerNamesFollowNetbiosRules() throws Exception {
        assertThat(ComputerName.parse("wurst2").samAccountName()).isEqualTo("WURST2$");
        assertThat(ComputerName.parse("PC-01").fqdn(DomainDnsName.parse("Corp.Example.Test")))
                .isEqualTo("pc-01.corp.example.test");
        for (String bad : new String[] {"", "1234", "ABCDEFGHIJKLMNOP", "PC.01", "PC 01", "-PC", "PC-", "PC_01", "PC$"}) {
            assertThat(code(() -> ComputerName.parse(bad))).as(bad).isEqualTo(FailureCode.INPUT_BAD_COMPUTER_NAME);
        }
    }

    @Test
    void anOversizedDnIsRefusedWithoutBeingEchoed() throws Exception {
        String deep = "OU=x,".repeat(400) + "DC=corp,DC=example,DC=test";
        assertThat(DistinguishedName.parse(deep).toString()).isEqualTo(deep);

        String huge = "OU=" + "x".repeat(70_000) + ",DC=corp,DC=example,DC=test";
        ConnectorException e = org.assertj.core.api.Assertions.catchThrowableOfType(() -> DistinguishedName.parse(huge),
                ConnectorException.class);

        assertThat(e.code()).isEqualTo(FailureCode.INPUT_BAD_DN);
        assertThat(e.getMessage()).hasSizeLessThan(300);
    }

    @Test
    void dnsAndNetbiosDomainNamesAreValidated() throws Exception {
        assertThat(DomainDnsName.parse("corp.example.test").toNamingContext()).isEqualTo("DC=corp,DC=example,DC=test");
        for (String bad : new String[] {"", "corp..test", "corp.test.", "-corp.test", "co rp.test", "a".repeat(64) + ".test"}) {
            assertThat(code(() -> DomainDnsName.parse(bad))).as(bad).isEqualTo(FailureCode.INPUT_BAD_DNS_NAME);
        }
        assertThat(NetbiosDomainName.parse("CORP").value()).isEqualTo("CORP");
        for (String bad : new String[] {"", "ABCDEFGHIJKLMNOP", ".CORP", "CO/RP", "CO*RP"}) {
            assertThat(code(() -> NetbiosDomainName.parse(bad))).as(bad).isEqualTo(FailureCode.INPUT_BAD_NETBIOS_DOMAIN);
        }
    }

    @Test
    void addressesAreLiteralIpv4OrIpv6() throws Exception {
        for (String ok : new String[] {"127.0.0.10", "192.168.56.108", "::1", "fe80::1", "2001:db8::8:800:200c:417a",
            "::ffff:192.0.2.1", "1:2:3:4:5:6:7:8"}) {
            assertThat(IpAddress.parse(ok).value()).isEqualTo(ok);
        }
        for (String bad : new String[] {"", "dc1.corp.example.test", "256.1.1.1", "1.2.3", "01.2.3.4", "1:2:3:4:5:6:7:8:9",
            "1::2::3", ":1:2", "\\\\127.0.0.1", "12345::1"}) {
            assertThat(code(() -> IpAddress.parse(bad))).as(bad).isEqualTo(FailureCode.INPUT_BAD_ADDRESS);
        }
    }

    @Test
    void randomPasswordsHaveTheWindowsShape() {
        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            MachinePassword p = MachinePassword.random(random);
            assertThat(p.length()).isEqualTo(120);
            for (char c : p.copyUnits()) {
                assertThat(c).isNotEqualTo('\0');
                assertThat(Character.isSurrogate(c)).isFalse();
            }
        }
    }

    @Test
    void passwordFilesDropOneTrailingNewlineAndRejectBadContent() throws Exception {
        assertThat(new String(MachinePassword.fromUtf8File("pässwörd\n".getBytes(StandardCharsets.UTF_8)).copyUnits()))
                .isEqualTo("pässwörd");
        assertThat(new String(MachinePassword.fromUtf8File("pw\r\n".getBytes(StandardCharsets.UTF_8)).copyUnits()))
                .isEqualTo("pw");
        assertThat(new String(MachinePassword.fromUtf8File("pw\n\n".getBytes(StandardCharsets.UTF_8)).copyUnits()))
                .isEqualTo("pw\n");
        assertThat(code(() -> MachinePassword.fromUtf8File(new byte[0]))).isEqualTo(FailureCode.INPUT_BAD_PASSWORD);
        assertThat(code(() -> MachinePassword.fromUtf8File("\n".getBytes()))).isEqualTo(FailureCode.INPUT_BAD_PASSWORD);
        assertThat(code(() -> MachinePassword.fromUtf8File(new byte[] {'a', 0, 'b'}))).isEqualTo(FailureCode.INPUT_BAD_PASSWORD);
        assertThat(code(() -> MachinePassword.fromUtf8File(new byte[] {'a', (byte) 0xC3}))).isEqualTo(FailureCode.INPUT_BAD_PASSWORD);
        assertThat(code(() -> MachinePassword.fromUtf8File("x".repeat(257).getBytes()))).isEqualTo(FailureCode.INPUT_BAD_PASSWORD);
    }

    @Test
    void passwordsNeverShowInToStringAndCanBeWiped() {
        MachinePassword p = MachinePassword.fromWire("secret-value".toCharArray());

        assertThat(p.toString()).doesNotContain("secret").contains("redacted");
        assertThat(p).isEqualTo(MachinePassword.fromWire("secret-value".toCharArray()));
        p.wipe();
        assertThat(p.isWiped()).isTrue();
        assertThat(p.toString()).doesNotContain("secret");
        assertThat(catchThrowableOfType(p::length, IllegalStateException.class)).isNotNull();
    }

    @Test
    void loneSurrogatesInAPasswordSurvive() {
        char[] units = {'a', '\uD800', 'b', '\uDFFF'};
        MachinePassword p = MachinePassword.fromWire(units);

        assertThat(p.copyUnits()).containsExactly(units);
        assertThat(p.toUtf16Le()).containsExactly('a', 0, 0x00, 0xD8, 'b', 0, 0xFF, 0xDF);
    }

    @Test
    void dcFlagsNameTheirBits() {
        assertThat(DcFlags.WRITABLE_GC_KDC_DNS).isEqualTo(0xe00013fdL);
        assertThat(DcFlags.names(0xe00013fdL)).containsExactly("PDC", "GC", "LDAP", "DS", "KDC", "TIMESERV", "CLOSEST",
                "WRITABLE", "GOOD_TIMESERV", "FULL_SECRET_DOMAIN_6", "DNS_CONTROLLER", "DNS_DOMAIN", "DNS_FOREST_ROOT");
        assertThat(DcFlags.names(0x2)).containsExactly("0x2");
    }

    interface Call {
        void run() throws Exception;
    }

    static FailureCode code(Call call) {
        ConnectorException e = catchThrowableOfType(call::run, ConnectorException.class);
        assertThat(e).as("expected a ConnectorException").isNotNull();
        return e.code();
    }
}
