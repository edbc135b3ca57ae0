package org.odjc.locator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.odjc.domain.DcFlags;
import org.odjc.domain.DcInfo;
import org.odjc.domain.DomainDnsName;
import org.odjc.domain.Guid;
import org.odjc.domain.SiteName;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.testing.SettableClock;

class AdDcLocatorTest {
    static final String DOMAIN = "corp.example.test";
    static final String ALL = "_ldap._tcp.dc._msdcs." + DOMAIN;
    static final long ANNOUNCED = 0x13fd; // what a writable Samba DC announces
    static final long RODC = ANNOUNCED & ~DcFlags.WRITABLE;

    final FakeDns dns = new FakeDns();
    final FakePinger pinger = new FakePinger();
    final SettableClock clock = new SettableClock(Instant.parse("2026-11-30T12:00:00Z"));
    final AdDcLocator locator = new AdDcLocator(dns, pinger, clock, Duration.ofMinutes(10), new SplittableRandom(7));

    @Test
    void aDcFoundThroughDnsCarriesItsAnnouncedFlagsPlusTheDnsBits() throws Exception {
        dns.dc("dc1", "10.0.0.1", 0, "Site-A");
        pinger.answers("10.0.0.1", "dc1", ANNOUNCED, "Site-A", "Site-A");
        DcInfo dc = only(locate());
        assertThat(dc.hostName().value()).isEqualTo("dc1." + DOMAIN);
        assertThat(dc.address().value()).isEqualTo("10.0.0.1");
        assertThat(dc.flags()).isEqualTo(0xe00013fdL);
        assertThat(dc.dcSite()).isEqualTo(new SiteName("Site-A"));
        assertThat(dc.clientSite()).contains(new SiteName("Site-A"));
    }

    @Test
    void dcsInTheClientSiteComeFirstAndReadOnlyOnesAreLeftOut() throws Exception {
        dns.dc("far", "10.0.0.1", 0, "Hub");
        dns.dc("rodc", "10.0.0.2", 0, "Branch");
        dns.dc("near", "10.0.0.3", 10, "Branch");
        pinger.answers("10.0.0.1", "far", ANNOUNCED, "Hub", "Branch");
        pinger.answers("10.0.0.2", "rodc", RODC, "Branch", "Branch");
        pinger.answers("10.0.0.3", "near", ANNOUNCED, "Branch", "Branch");
        assertThat(locate()).extracting(d -> d.hostName().firstLabel()).containsExactly("near", "far");
    }

    @Test
    void theClientSitesOwnRecordsAddDcsTheDomainListDidNotPing() throws Exception {
        for (int i = 0; i < AdDcLocator.MAX_PINGED; i++) {
            dns.dc("hub" + i, "10.0.1." + i, 0, "Hub");
            pinger.answers("10.0.1." + i, "hub" + i, ANNOUNCED, "Hub", "Branch");
        }
        dns.dc("branch", "10.0.2.1", 50, "Branch"); // beyond the first eight by priority
        pinger.answers("10.0.2.1", "branch", ANNOUNCED, "Branch", "Branch");
        assertThat(locate().get(0).hostName().firstLabel()).isEqualTo("branch");
    }

    @Test
    void aDcThatDoesNotAnswerIsSkipped() throws Exception {
        dns.dc("down", "10.0.0.1", 0, "S");
        dns.dc("up", "10.0.0.2", 10, "S");
        pinger.answers("10.0.0.2", "up", ANNOUNCED, "S", "S");
        assertThat(locate()).extracting(d -> d.hostName().firstLabel()).containsExactly("up");
    }

    @Test
    void noAnsweringDcIsRetryableAndSaysWhy() throws Exception {
        dns.dc("down", "10.0.0.1", 0, "S");
        ConnectorException e = catchThrowableOfType(this::locate, ConnectorException.class);
        assertThat(e.code()).isEqualTo(FailureCode.DC_NONE_USABLE);
        assertThat(e.getMessage()).contains("10.0.0.1");
    }

    @Test
    void onlyReadOnlyDcsIsItsOwnFailure() throws Exception {
        dns.dc("rodc", "10.0.0.2", 0, "S");
        pinger.answers("10.0.0.2", "rodc", RODC, "S", "S");
        assertThat(catchThrowableOfType(this::locate, ConnectorException.class).code())
                .isEqualTo(FailureCode.DC_NOT_WRITABLE);
    }

    @Test
    void aDomainWithoutSrvRecordsNamesTheMissingRecord() throws Exception {
        ConnectorException e = catchThrowableOfType(this::locate, ConnectorException.class);
        assertThat(e.code()).isEqualTo(FailureCode.DC_NOT_IN_DNS);
        assertThat(e.getMessage()).contains(ALL);
    }

    @Test
    void anExplicitDcIsPingedForItsFlagsAndSites() throws Exception {
        dns.host("dc9", "10.0.0.9");
        pinger.answers("10.0.0.9", "dc9", ANNOUNCED, "S", "");
        DcInfo dc = only(locator.locate(DomainDnsName.parse(DOMAIN), Optional.of(DomainDnsName.parse("dc9." + DOMAIN))));
        assertThat(dc.flags()).isEqualTo(0xe00013fdL);
        assertThat(dc.clientSite()).as("an unmapped subnet has no client site").isEmpty();
        assertThat(dns.srvQueries).isEmpty();
    }

