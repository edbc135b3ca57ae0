package org.odjc.diagnostics;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.odjc.domain.DistinguishedName;
import org.odjc.domain.DomainDnsName;
import org.odjc.domain.IpAddress;
import org.odjc.domain.SecurityDescriptor;
import org.odjc.domain.Sid;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.provisioning.DirectoryAccess;
import org.odjc.provisioning.Identity;
import org.odjc.provisioning.MachineAccountQuota;
import org.odjc.provisioning.OuAllowList;

/**
 * {@code odjc diagnose}'s checks: which run in which order, what is skipped when what failed, and
 * the findings made of what the {@link Probes} measured. Per configured domain: DNS (the DC,
 * Kerberos and PDC SRV records and that each DC's name resolves), the DCs' ports with round trips,
 * the LDAPS certificate, the CLDAP ping, the clock against the DC's, the bind, the keytab, the
 * rights on each allow-listed OU and the quota; then the local state directory, the proxy decision
 * (WPAD and the PAC script's answer, as the service makes it) and the dispatcher along that route.
 * The judgements are {@link Rules}'.
 */
public final class Diagnosis {
    /** The checks, as {@code --only} names them, in the order they run. */
    public static final List<String> CHECKS = List.of("dns", "dc", "clock", "credentials", "keytab", "ous", "quota",
            "local", "proxy", "dispatcher");
    /** WARN when fewer joins than this are left under the machine account quota. */
    public static final int QUOTA_WARN_BELOW = 3;
    /** At most this many DCs of a domain are probed. */
    public static final int MAX_DCS = 4;

    /** A configured domain, as the checks see it. */
    public record Domain(DomainDnsName name, List<DomainDnsName> dcs, List<IpAddress> dnsServers, DirectoryAccess access,
            OuAllowList ous) {
        public Domain {
            Objects.requireNonNull(name, "name");
            dcs = List.copyOf(dcs);
            dnsServers = List.copyOf(dnsServers);
            Objects.requireNonNull(access, "access");
            Objects.requireNonNull(ous, "ous");
        }
    }

    /** {@code service.proxy}: direct, an explicit HTTP proxy, or WPAD. */
    public sealed interface ProxyMode {
        record Direct() implements ProxyMode {
        }

        /** @param text as the configuration names it, {@code host:port} */
        record Explicit(String host, int port, String text) implements ProxyMode {
            public Explicit {
                Objects.requireNonNull(host, "host");
                Objects.requireNonNull(text, "text");
            }
        }

        record Wpad() implements ProxyMode {
        }
    }

    /** The configured service, as the checks see it. */
    public record Service(String stateDirectory, ProxyMode proxy, String dispatcher) {
        public Service {
            Objects.requireNonNull(stateDirectory, "stateDirectory");
            Objects.requireNonNull(proxy, "proxy");
            Objects.requireNonNull(dispatcher, "dispatcher");
        }
    }

    private final List<Domain> domains;
    private final Optional<Service> service;
    private final Probes probes;

    public Diagnosis(List<Domain> domains, Optional<Service> service, Probes probes) {
        this.domains = List.copyOf(domains);
        this.service = Objects.requireNonNull(service, "service");
        this.probes = Objects.requireNonNull(probes, "probes");
    }

    /** Runs the checks named in {@code only} (all when empty), in {@link #CHECKS}' order. */
    public Report run(Set<String> only) {
        List<Finding> out = new ArrayList<>();
        for (Domain d : domains) {
            // the DCs are looked up even when the dns findings are not wanted
            Map<String, String> dcs = dns(d, wanted(only, "dns") ? out : new ArrayList<>());
            Optional<Map.Entry<String, String>> first = dcs.entrySet().stream().findFirst();
            // the clock is measured before the DCs' certificates are judged, so that a certificate
            // outside its validity only by this host's wrong clock is put down to the clock
            ClockReading clockReading = first.map(dc -> clock(dc.getKey())).orElseGet(() -> new ClockReading(
                    Finding.skip("clock", d.name().value(), "no DC to compare with"), Optional.empty()));
            if (wanted(only, "dc")) {
                for (Map.Entry<String, String> dc : dcs.entrySet()) {
                    reachability(d, dc.getKey(), dc.getValue(), clockReading.skew(), out);
                }
            }
            if (wanted(only, "clock")) {
                out.add(clockReading.finding());
            }
            if (wanted(only, "credentials") || wanted(only, "keytab") || wanted(only, "ous") || wanted(only, "quota")) {
                if (first.isEmpty()) {
                    out.add(Finding.skip("credentials", d.name().value(), "no DC to bind to"));
                } else {
                    bound(d, first.get().getKey(), only, out);
                }
            }
        }
        if (wanted(only, "local")) {
            local(out);
        }
        if (wanted(only, "proxy") || wanted(only, "dispatcher")) {
            if (service.isEmpty()) {
                for (String check : List.of("proxy", "dispatcher")) {
                    if (wanted(only, check)) {
                        out.add(Finding.skip(check, check, "no service: section"));
                    }
                }
            } else {
                // the dispatcher is probed along the route the proxy check decided, findings wanted or not
                Route route = proxy(service.get(), wanted(only, "proxy") ? out : new ArrayList<>());
                if (wanted(only, "dispatcher")) {
                    dispatcher(service.get(), route, out);
                }
            }
        }
        return new Report(out);
    }

