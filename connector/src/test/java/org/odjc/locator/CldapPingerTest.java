package org.odjc.locator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.odjc.domain.DcFlags;
import org.odjc.domain.Guid;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

class CldapPingerTest {
    static byte[] capturedReply() throws IOException {
        try (var in = CldapPingerTest.class.getResourceAsStream("/locator/cldap-reply-samba417.hex")) {
            return HexFormat.of().parseHex(new String(in.readAllBytes()).strip());
        }
    }

    @Test
    void decodesTheNetlogonReplyASambaDcSent() throws Exception {
        byte[] reply = capturedReply();
        NetlogonResponse r = CldapPinger.parseReply(reply, reply.length, 4242);
        assertThat(r).isNotNull();
        assertThat(r.dnsHostName()).isEqualTo("dc1.corp.example.test");
        assertThat(r.dnsDomainName()).isEqualTo("corp.example.test");
        assertThat(r.dnsForestName()).isEqualTo("corp.example.test");
        assertThat(r.netbiosDomainName()).isEqualTo("CORP");
        assertThat(r.netbiosComputerName()).isEqualTo("DC1");
        assertThat(r.dcSiteName()).isEqualTo("Default-First-Site-Name");
        assertThat(r.clientSiteName()).isEqualTo("Default-First-Site-Name");
        assertThat(r.domainGuid()).isEqualTo(Guid.parse("f8b7dfa4-b0d2-42fa-b5fb-d5e93e870775"));
        assertThat(r.flags() | DcFlags.DNS_BITS).isEqualTo(DcFlags.WRITABLE_GC_KDC_DNS);
    }

    @Test
    void ignoresADatagramAnsweringAnotherPing() throws Exception {
        byte[] reply = capturedReply();
        assertThat(CldapPinger.parseReply(reply, reply.length, 4243)).isNull();
    }

    @Test
    void everyTruncationOfTheReplyIsIgnoredOrCoded() throws Exception {
        byte[] reply = capturedReply();
        NetlogonResponse whole = CldapPinger.parseReply(reply, reply.length, 4242);
        int ignored = 0;
        int coded = 0;
        int complete = 0;
        int firstComplete = -1;
        for (int len = 0; len < reply.length; len++) {
            try {
                NetlogonResponse r = CldapPinger.parseReply(Arrays.copyOf(reply, len), len, 4242);
                // a cut inside the entry gives nothing; a cut in the SearchResultDone after it, the whole reply
                assertThat(r == null || r.equals(whole)).as("truncated to %d bytes", len).isTrue();
                if (r == null) {
                    ignored++;
                } else {
                    complete++;
                    firstComplete = firstComplete < 0 ? len : firstComplete;
                }
            } catch (ConnectorException e) {
                assertThat(e.code()).isEqualTo(FailureCode.DC_BAD_PING_REPLY);
                coded++;
            }
        }
        assertThat(ignored + coded).as("cuts inside the entry that yield nothing").isPositive();
        // once the entry is whole, every longer cut (only the SearchResultDone is missing) reads it whole
        assertThat(complete).as("cuts after the entry").isEqualTo(firstComplete < 0 ? 0 : reply.length - firstComplete);
    }

    @Test
    void aCompressionLoopIsRefusedNotFollowedForever() {
        byte[] b = new byte[26];
        b[0] = 23; // opcode
        b[24] = (byte) 0xC0; // DnsForestName: a pointer to itself
        b[25] = 24;
        ConnectorException e = catchThrowableOfType(() -> NetlogonResponse.parse(b), ConnectorException.class);
        assertThat(e.code()).isEqualTo(FailureCode.DC_BAD_PING_REPLY);
        assertThat(e.getMessage()).contains("loop");
    }

    @Test
    void theRequestAsksForTheNetlogonAttributeWithNtVersion6() {
        String hex = HexFormat.of().formatHex(CldapPinger.request(7, "corp.example.test"));
        assertThat(hex).contains(HexFormat.of().formatHex("DnsDomain".getBytes()))
                .contains(HexFormat.of().formatHex("corp.example.test".getBytes()))
                .contains(HexFormat.of().formatHex("NtVer".getBytes()) + "040406000000") // OCTET STRING 06 00 00 00
                .contains(HexFormat.of().formatHex("Netlogon".getBytes()));
    }
}
