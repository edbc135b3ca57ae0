package org.odjc.locator;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import org.odjc.diagnostics.Diagnosis;
import org.odjc.diagnostics.Probes;
import org.odjc.domain.DcFlags;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

/** {@code odjc diagnose}'s DNS and CLDAP probes: {@link DnsLookup} on the domain's servers, {@link CldapPinger}. */
public final class LocatorProbes implements Probes.DnsProbe, Probes.CldapProbe {
    private final Duration timeout;
    private final int pingAttempts;

    public LocatorProbes(Duration timeout, int pingAttempts) {
        this.timeout = timeout;
        this.pingAttempts = pingAttempts;
    }

    private DnsLookup dns(Diagnosis.Domain domain) {
        return new DnsLookup(domain.dnsServers(), timeout);
    }

    @Override
    public String describeServers(Diagnosis.Domain domain) {
        return dns(domain).describeServers();
    }

    @Override
    public List<Probes.Srv> srv(Diagnosis.Domain domain, String name) throws ConnectorException {
        return dns(domain).srv(name).stream().map(r -> new Probes.Srv(r.target(), r.port())).toList();
    }

    @Override
    public List<String> addresses(Diagnosis.Domain domain, String host) throws ConnectorException {
        return dns(domain).addresses(host).stream().map(InetAddress::getHostAddress).toList();
    }

    @Override
    public Probes.CldapAnswer ping(String address, String domain) throws ConnectorException {
        InetAddress dc;
        try {
            dc = InetAddress.getByName(address); // a literal: no look-up
        } catch (UnknownHostException e) {
            throw new ConnectorException(FailureCode.DC_NAME_UNRESOLVED, address + ": " + e.getMessage());
        }
        long t0 = System.nanoTime();
        NetlogonResponse r = new CldapPinger(timeout, pingAttempts).ping(dc, domain);
        return new Probes.CldapAnswer(Duration.ofNanos(System.nanoTime() - t0), r.dcSiteName(), r.clientSiteName(),
                (r.flags() & DcFlags.WRITABLE) != 0);
    }
}