    @Test
    void anExplicitDcWithoutAnAddressIsUnresolved() throws Exception {
        assertThat(catchThrowableOfType(() -> locator.locate(DomainDnsName.parse(DOMAIN),
                Optional.of(DomainDnsName.parse("ghost." + DOMAIN))), ConnectorException.class).code())
                .isEqualTo(FailureCode.DC_NAME_UNRESOLVED);
    }

    @Test
    void resultsAreCachedForTheTtlThenLocatedAgain() throws Exception {
        dns.dc("dc1", "10.0.0.1", 0, "S");
        pinger.answers("10.0.0.1", "dc1", ANNOUNCED, "S", "S");
        locate();
        locate();
        assertThat(pinger.pings).isEqualTo(1);
        clock.advance(Duration.ofMinutes(11));
        locate();
        assertThat(pinger.pings).isEqualTo(2);
        locator.forget(DomainDnsName.parse(DOMAIN));
        locate();
        assertThat(pinger.pings).isEqualTo(3);
    }

    @Test
    void thePdcIsFoundThroughItsOwnRecordAndMustSayItIsThePdc() throws Exception {
        dns.host("pdc", "10.0.0.5");
        dns.host("stale", "10.0.0.6");
        dns.srv.put("_ldap._tcp.pdc._msdcs." + DOMAIN, List.of(new SrvRecord(0, 100, 389, "pdc." + DOMAIN)));
        pinger.answers("10.0.0.5", "pdc", ANNOUNCED, "S", "S"); // 0x13fd includes DS_PDC_FLAG
        assertThat(locator.locatePdc(DomainDnsName.parse(DOMAIN)).hostName().firstLabel()).isEqualTo("pdc");

        dns.srv.put("_ldap._tcp.pdc._msdcs." + DOMAIN, List.of(new SrvRecord(0, 100, 389, "stale." + DOMAIN)));
        pinger.answers("10.0.0.6", "stale", ANNOUNCED & ~DcFlags.PDC, "S", "S");
        ConnectorException e = catchThrowableOfType(() -> locator.locatePdc(DomainDnsName.parse(DOMAIN)),
                ConnectorException.class);
        assertThat(e.code()).isEqualTo(FailureCode.DC_NONE_USABLE);
        assertThat(e.getMessage()).contains("stale record");
    }

    private List<DcInfo> locate() throws ConnectorException {
        return locator.locate(DomainDnsName.parse(DOMAIN), Optional.empty());
    }

    private static DcInfo only(List<DcInfo> dcs) {
        assertThat(dcs).hasSize(1);
        return dcs.get(0);
    }

    static final class FakeDns implements AdDcLocator.Dns {
        final Map<String, List<SrvRecord>> srv = new HashMap<>();
        final Map<String, String> hosts = new HashMap<>();
        final List<String> srvQueries = new ArrayList<>();

        void dc(String label, String ip, int priority, String site) {
            String host = label + "." + DOMAIN;
            srv.computeIfAbsent(ALL, k -> new ArrayList<>()).add(new SrvRecord(priority, 100, 389, host));
            srv.computeIfAbsent("_ldap._tcp." + site + "._sites.dc._msdcs." + DOMAIN, k -> new ArrayList<>())
                    .add(new SrvRecord(priority, 100, 389, host));
            host(label, ip);
        }

        void host(String label, String ip) {
            hosts.put(label + "." + DOMAIN, ip);
        }

        @Override
        public List<SrvRecord> srv(String name) {
            srvQueries.add(name);
            return srv.getOrDefault(name, List.of());
        }

        @Override
        public List<InetAddress> addresses(String host) throws ConnectorException {
            String ip = hosts.get(host);
            try {
                return ip == null ? List.of() : List.of(InetAddress.getByName(ip));
            } catch (java.net.UnknownHostException e) {
                throw new AssertionError(e);
            }
        }

        @Override
        public String describeServers() {
            return "fake DNS";
        }
    }

    static final class FakePinger implements AdDcLocator.Pinger {
        final Map<String, NetlogonResponse> replies = new HashMap<>();
        int pings;

        void answers(String ip, String label, long flags, String dcSite, String clientSite) throws ConnectorException {
            replies.put(ip, new NetlogonResponse(flags, Guid.parse("f8b7dfa4-b0d2-42fa-b5fb-d5e93e870775"), DOMAIN,
                    DOMAIN, label + "." + DOMAIN, "CORP", label.toUpperCase(), dcSite, clientSite));
        }

        @Override
        public synchronized NetlogonResponse ping(InetAddress dc, String domain) throws ConnectorException {
            pings++;
            NetlogonResponse r = replies.get(dc.getHostAddress());
            if (r == null) {
                throw new ConnectorException(FailureCode.DC_PING_UNANSWERED, dc.getHostAddress() + " gave no answer");
            }
            return r;
        }
    }
}
