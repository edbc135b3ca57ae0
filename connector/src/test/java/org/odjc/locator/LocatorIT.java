package org.odjc.locator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.odjc.domain.DcFlags;
import org.odjc.domain.DcInfo;
import org.odjc.domain.DomainDnsName;
import org.odjc.domain.Guid;
import org.odjc.domain.IpAddress;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.testing.SambaDc;

/** The locator against the Samba DC's own DNS server and CLDAP. */
class LocatorIT {
    @Test
    void theDcThePdcAndTheSiteRecordsAreFoundThroughTheDcsDns() throws Exception {
        SambaDc dc = SambaDc.require();
        DnsLookup dns = new DnsLookup(List.of(IpAddress.parse(dc.ip())), Duration.ofSeconds(2));
        AdDcLocator locator = new AdDcLocator(dns, new CldapPinger(Duration.ofSeconds(1), 3), Clock.systemUTC(),
                Duration.ofMinutes(1), new SecureRandom());
        DomainDnsName domain = DomainDnsName.parse(dc.domain());

        DcInfo found = locator.locate(domain, Optional.empty()).get(0);
        assertThat(found.hostName().value()).isEqualToIgnoringCase(dc.host());
        assertThat(found.address().value()).isEqualTo(dc.ip());
        assertThat(found.domainGuid()).isEqualTo(Guid.parse(dc.domainGuid()));
        assertThat(found.flags()).isEqualTo(DcFlags.WRITABLE_GC_KDC_DNS);
        assertThat(locator.locatePdc(domain).hostName()).isEqualTo(found.hostName());
        assertThat(dns.srv("_ldap._tcp." + found.dcSite().value() + "._sites.dc._msdcs." + dc.domain()))
                .extracting(SrvRecord::target).containsExactly(dc.host());
        assertThat(dns.addresses(dc.host())).containsExactly(InetAddress.getByName(dc.ip()));
    }

    @Test
    void aDomainTheDnsServerDoesNotKnowAndAPortNobodyAnswersGiveTheirCodes() throws Exception {
        SambaDc dc = SambaDc.require();
        DnsLookup dns = new DnsLookup(List.of(IpAddress.parse(dc.ip())), Duration.ofSeconds(2));
        AdDcLocator locator = new AdDcLocator(dns, new CldapPinger(Duration.ofMillis(300), 2), Clock.systemUTC(),
                Duration.ofMinutes(1), new SecureRandom());
        // inside the DC's zone, so its DNS answers NXDOMAIN at once (no forwarding)
        ConnectorException missing = catchThrowableOfType(() -> locator.locate(
                DomainDnsName.parse("nosuch." + dc.domain()), Optional.empty()), ConnectorException.class);
        assertThat(missing.code()).isEqualTo(FailureCode.DC_NOT_IN_DNS);

        ConnectorException silent = catchThrowableOfType(() -> new CldapPinger(Duration.ofMillis(200), 2)
                .ping(InetAddress.getByName("127.0.0.1"), dc.domain()), ConnectorException.class);
        assertThat(silent.code()).isEqualTo(FailureCode.DC_PING_UNANSWERED);
    }
}