    private static boolean wanted(Set<String> only, String check) {
        return only.isEmpty() || only.contains(check);
    }

    /** The SRV records and the DCs they name (or the configured DCs), each resolved: host to address. */
    private Map<String, String> dns(Domain d, List<Finding> out) {
        Probes.DnsProbe dns = probes.dns();
        String domain = d.name().lowerCase();
        String asked = "asked " + dns.describeServers(d);
        List<String> hosts = new ArrayList<>();
        try {
            List<Probes.Srv> ldap = dns.srv(d, "_ldap._tcp.dc._msdcs." + domain);
            if (ldap.isEmpty()) {
                out.add(Finding.fail("dns", "_ldap._tcp.dc._msdcs." + domain, FailureCode.DC_NOT_IN_DNS, "no record; " + asked));
            } else {
                ldap.forEach(r -> hosts.add(r.target()));
                out.add(Finding.pass("dns", "_ldap._tcp.dc._msdcs." + domain, ldap.size() + " DC(s): "
                        + String.join(", ", hosts) + "; " + asked));
            }
            record(d, "_kerberos._tcp." + domain, FailureCode.DIAG_NO_KERBEROS_RECORDS, asked, out);
            record(d, "_ldap._tcp.pdc._msdcs." + domain, FailureCode.DIAG_NO_PDC_RECORD, asked, out);
        } catch (ConnectorException e) {
            out.add(Finding.fail("dns", domain, e.code(), e.detail() + "; " + asked));
        }
        if (!d.dcs().isEmpty()) {
            hosts.clear();
            d.dcs().forEach(h -> hosts.add(h.lowerCase()));
        }
        Map<String, String> resolved = new LinkedHashMap<>();
        for (String host : hosts.stream().distinct().limit(MAX_DCS).toList()) {
            try {
                List<String> a = dns.addresses(d, host);
                if (a.isEmpty()) {
                    out.add(Finding.fail("dns", host, FailureCode.DC_NAME_UNRESOLVED, "no A/AAAA record; " + asked));
                } else {
                    resolved.put(host, a.get(0));
                    out.add(Finding.pass("dns", host, "resolves to " + a.get(0)));
                }
            } catch (ConnectorException e) {
                out.add(Finding.fail("dns", host, e.code(), e.detail()));
            }
        }
        return resolved;
    }

    private void record(Domain d, String name, FailureCode missing, String asked, List<Finding> out)
            throws ConnectorException {
        List<Probes.Srv> r = probes.dns().srv(d, name);
        out.add(r.isEmpty() ? Finding.warn("dns", name, missing, "no record; " + asked)
                : Finding.pass("dns", name, r.size() + " record(s): " + r.get(0).target() + ":" + r.get(0).port()));
    }

