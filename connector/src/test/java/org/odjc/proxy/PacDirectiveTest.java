package org.odjc.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PacDirectiveTest {
    @Test
    void everyKindOfEntryIsReadWithItsDefaultPortAndMalformedOnesAreSkipped() {
        assertThat(PacDirective.parseAll(" PROXY Proxy.Example.Test:3128 ;DIRECT; SOCKS5 s:1080; HTTPS h; HTTP [2001:db8::1]:8080;"
                + " PROXY ; BOGUS x:1; PROXY a:99999; PROXY a:b:c d; direct"))
                .extracting(PacDirective::toString)
                .containsExactly("PROXY proxy.example.test:3128", "DIRECT", "SOCKS5 s:1080", "HTTPS h:443",
                        "HTTP [2001:db8::1]:8080", "DIRECT");
    }

    @Test
    void aNullOrBlankResultMeansDirect() {
        assertThat(PacDirective.parseAll(null)).extracting(PacDirective::toString).containsExactly("DIRECT");
        assertThat(PacDirective.parseAll("  ")).extracting(PacDirective::toString).containsExactly("DIRECT");
    }

    @Test
    void theConnectorTakesTheFirstEntryItsHttpClientCanUse() {
        assertThat(PacDirective.firstUsable(PacDirective.parseAll("SOCKS s:1; HTTPS h:443; PROXY p:8080; DIRECT")))
                .hasValue(new PacDirective("PROXY", "p", 8080));
        assertThat(PacDirective.firstUsable(PacDirective.parseAll("SOCKS s:1"))).isEmpty();
        assertThat(new PacDirective("PROXY", "p", 8080).toJavaProxy().type()).isEqualTo(java.net.Proxy.Type.HTTP);
        assertThat(new PacDirective("DIRECT", "", 0).toJavaProxy()).isEqualTo(java.net.Proxy.NO_PROXY);
    }
}
