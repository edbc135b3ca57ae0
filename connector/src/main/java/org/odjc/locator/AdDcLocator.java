package org.odjc.locator;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.random.RandomGenerator;
import org.odjc.domain.DcFlags;
import org.odjc.domain.DcInfo;
import org.odjc.domain.DomainDnsName;
import org.odjc.domain.IpAddress;
import org.odjc.domain.SiteName;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.provisioning.DcLocator;

/**
 * Windows' DC locator (MS-ADTS 6.3.6 "Locating a DC"), the parts provisioning needs: the DCs of a
 * domain from {@code _ldap._tcp.dc._msdcs.<domain>} SRV records, each asked with the CLDAP LDAP
 * ping; the client site the first reply names, then that site's
 * {@code _ldap._tcp.<site>._sites.dc._msdcs.<domain>} DCs. Ranking: writable DCs only (accounts
 * cannot be created on an RODC), DCs in the client site first, then SRV priority/weight order.
 * DCs that do not answer are left out, which is the fail-over. Results are cached per domain for
 * {@code cacheTtl}; {@link #forget} drops an entry when its DCs stop answering. Thread-safe.
 */
public final class AdDcLocator implements DcLocator {
    /** At most this many DCs of one SRV answer are pinged (in parallel), as Windows bounds its pings. */
    static final int MAX_PINGED = 8;

    /** DNS as the locator needs it. */
    public interface Dns {
        /** SRV records of {@code name}; empty when it does not exist. */
        List<SrvRecord> srv(String name) throws ConnectorException;

        /** Addresses of {@code host}, IPv4 first; empty when it does not resolve. */
        List<InetAddress> addresses(String host) throws ConnectorException;

        /** For messages: which servers were asked. */
        String describeServers();
    }

    /** The LDAP ping. */
    public interface Pinger {
        NetlogonResponse ping(InetAddress dc, String domain) throws ConnectorException;
    }

    private final Dns dns;
    private final Pinger pinger;
    private final Clock clock;
    private final Duration cacheTtl;
    private final RandomGenerator random;
    private final ExecutorService pings;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(List<DcInfo> dcs, Instant until) {
    }

    /** A DC that answered, with where its SRV record ranked. */
    private record Answer(DcInfo dc, int srvRank) {
    }