    /** TCP 389, 636, 88, 464 with round trips; the LDAPS certificate; the CLDAP ping. */
    private void reachability(Domain d, String host, String address, Optional<Duration> dcSkew, List<Finding> out) {
        boolean ldaps = d.access().mode() == DirectoryAccess.BindMode.LDAPS;
        for (int port : new int[] {389, 636, 88, 464}) {
            String target = host + ":" + port;
            Probes.Connect c = probes.ports().connect(address, port);
            if (c.roundTrip().isEmpty()) {
                boolean needed = port == 389 || port == 88 || (port == 636 && ldaps);
                String detail = "no TCP connection (" + c.refusal() + ")";
                out.add(needed ? Finding.fail("dc", target, FailureCode.DIAG_PORT_CLOSED, detail)
                        : Finding.warn("dc", target, FailureCode.DIAG_PORT_CLOSED, detail));
                continue;
            }
            out.add(Finding.pass("dc", target, "TCP connect " + c.roundTrip().get().toMillis() + " ms"));
            if (port == 636) {
                try {
                    Probes.Validity v = probes.certificates().ldaps(host, 636, d.access());
                    out.add(Rules.certificate("dc", target + " certificate", v.notBefore(), v.notAfter(),
                            probes.clock().instant(), dcSkew, FailureCode.DIAG_CERTIFICATE_EXPIRING,
                            FailureCode.AD_TLS_UNTRUSTED));
                } catch (ConnectorException e) {
                    out.add(ldaps ? Finding.fail("dc", target + " certificate", e.code(), e.detail())
                            : Finding.warn("dc", target + " certificate", e.code(), e.detail()));
                }
            }
        }
        try {
            Probes.CldapAnswer r = probes.cldap().ping(address, d.name().value());
            String detail = "LDAP ping " + r.roundTrip().toMillis() + " ms; DC site " + r.dcSite() + ", client site "
                    + (r.clientSite().isEmpty() ? "(none: this subnet is in no site)" : r.clientSite());
            out.add(!r.writable()
                    ? Finding.warn("dc", host + " cldap", FailureCode.DC_NOT_WRITABLE, detail + "; read-only DC")
                    : Finding.pass("dc", host + " cldap", detail + "; writable"));
        } catch (ConnectorException e) {
            out.add(Finding.fail("dc", host + " cldap", e.code(), e.detail()));
        }
    }

    /** The clock check's finding, and the DC's clock minus ours when it could be measured. */
    private record ClockReading(Finding finding, Optional<Duration> skew) {
    }

    private ClockReading clock(String host) {
        try {
            Duration skew = probes.dcClock().skew(host);
            return new ClockReading(Rules.clock(host, skew), Optional.of(skew));
        } catch (ConnectorException e) {
            return new ClockReading(Finding.fail("clock", host, e.code(), e.detail()), Optional.empty());
        }
    }

    /**
     * Binds as configured and looks the identity up, as the first request would; then reads each
     * allow-listed OU's DACL for the rights the connector needs there.
     */
    private void bound(Domain d, String host, Set<String> only, List<Finding> out) {
        boolean kerberos = d.access().bind() instanceof DirectoryAccess.Bind.Kerberos;
        String who = d.access().bind().account();
        try {
            probes.directory().inSession(d, host, s -> {
                Identity id = s.identity();
                if (wanted(only, "credentials")) {
                    out.add(Finding.pass("credentials", who, d.access().mode().name().toLowerCase() + " bind to " + host
                            + " works; " + id.sid() + ", " + id.groups().size() + " groups"));
                }
                if (wanted(only, "keytab") && kerberos) {
                    out.add(keytab(d, s.keyVersion(id.sid()), false));
                }
                Optional<MachineAccountQuota> quota = Optional.empty();
                for (OuAllowList.Entry e : d.ous().entries()) {
                    OuRights rights = rights(s, id, e.ou());
                    if (wanted(only, "ous")) {
                        out.add(rights.finding());
                    }
                    if (wanted(only, "quota") && rights.exists()) {
                        if (quota.isEmpty()) {
                            quota = Optional.of(s.machineAccountQuota(id.sid()));
                        }
                        out.add(Rules.quota(e.ou().toString(), rights.canCreate(), quota.get(), QUOTA_WARN_BELOW));
                    }
                }
            });
        } catch (ConnectorException e) {
            out.add(Finding.fail("credentials", who, e.code(), e.detail()));
            if (wanted(only, "keytab") && kerberos) {
                out.add(keytab(d, OptionalLong.empty(), e.code() == FailureCode.AD_KERBEROS_CREDENTIALS));
            }
        } catch (IllegalArgumentException e) {
            out.add(Finding.fail("credentials", who, FailureCode.CONFIG_INVALID, e.getMessage()));
        }
    }

