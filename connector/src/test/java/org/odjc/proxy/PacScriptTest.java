package org.odjc.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

class PacScriptTest {
    private static final URI DISPATCHER = URI.create("https://Dispatcher.Example.Test:8443/v1/lease?secret=x");
    // Wednesday 2026-12-02 14:30:15 UTC
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T14:30:15Z"), ZoneOffset.UTC);
    private static final Map<String, String> DNS = Map.of("dispatcher.example.test", "10.1.2.3",
            "v6only.example.test", "2001:db8::7");
    private final List<String> lookedUp = new ArrayList<>();

    private String eval(String body) throws Exception {
        return PacScript.compile("function FindProxyForURL(url, host) { " + body + " }", "test.pac")
                .findProxyForUrl(DISPATCHER, this::resolve, InetAddress.getByAddress(new byte[] {10, 9, 8, 7}), CLOCK);
    }

    private List<InetAddress> resolve(String host) throws ConnectorException {
        lookedUp.add(host);
        try {
            return DNS.containsKey(host) ? List.of(InetAddress.getByName(DNS.get(host))) : List.of();
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private ConnectorException refused(String body) {
        return catchThrowableOfType(() -> eval(body), ConnectorException.class);
    }


    @Test
    void theScriptSeesOnlySchemeHostAndPortOfTheUrlWithTheHostLowerCased() throws Exception {
        assertThat(eval("return url + ' ' + host;")).isEqualTo("https://dispatcher.example.test:8443/ dispatcher.example.test");
    }

    @Test
    void theNameHelpersAnswerAsNetscapeDefinedThem() throws Exception {
        assertThat(eval("return String([isPlainHostName('www'), isPlainHostName('www.example.test'),"
                + " dnsDomainIs(host, '.example.test'), dnsDomainIs(host, '.other.test'),"
                + " localHostOrDomainIs('www', 'www.example.test'), localHostOrDomainIs('www.other.test', 'www.example.test'),"
                + " dnsDomainLevels(host), shExpMatch(host, '*.example.*'), shExpMatch(host, 'dispatcher.example.tes?'),"
                + " shExpMatch('a.b', 'a?b'), shExpMatch('axb', 'a.b')]);"))
                .isEqualTo("true,false,true,false,true,false,2,true,true,true,false");
    }

    @Test
    void theAddressHelpersResolveThroughTheGivenResolverOnly() throws Exception {
        assertThat(eval("return String([dnsResolve(host), dnsResolve('nowhere.test'), isResolvable(host),"
                + " isResolvable('nowhere.test'), isInNet(host, '10.1.0.0', '255.255.0.0'),"
                + " isInNet(host, '10.2.0.0', '255.255.0.0'), isInNet('192.168.1.200', '192.168.1.128', '255.255.255.128'),"
                + " myIpAddress(), dnsResolve('v6only.example.test'), dnsResolveEx('v6only.example.test'),"
                + " isResolvableEx('v6only.example.test')]);"))
                .isEqualTo("10.1.2.3,,true,false,true,false,true,10.9.8.7,,2001:db8:0:0:0:0:0:7,true"); // Array.join writes null as ""
        assertThat(lookedUp).containsOnly("dispatcher.example.test", "nowhere.test", "v6only.example.test");
    }

    @Test
    void theTimeHelpersReadTheInjectedClock() throws Exception {
        String saved = System.getProperty("user.timezone");
        assertThat(eval("return String([weekdayRange('WED', 'GMT'), weekdayRange('MON', 'FRI', 'GMT'),"
                + " weekdayRange('THU', 'SAT', 'GMT'), weekdayRange('SAT', 'WED', 'GMT'),"
                + " dateRange(2, 'GMT'), dateRange('DEC', 'GMT'), dateRange(2026, 'GMT'), dateRange('NOV', 'JAN', 'GMT'),"
                + " dateRange(1, 'DEC', 1, 'JAN', 'GMT'), dateRange(3, 'DEC', 2026, 31, 'DEC', 2026, 'GMT'),"
                + " timeRange(14, 'GMT'), timeRange(9, 17, 'GMT'), timeRange(15, 16, 'GMT'),"
                + " timeRange(14, 30, 14, 31, 'GMT'), timeRange(14, 30, 16, 14, 30, 20, 'GMT')]);"))
                .isEqualTo("true,true,false,true,true,true,true,true,true,false,true,true,false,true,false");
        assertThat(System.getProperty("user.timezone")).isEqualTo(saved);
    }

    @Test
    void aTypicalEnterprisePacChoosesTheProxyForExternalHostsAndDirectForInternalOnes() throws Exception {
        String pac = """
                function FindProxyForURL(url, host) {
                  if (isPlainHostName(host) || dnsDomainIs(host, ".corp.example.test")) return "DIRECT";
                  if (isInNet(dnsResolve(host), "10.0.0.0", "255.0.0.0")) return "PROXY proxy.corp.example.test:3128; DIRECT";
                  return "DIRECT";
                }""";
        String result = PacScript.compile(pac, "corp.pac").findProxyForUrl(DISPATCHER, this::resolve,
                InetAddress.getLoopbackAddress(), CLOCK);

        assertThat(result).isEqualTo("PROXY proxy.corp.example.test:3128; DIRECT");
        assertThat(PacDirective.firstUsable(PacDirective.parseAll(result))).hasValue(
                new PacDirective("PROXY", "proxy.corp.example.test", 3128));
    }

    @Test
    void theScriptCannotReachJava() {
        for (String attempt : List.of("return String(java.lang.System.getenv());",
                "return String(Packages.java.lang.Runtime.getRuntime());",
                "return String(this.getClass());",
                "return String(Object.getPrototypeOf(dnsResolve).constructor('return java')());",
                "return String(importPackage);")) {
            ConnectorException e = refused(attempt);
            assertThat(e).as(attempt).isNotNull();
            assertThat(e.code()).as(attempt).isEqualTo(FailureCode.DIAG_PAC_INVALID);
        }
    }

    @Test
    void anEndlessLoopIsStoppedEvenWhenTheScriptCatchesEverything() {
        ConnectorException e = refused("while (true) { try { for (;;) {} } catch (x) {} }");

        assertThat(e.code()).isEqualTo(FailureCode.DIAG_PAC_INVALID);
        assertThat(e.detail()).containsAnyOf("instructions", "ms");
    }

    @Test
    void aCatastrophicRegularExpressionIsStopped() {
        ConnectorException e = refused("return String(/^(a+)+$/.test('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!'));");

        assertThat(e.code()).isEqualTo(FailureCode.DIAG_PAC_INVALID);
        assertThat(e.detail()).contains("stopped");
    }

    @Test
    void aScriptThatKeepsAllocatingIsStopped() {
        ConnectorException e = refused("var a = []; for (;;) { a.push('x' + a.length + 'yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy'); }");

        assertThat(e.code()).isEqualTo(FailureCode.DIAG_PAC_INVALID);
        assertThat(e.detail()).containsAnyOf("MiB", "instructions", "ms", "memory");
    }

    @Test
    void endlessRecursionIsStopped() {
        ConnectorException e = refused("function f(n) { return f(n + 1) + 1; } return String(f(0));");

        assertThat(e.code()).isEqualTo(FailureCode.DIAG_PAC_INVALID);
    }

    @Test
    void aScriptThatIsNotJavaScriptOrHasNoFindProxyForUrlIsRefusedWithItsLine() {
        ConnectorException syntax = catchThrowableOfType(() -> PacScript.compile("function FindProxyForURL(url, host) {\n return 'x' +* 2;\n}",
                "broken.pac"), ConnectorException.class);
        ConnectorException none = catchThrowableOfType(() -> PacScript.compile("var x = 1;", "empty.pac")
                .findProxyForUrl(DISPATCHER, this::resolve, InetAddress.getLoopbackAddress(), CLOCK), ConnectorException.class);
        ConnectorException huge = catchThrowableOfType(() -> PacScript.compile("//" + "x".repeat(PacScript.MAX_SOURCE_CHARS),
                "huge.pac"), ConnectorException.class);

        assertThat(syntax.code()).isEqualTo(FailureCode.DIAG_PAC_INVALID);
        assertThat(syntax.detail()).contains("broken.pac", "line 2");
        assertThat(none.detail()).contains("no function FindProxyForURL");
        assertThat(huge.detail()).contains("characters");
    }

    @Test
    void aScriptThatThrowsIsRefusedWithTheUrlItWasAskedFor() {
        ConnectorException e = refused("throw new Error('boom');");

        assertThat(e.code()).isEqualTo(FailureCode.DIAG_PAC_INVALID);
        assertThat(e.detail()).contains("boom", "https://dispatcher.example.test:8443/");
    }

    @Test
    void aScriptThatLooksUpTooManyNamesIsStopped() {
        ConnectorException e = refused("for (var i = 0; i < 100; i++) dnsResolve('h' + i + '.test'); return 'DIRECT';");

        assertThat(e.detail()).contains("DNS look-ups");
        assertThat(lookedUp).hasSize(PacScript.MAX_LOOKUPS);
    }

    @Test
    void evaluationsDoNotShareState() throws Exception {
        PacScript counter = PacScript.compile("var n = 0; function FindProxyForURL(u, h) { n++; return 'PROXY p:' + n; }", "c.pac");

        String first = counter.findProxyForUrl(DISPATCHER, this::resolve, InetAddress.getLoopbackAddress(), CLOCK);
        String second = counter.findProxyForUrl(DISPATCHER, this::resolve, InetAddress.getLoopbackAddress(), CLOCK);

        assertThat(first).isEqualTo("PROXY p:1").isEqualTo(second);
    }
}