    public AdDcLocator(Dns dns, Pinger pinger, Clock clock, Duration cacheTtl, RandomGenerator random) {
        this.dns = dns;
        this.pinger = pinger;
        this.clock = clock;
        this.cacheTtl = cacheTtl;
        this.random = random;
        this.pings = Executors.newFixedThreadPool(MAX_PINGED, r -> {
            Thread t = new Thread(r, "odjc-cldap-ping");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public List<DcInfo> locate(DomainDnsName domain, Optional<DomainDnsName> explicitDc) throws ConnectorException {
        String key = domain.lowerCase() + "|" + explicitDc.map(DomainDnsName::lowerCase).orElse("");
        Cached hit = cache.get(key);
        if (hit != null && clock.instant().isBefore(hit.until())) {
            return hit.dcs();
        }
        List<DcInfo> found = explicitDc.isPresent() ? explicit(domain, explicitDc.get()) : fromDns(domain);
        cache.put(key, new Cached(found, clock.instant().plus(cacheTtl)));
        return found;
    }

    /**
     * The PDC emulator, from {@code _ldap._tcp.pdc._msdcs.<domain>} (one record by design), pinged:
     * a record naming a DC that does not announce {@code DS_PDC_FLAG} is stale and refused.
     */
    public DcInfo locatePdc(DomainDnsName domain) throws ConnectorException {
        String name = "_ldap._tcp.pdc._msdcs." + domain.lowerCase();
        List<SrvRecord> records = SrvRecord.order(dns.srv(name), random);
        if (records.isEmpty()) {
            throw new ConnectorException(FailureCode.DC_NOT_IN_DNS, "no SRV record " + name + " (asked "
                    + dns.describeServers() + ")");
        }
        ConnectorException last = null;
        for (SrvRecord r : records) {
            try {
                DcInfo dc = pingTarget(r.target(), domain);
                if ((dc.flags() & DcFlags.PDC) != 0) {
                    return dc;
                }
                last = new ConnectorException(FailureCode.DC_NONE_USABLE, name + " names " + r.target()
                        + ", which does not announce itself as the PDC (stale record)");
            } catch (ConnectorException e) {
                last = e;
            }
        }
        throw last;
    }

    /** Drops what is cached for {@code domain}, so the next request locates afresh. */
    public void forget(DomainDnsName domain) {
        cache.keySet().removeIf(k -> k.startsWith(domain.lowerCase() + "|"));
    }

    /** An explicit DC is still pinged: its flags and sites go into the blob. */
    private List<DcInfo> explicit(DomainDnsName domain, DomainDnsName dcName) throws ConnectorException {
        List<InetAddress> addresses = dns.addresses(dcName.value());
        if (addresses.isEmpty()) {
            throw new ConnectorException(FailureCode.DC_NAME_UNRESOLVED,
                    dcName + " has no address in DNS (" + dns.describeServers() + ")");
        }
        ConnectorException last = null;
        for (InetAddress address : addresses) {
            try {
                DcInfo dc = dcInfo(address, pinger.ping(address, domain.value()));
                requireWritable(List.of(dc), domain);
                return List.of(dc);
            } catch (ConnectorException e) {
                if (e.code() == FailureCode.DC_NOT_WRITABLE) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    private List<DcInfo> fromDns(DomainDnsName domain) throws ConnectorException {
        String all = "_ldap._tcp.dc._msdcs." + domain.lowerCase();
        List<SrvRecord> records = SrvRecord.order(dns.srv(all), random);
        if (records.isEmpty()) {
            throw new ConnectorException(FailureCode.DC_NOT_IN_DNS, "no SRV record " + all + " (asked "
                    + dns.describeServers() + ")");
        }
        Map<String, Answer> answers = new LinkedHashMap<>();
        List<ConnectorException> failures = new ArrayList<>();
        pingAll(records, domain, answers, failures);
        if (answers.isEmpty()) {
            ConnectorException e = new ConnectorException(FailureCode.DC_NONE_USABLE, records.size()
                    + " DC(s) in " + all + ", none answered the LDAP ping; first: " + failures.get(0).getMessage(),
                    failures.get(0));
            failures.stream().skip(1).forEach(e::addSuppressed);
            throw e;
        }
        Optional<SiteName> site = answers.values().iterator().next().dc().clientSite();
        if (site.isPresent()) {
            String inSite = "_ldap._tcp." + site.get().value() + "._sites.dc._msdcs." + domain.lowerCase();
            List<SrvRecord> siteRecords = SrvRecord.order(dns.srv(inSite), random).stream()
                    .filter(r -> answers.values().stream().noneMatch(a -> a.dc().hostName().value()
                            .equalsIgnoreCase(r.target())))
                    .toList();
            pingAll(siteRecords, domain, answers, failures);
        }
        List<DcInfo> ranked = answers.values().stream()
                .sorted(Comparator.comparing((Answer a) -> !inClientSite(a.dc())).thenComparingInt(Answer::srvRank))
                .map(Answer::dc)
                .toList();
        return requireWritable(ranked, domain);
    }

    private static boolean inClientSite(DcInfo dc) {
        return dc.clientSite().map(dc.dcSite()::equals).orElse(false);
    }

    private static List<DcInfo> requireWritable(List<DcInfo> dcs, DomainDnsName domain) throws ConnectorException {
        List<DcInfo> writable = dcs.stream().filter(d -> (d.flags() & DcFlags.WRITABLE) != 0).toList();
        if (writable.isEmpty()) {
            throw new ConnectorException(FailureCode.DC_NOT_WRITABLE, "only read-only DCs of " + domain + " answered: "
                    + dcs.stream().map(d -> d.hostName().value()).toList());
        }
        return writable;
    }

    /** Pings the first {@link #MAX_PINGED} targets in parallel; answers keep the SRV order. */
    private void pingAll(List<SrvRecord> records, DomainDnsName domain, Map<String, Answer> answers,
            List<ConnectorException> failures) throws ConnectorException {
        List<Future<DcInfo>> pending = new ArrayList<>();
        List<SrvRecord> pinged = records.subList(0, Math.min(MAX_PINGED, records.size()));
        for (SrvRecord r : pinged) {
            pending.add(pings.submit(() -> pingTarget(r.target(), domain)));
        }
        int base = answers.size();
        for (int i = 0; i < pending.size(); i++) {
            try {
                DcInfo dc = pending.get(i).get();
                answers.putIfAbsent(dc.hostName().lowerCase(), new Answer(dc, base + i));
            } catch (ExecutionException e) {
                if (e.getCause() instanceof ConnectorException coded) {
                    failures.add(coded);
                } else {
                    failures.add(new ConnectorException(FailureCode.DC_BAD_PING_REPLY,
                            pinged.get(i).target() + ": " + e.getCause(), e.getCause()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectorException(FailureCode.DC_NONE_USABLE, "interrupted while pinging DCs", e);
            }
        }
    }

    private DcInfo pingTarget(String host, DomainDnsName domain) throws ConnectorException {
        List<InetAddress> addresses = dns.addresses(host);
        if (addresses.isEmpty()) {
            throw new ConnectorException(FailureCode.DC_NAME_UNRESOLVED, host + " (named by an SRV record of "
                    + domain + ") has no address via " + dns.describeServers());
        }
        ConnectorException last = null;
        for (InetAddress a : addresses) {
            try {
                return dcInfo(a, pinger.ping(a, domain.value()));
            } catch (ConnectorException e) {
                last = e;
            }
        }
        throw last;
    }

    /**
     * The blob's {@code DOMAIN_CONTROLLER_INFO} as Windows fills it from the reply: names, GUID,
     * sites and the announced flags, plus {@code DS_DNS_CONTROLLER|DS_DNS_DOMAIN|DS_DNS_FOREST_ROOT}
     * because the DC, domain and forest are all known by DNS names (MS-NRPC 2.2.1.2.1).
     */
    static DcInfo dcInfo(InetAddress address, NetlogonResponse r) throws ConnectorException {
        String literal = address.getHostAddress();
        int scope = literal.indexOf('%');
        return new DcInfo(
                parseName(r.dnsHostName(), "DnsHostName"),
                IpAddress.parse(scope < 0 ? literal : literal.substring(0, scope)),
                r.domainGuid(),
                parseName(r.dnsDomainName(), "DnsDomainName"),
                parseName(r.dnsForestName(), "DnsForestName"),
                (r.flags() & 0xFFFF_FFFFL) | DcFlags.DNS_BITS,
                site(r.dcSiteName(), "DcSiteName").orElseThrow(() -> new ConnectorException(
                        FailureCode.DC_BAD_PING_REPLY, r.dnsHostName() + " announced no site of its own")),
                site(r.clientSiteName(), "ClientSiteName"));
    }

    private static DomainDnsName parseName(String value, String field) throws ConnectorException {
        try {
            return DomainDnsName.parse(value);
        } catch (ConnectorException e) {
            throw new ConnectorException(FailureCode.DC_BAD_PING_REPLY, field + " '" + value + "' is not a DNS name");
        }
    }

    private static Optional<SiteName> site(String value, String field) throws ConnectorException {
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(SiteName.parse(value));
        } catch (ConnectorException e) {
            throw new ConnectorException(FailureCode.DC_BAD_PING_REPLY, field + " '" + value + "' is not a site name");
        }
    }
}