    /** The keytab, held against the account's key version when the bind could read it. */
    private Finding keytab(Domain d, OptionalLong accountKvno, boolean bindRefused) {
        if (!(d.access().bind() instanceof DirectoryAccess.Bind.Kerberos kerberos)) {
            throw new IllegalStateException("the keytab check is for Kerberos binds only");
        }
        String principal = kerberos.principal();
        try {
            return Rules.keytab(principal, probes.keytab().read(kerberos.keytab()), accountKvno, bindRefused);
        } catch (ConnectorException e) {
            return Finding.fail("keytab", principal, e.code(), e.detail());
        }
    }

    /** One OU's finding, whether it exists, and whether the identity may create computers there. */
    private record OuRights(Finding finding, boolean exists, boolean canCreate) {
    }

    /** The rights of docs/ad-facts.md §2 on one OU, from its DACL and the identity's token. */
    private static OuRights rights(Probes.DirectoryReads s, Identity id, DistinguishedName ou) {
        List<SecurityDescriptor.Ace> dacl;
        try {
            dacl = s.dacl(ou);
        } catch (ConnectorException e) {
            return new OuRights(Finding.fail("ous", ou.toString(), e.code() == FailureCode.AD_NO_SUCH_OBJECT
                    ? FailureCode.PROV_NO_SUCH_OU : e.code(), e.detail()), false, false);
        }
        Set<Sid> token = new HashSet<>(id.groups());
        token.add(id.sid());
        List<String> missingHere = new ArrayList<>();
        List<String> missingOnChildren = new ArrayList<>();
        for (AccessCheck.Right r : AccessCheck.CONNECTOR_RIGHTS) {
            if (!AccessCheck.holds(dacl, token, r)) {
                (r.onChildren() ? missingOnChildren : missingHere).add(r.name());
            }
        }
        boolean canCreate = !missingHere.contains(AccessCheck.CONNECTOR_RIGHTS.get(0).name());
        if (!missingHere.isEmpty()) {
            return new OuRights(Finding.fail("ous", ou.toString(), FailureCode.DIAG_OU_RIGHT_MISSING, id.name() + " lacks "
                    + String.join(", ", missingHere) + (missingOnChildren.isEmpty() ? ""
                            : "; on the computers it creates also " + String.join(", ", missingOnChildren))), true,
                    canCreate);
        }
        if (!missingOnChildren.isEmpty()) {
            return new OuRights(Finding.warn("ous", ou.toString(), FailureCode.DIAG_OU_RIGHT_MISSING, "the OU does not"
                    + " grant " + id.name() + " " + String.join(", ", missingOnChildren) + " on the computers it creates"
                    + " (the computer class's default security descriptor may, through CREATOR OWNER)"), true, true);
        }
        return new OuRights(Finding.pass("ous", ou.toString(), id.name() + " holds all "
                + AccessCheck.CONNECTOR_RIGHTS.size() + " rights (" + dacl.size()
                + " ACEs read, deny and inherited ones included)"), true, true);
    }

    private void local(List<Finding> out) {
        if (service.isEmpty()) {
            out.add(Finding.skip("local", "state directory", "no service: section"));
            return;
        }
        String target = service.get().stateDirectory();
        try {
            long free = probes.local().writableFreeBytes(target);
            out.add(Finding.pass("local", target, "writable"));
            // its own target: each finding is one series of odjc_diagnostics_check_status (check, target)
            out.add(Rules.freeSpace(target + " free space", free));
        } catch (IOException e) {
            out.add(Finding.fail("local", target, FailureCode.DIAG_STATE_UNWRITABLE, e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage())));
            return;
        }
        Probes.Journal j = probes.local().journal(target);
        if (!j.exists()) {
            out.add(Finding.pass("local", j.path(), "no journal yet (made at the first start)"));
        } else if (j.failure().isPresent()) {
            out.add(Finding.fail("local", j.path(), j.failure().get(), j.message()));
        } else {
            out.add(Finding.pass("local", j.path(), "readable, " + j.bytes() / 1024 + " KiB"));
        }
    }

    /** How the dispatcher is reached: the route, the words for it, and whether the proxy that applies answers. */
    private record Route(Probes.Route route, String via, boolean proxyDown) {
    }

    /**
     * The proxy decision the connector makes: none, the explicit proxy, or the WPAD/PAC script's
     * answer for the dispatcher's URL; then whether the proxy that applies answers TCP.
     */
    private Route proxy(Service s, List<Finding> out) {
        ProxyMode setting = s.proxy();
        if (setting instanceof ProxyMode.Direct) {
            Optional<String> jvm = probes.proxy().jvmHttpsProxy();
            out.add(Finding.pass("proxy", "direct", jvm.isEmpty() ? "service.proxy is direct: the dispatcher is reached"
                    + " without a proxy (WPAD is consulted only with proxy: wpad)"
                    : "the JVM's https.proxyHost " + jvm.get() + " applies"));
            return new Route(new Probes.Route.SystemDefault(), "", false);
        }
        String host;
        int port;
        String via;
        if (setting instanceof ProxyMode.Explicit e) {
            host = e.host();
            port = e.port();
            via = "the configured proxy " + e.text();
        } else {
            Optional<Probes.Hop> chosen = pac(out);
            if (chosen.isEmpty() || chosen.get().direct()) {
                return new Route(new Probes.Route.NoProxy(), "", false);
            }
            host = chosen.get().host();
            port = chosen.get().port();
            via = "the PAC script's proxy " + host + ":" + port;
        }
        String target = host + ":" + port;
        Probes.Route through = new Probes.Route.Through(host, port);
        Probes.Connect c = probes.ports().connect(host, port);
        if (c.roundTrip().isPresent()) {
            out.add(Finding.pass("proxy", target, "TCP connect " + c.roundTrip().get().toMillis() + " ms to " + via));
            return new Route(through, " through " + via, false);
        }
        out.add(Finding.fail("proxy", target, FailureCode.DIAG_PROXY_UNREACHABLE, via + " accepts no TCP connection ("
                + c.refusal() + ")"));
        return new Route(through, " through " + via, true);
    }

    /**
     * WPAD under the first domain, the PAC file, and its answer for the dispatcher's URL, each
     * step its own finding; empty when there is no usable answer (the connector then goes direct).
     */
    private Optional<Probes.Hop> pac(List<Finding> out) {
        Domain home = domains.get(0);
        String asked = "asked " + probes.dns().describeServers(home);
        try {
            Probes.PacAnswer a = probes.proxy().pac(home);
            if (a.url().isEmpty()) {
                out.add(Finding.warn("proxy", "wpad", FailureCode.DIAG_WPAD_NOT_FOUND, String.join(", ", a.tried())
                        + " do not resolve (" + asked + "), so the connector goes direct; Windows DNS servers do not"
                        + " answer for wpad while it is on their global query block list"));
                return Optional.empty();
            }
            String url = a.url().get();
            String said = url + " (from " + a.from() + ", " + a.characters() + " characters) answers '" + a.result()
                    + "' for " + a.askedFor() + " in " + a.elapsed().toMillis() + " ms";
            if (a.chosen().isEmpty()) {
                out.add(Finding.fail("proxy", url, FailureCode.DIAG_PAC_INVALID, said
                        + ": nothing this client can use (it tunnels through plain HTTP proxies only), so it goes direct"));
                return Optional.empty();
            }
            out.add(Finding.pass("proxy", url, said + "; the connector uses " + a.chosen().get().text()
                    + (a.all().size() > 1 ? " (the first usable entry: the JDK's HTTP client takes no second choice)" : "")));
            return a.chosen();
        } catch (ConnectorException e) {
            out.add(Finding.fail("proxy", "wpad", e.code(), e.detail() + "; the connector goes direct"));
            return Optional.empty();
        }
    }

    private void dispatcher(Service s, Route route, List<Finding> out) {
        String target = s.dispatcher();
        Probes.Enrolled id;
        try {
            id = probes.dispatcher().load();
        } catch (ConnectorException e) {
            out.add(Finding.fail("dispatcher", target, e.code(), e.detail()));
            return;
        }
        out.add(Rules.certificate("dispatcher", id.connectorId() + " client certificate", id.certificate().notBefore(),
                id.certificate().notAfter(), probes.clock().instant(), FailureCode.DIAG_CERTIFICATE_EXPIRING,
                FailureCode.CLOUD_REFUSED));
        if (route.proxyDown()) {
            out.add(Finding.skip("dispatcher", target, "not tried: the proxy that applies does not answer (see the proxy check)"));
            return;
        }
        try {
            Duration rtt = id.probe(route.route());
            out.add(Finding.pass("dispatcher", target, "answers " + id.connectorId() + " over mutual TLS, chain valid"
                    + " against the pinned CA; " + rtt.toMillis() + " ms" + route.via()));
        } catch (ConnectorException e) {
            out.add(Finding.fail("dispatcher", target, e.code(), e.detail()));
        }
    }
}
