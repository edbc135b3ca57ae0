package org.odjc.host;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.odjc.cloud.EnrolledIdentity;
import org.odjc.cloud.HttpCloudChannel;
import org.odjc.config.ConnectorConfig;
import org.odjc.diagnostics.AccessCheck;
import org.odjc.diagnostics.Finding;
import org.odjc.diagnostics.Report;
import org.odjc.diagnostics.Rules;
import org.odjc.domain.DcFlags;
import org.odjc.domain.DistinguishedName;
import org.odjc.domain.SecurityDescriptor;
import org.odjc.domain.Sid;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.journal.SqliteJoinJournal;
import org.odjc.kerberos.Keytabs;
import org.odjc.ldap.LdapProbes;
import org.odjc.locator.CldapPinger;
import org.odjc.locator.DnsLookup;
import org.odjc.locator.NetlogonResponse;
import org.odjc.locator.SrvRecord;
import org.odjc.provisioning.DirectoryAccess;
import org.odjc.provisioning.DirectorySession;
import org.odjc.provisioning.Identity;
import org.odjc.provisioning.OuAllowList;
import org.odjc.proxy.PacDirective;
import org.odjc.proxy.PacScript;
import org.odjc.proxy.Wpad;

/**
 * {@code odjc diagnose}: what breaks hybrid join, found before a device finds it. Per configured
 * domain: DNS (the DC, Kerberos and PDC SRV records and that each DC's name resolves), the DCs'
 * ports with round trips, the LDAPS certificate, the CLDAP ping, the clock against the DC's
 * rootDSE, the bind, and the rights on each allow-listed OU; then the local state directory, the
 * proxy decision (WPAD and the PAC script's answer, as the service makes it) and the dispatcher
 * along that route. Every probe has a
 * short time-out; the judgements are {@link Rules}'.
 */
public final class Diagnostics {
    /** The checks, as {@code --only} names them, in the order they run. */
    public static final List<String> CHECKS = List.of("dns", "dc", "clock", "credentials", "keytab", "ous", "quota",
            "local", "proxy", "dispatcher");
    /** WARN when fewer joins than this are left under the machine account quota. */
    static final int QUOTA_WARN_BELOW = 3;
    static final Duration TIMEOUT = Duration.ofSeconds(2);
    static final int MAX_DCS = 4;

    private final ConnectorConfig config;
    private final Map<String, String> environment;
    private final Clock clock;

    /** @param clock the clock compared with the DCs' (injected: a test offsets it) */
    public Diagnostics(ConnectorConfig config, Map<String, String> environment, Clock clock) {
        this.config = config;
        this.environment = environment;
        this.clock = clock;
    }

    public Report run(Set<String> only) {
        List<Finding> out = new ArrayList<>();
        for (ConnectorConfig.Domain d : config.domains()) {
            // the DCs are looked up even when the dns findings are not wanted
            Map<String, InetAddress> dcs = dns(d, wanted(only, "dns") ? out : new ArrayList<>());
            Optional<Map.Entry<String, InetAddress>> first = dcs.entrySet().stream().findFirst();
            // the clock is measured before the DCs' certificates are judged, so that a certificate
            // outside its validity only by this host's wrong clock is put down to the clock
            ClockReading clockReading = first.map(dc -> clock(dc.getKey())).orElseGet(() -> new ClockReading(
                    Finding.skip("clock", d.name().value(), "no DC to compare with"), Optional.empty()));
            if (wanted(only, "dc")) {
                for (Map.Entry<String, InetAddress> dc : dcs.entrySet()) {
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
            Optional<ConnectorConfig.Service> s = config.service();
            if (s.isEmpty()) {
                for (String check : List.of("proxy", "dispatcher")) {
                    if (wanted(only, check)) {
                        out.add(Finding.skip(check, check, "no service: section"));
                    }
                }
            } else {
                // the dispatcher is probed along the route the proxy check decided, findings wanted or not
                Route route = proxy(s.get(), wanted(only, "proxy") ? out : new ArrayList<>());
                if (wanted(only, "dispatcher")) {
                    dispatcher(route, out);
                }
            }
        }
        return new Report(out);
    }

    private static boolean wanted(Set<String> only, String check) {
        return only.isEmpty() || only.contains(check);
    }

    /** The SRV records and the DCs they name (or the configured DCs), each resolved. */
    private Map<String, InetAddress> dns(ConnectorConfig.Domain d, List<Finding> out) {
        DnsLookup dns = new DnsLookup(d.dnsServers(), TIMEOUT);
        String domain = d.name().lowerCase();
        String asked = "asked " + dns.describeServers();
        List<String> hosts = new ArrayList<>();
        try {
            List<SrvRecord> ldap = dns.srv("_ldap._tcp.dc._msdcs." + domain);
            if (ldap.isEmpty()) {
                out.add(Finding.fail("dns", "_ldap._tcp.dc._msdcs." + domain, FailureCode.DC_NOT_IN_DNS, "no record; " + asked));
            } else {
                ldap.forEach(r -> hosts.add(r.target()));
                out.add(Finding.pass("dns", "_ldap._tcp.dc._msdcs." + domain, ldap.size() + " DC(s): "
                        + String.join(", ", hosts) + "; " + asked));
            }
            record("_kerberos._tcp." + domain, dns, FailureCode.DIAG_NO_KERBEROS_RECORDS, asked, out);
            record("_ldap._tcp.pdc._msdcs." + domain, dns, FailureCode.DIAG_NO_PDC_RECORD, asked, out);
        } catch (ConnectorException e) {
            out.add(Finding.fail("dns", domain, e.code(), e.detail() + "; " + asked));
        }
        if (!d.dcs().isEmpty()) {
            hosts.clear();
            d.dcs().forEach(h -> hosts.add(h.lowerCase()));
        }
        Map<String, InetAddress> resolved = new LinkedHashMap<>();
        for (String host : hosts.stream().distinct().limit(MAX_DCS).toList()) {
            try {
                List<InetAddress> a = dns.addresses(host);
                if (a.isEmpty()) {
                    out.add(Finding.fail("dns", host, FailureCode.DC_NAME_UNRESOLVED, "no A/AAAA record; " + asked));
                } else {
                    resolved.put(host, a.get(0));
                    out.add(Finding.pass("dns", host, "resolves to " + a.get(0).getHostAddress()));
                }
            } catch (ConnectorException e) {
                out.add(Finding.fail("dns", host, e.code(), e.detail()));
            }
        }
        return resolved;
    }

    private static void record(String name, DnsLookup dns, FailureCode missing, String asked, List<Finding> out)
            throws ConnectorException {
        List<SrvRecord> r = dns.srv(name);
        out.add(r.isEmpty() ? Finding.warn("dns", name, missing, "no record; " + asked)
                : Finding.pass("dns", name, r.size() + " record(s): " + r.get(0).target() + ":" + r.get(0).port()));
    }

    /** TCP 389, 636, 88, 464 with round trips; the LDAPS certificate; the CLDAP ping. */
    private void reachability(ConnectorConfig.Domain d, String host, InetAddress address, Optional<Duration> dcSkew,
            List<Finding> out) {
        boolean ldaps = d.access().mode() == DirectoryAccess.BindMode.LDAPS;
        for (int port : new int[] {389, 636, 88, 464}) {
            String target = host + ":" + port;
            long t0 = System.nanoTime();
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(address, port), (int) TIMEOUT.toMillis());
                out.add(Finding.pass("dc", target, "TCP connect " + millis(t0) + " ms"));
            } catch (IOException e) {
                boolean needed = port == 389 || port == 88 || (port == 636 && ldaps);
                String detail = "no TCP connection (" + e.getClass().getSimpleName() + ")";
                out.add(needed ? Finding.fail("dc", target, FailureCode.DIAG_PORT_CLOSED, detail)
                        : Finding.warn("dc", target, FailureCode.DIAG_PORT_CLOSED, detail));
                continue;
            }
            if (port == 636) {
                try {
                    X509Certificate c = LdapProbes.ldapsCertificate(host, 636, d.access(), TIMEOUT);
                    out.add(Rules.certificate("dc", target + " certificate", c.getNotBefore().toInstant(),
                            c.getNotAfter().toInstant(), clock.instant(), dcSkew, FailureCode.DIAG_CERTIFICATE_EXPIRING,
                            FailureCode.AD_TLS_UNTRUSTED));
                } catch (ConnectorException e) {
                    out.add(ldaps ? Finding.fail("dc", target + " certificate", e.code(), e.detail())
                            : Finding.warn("dc", target + " certificate", e.code(), e.detail()));
                }
            }
        }
        long t0 = System.nanoTime();
        try {
            NetlogonResponse r = new CldapPinger(TIMEOUT, 2).ping(address, d.name().value());
            String detail = "LDAP ping " + millis(t0) + " ms; DC site " + r.dcSiteName() + ", client site "
                    + (r.clientSiteName() == null || r.clientSiteName().isEmpty() ? "(none: this subnet is in no site)"
                            : r.clientSiteName());
            out.add((r.flags() & DcFlags.WRITABLE) == 0
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
            LdapProbes.DcTime t = LdapProbes.currentTime(host, 389, TIMEOUT, clock::instant);
            return new ClockReading(Rules.clock(host, t.skew()), Optional.of(t.skew()));
        } catch (ConnectorException e) {
            return new ClockReading(Finding.fail("clock", host, e.code(), e.detail()), Optional.empty());
        }
    }

    /**
     * Binds as configured and looks the identity up, as the first request would; then reads each
     * allow-listed OU's DACL for the rights the connector needs there.
     */
    private void bound(ConnectorConfig.Domain d, String host, Set<String> only, List<Finding> out) {
        String who = d.access().mode() == DirectoryAccess.BindMode.KERBEROS ? d.access().principal().orElse("")
                : d.access().user().orElse("");
        try {
            DirectoryAdapters.inSession(d, Optional.of(org.odjc.domain.DomainDnsName.parse(host)), environment, s -> {
                Identity id = s.identity();
                if (wanted(only, "credentials")) {
                    out.add(Finding.pass("credentials", who, d.access().mode().name().toLowerCase() + " bind to " + host
                            + " works; " + id.sid() + ", " + id.groups().size() + " groups"));
                }
                if (wanted(only, "keytab") && d.access().mode() == DirectoryAccess.BindMode.KERBEROS) {
                    out.add(keytab(d, s.keyVersion(id.sid()), false));
                }
                Optional<org.odjc.provisioning.MachineAccountQuota> quota = Optional.empty();
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
                return null;
            });
        } catch (ConnectorException e) {
            out.add(Finding.fail("credentials", who, e.code(), e.detail()));
            if (wanted(only, "keytab") && d.access().mode() == DirectoryAccess.BindMode.KERBEROS) {
                out.add(keytab(d, java.util.OptionalLong.empty(), e.code() == FailureCode.AD_KERBEROS_CREDENTIALS));
            }
        } catch (IllegalArgumentException e) {
            out.add(Finding.fail("credentials", who, FailureCode.CONFIG_INVALID, e.getMessage()));
        }
    }

    /** The keytab read with Kerby, held against the account's key version when the bind could read it. */
    private static Finding keytab(ConnectorConfig.Domain d, java.util.OptionalLong accountKvno, boolean bindRefused) {
        String principal = d.access().principal().orElse("");
        try {
            return Rules.keytab(principal, Keytabs.read(Path.of(d.access().keytab().orElseThrow())), accountKvno,
                    bindRefused);
        } catch (ConnectorException e) {
            return Finding.fail("keytab", principal, e.code(), e.detail());
        }
    }

    /** One OU's finding, whether it exists, and whether the identity may create computers there. */
    private record OuRights(Finding finding, boolean exists, boolean canCreate) {
    }

    /** The rights of docs/ad-facts.md §2 on one OU, from its DACL and the identity's token. */
    private static OuRights rights(DirectorySession s, Identity id, DistinguishedName ou) {
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
        Optional<ConnectorConfig.Service> s = config.service();
        if (s.isEmpty()) {
            out.add(Finding.skip("local", "state directory", "no service: section"));
            return;
        }
        Path dir = s.get().stateDirectory();
        String target = dir.toString();
        try {
            Path probe = Files.createTempFile(dir, ".odjc-diagnose-", ".tmp");
            Files.delete(probe);
            out.add(Finding.pass("local", target, "writable"));
            // its own target: each finding is one series of odjc_diagnostics_check_status (check, target)
            out.add(Rules.freeSpace(target + " free space", Files.getFileStore(dir).getUsableSpace()));
        } catch (IOException e) {
            out.add(Finding.fail("local", target, FailureCode.DIAG_STATE_UNWRITABLE, e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage())));
            return;
        }
        Path journal = dir.resolve("journal.db");
        if (!Files.exists(journal)) {
            out.add(Finding.pass("local", journal.toString(), "no journal yet (made at the first start)"));
            return;
        }
        try (SqliteJoinJournal j = SqliteJoinJournal.open(journal)) {
            out.add(Finding.pass("local", journal.toString(), "readable, " + Files.size(journal) / 1024 + " KiB"));
        } catch (ConnectorException | IOException e) {
            out.add(Finding.fail("local", journal.toString(), e instanceof ConnectorException c ? c.code()
                    : FailureCode.JOURNAL_UNAVAILABLE, e.getMessage()));
        }
    }

    /** How the dispatcher is reached: the selector the probe uses, and whether the proxy that applies answers. */
    private record Route(java.net.ProxySelector selector, String via, boolean proxyDown) {
    }

    /**
     * The proxy decision the connector makes: none, the explicit proxy, or the WPAD/PAC script's
     * answer for the dispatcher's URL; then whether the proxy that applies answers TCP.
     */
    private Route proxy(ConnectorConfig.Service s, List<Finding> out) {
        ConnectorConfig.ProxySetting setting = s.proxy();
        if (setting instanceof ConnectorConfig.ProxySetting.Direct) {
            String jvm = System.getProperty("https.proxyHost");
            out.add(Finding.pass("proxy", "direct", jvm == null ? "service.proxy is direct: the dispatcher is reached"
                    + " without a proxy (WPAD is consulted only with proxy: wpad)" : "the JVM's https.proxyHost " + jvm + " applies"));
            return new Route(java.net.ProxySelector.getDefault(), "", false);
        }
        java.net.InetSocketAddress proxy;
        String via;
        if (setting instanceof ConnectorConfig.ProxySetting.Explicit e) {
            proxy = e.address();
            via = "the configured proxy " + e;
        } else {
            Optional<PacDirective> chosen = pac(s.dispatcher(), out);
            if (chosen.isEmpty() || chosen.get().direct()) {
                return new Route(java.net.ProxySelector.of(null), "", false);
            }
            proxy = java.net.InetSocketAddress.createUnresolved(chosen.get().host(), chosen.get().port());
            via = "the PAC script's proxy " + chosen.get().host() + ":" + chosen.get().port();
        }
        String target = proxy.getHostString() + ":" + proxy.getPort();
        long t0 = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(proxy.getHostString(), proxy.getPort()), (int) TIMEOUT.toMillis());
            out.add(Finding.pass("proxy", target, "TCP connect " + millis(t0) + " ms to " + via));
            return new Route(java.net.ProxySelector.of(proxy), " through " + via, false);
        } catch (IOException e) {
            out.add(Finding.fail("proxy", target, FailureCode.DIAG_PROXY_UNREACHABLE, via + " accepts no TCP connection ("
                    + e.getClass().getSimpleName() + ")"));
            return new Route(java.net.ProxySelector.of(proxy), " through " + via, true);
        }
    }

    /**
     * WPAD under the first domain, the PAC file, and its answer for the dispatcher's URL, each
     * step its own finding; empty when there is no usable answer (the connector then goes direct).
     */
    private Optional<PacDirective> pac(java.net.URI dispatcher, List<Finding> out) {
        ConnectorConfig.Domain home = config.domains().get(0);
        PacScript.Resolver resolver = Proxies.resolver(home);
        Wpad wpad = new Wpad(resolver, TIMEOUT);
        String asked = "asked " + new DnsLookup(home.dnsServers(), TIMEOUT).describeServers();
        try {
            Wpad.Found found = wpad.discover(home.name().lowerCase());
            if (found.url().isEmpty()) {
                out.add(Finding.warn("proxy", "wpad", FailureCode.DIAG_WPAD_NOT_FOUND, String.join(", ", found.tried())
                        + " do not resolve (" + asked + "), so the connector goes direct; Windows DNS servers do not"
                        + " answer for wpad while it is on their global query block list"));
                return Optional.empty();
            }
            Wpad.Fetched f = wpad.fetch(found.url().get(), found.address().get());
            long t0 = System.nanoTime();
            String result = PacScript.compile(f.source(), f.url().toString())
                    .findProxyForUrl(dispatcher, resolver, f.localAddress(), clock);
            List<PacDirective> all = PacDirective.parseAll(result);
            Optional<PacDirective> chosen = PacDirective.firstUsable(all);
            String said = f.url() + " (from " + f.address().getHostAddress() + ", " + f.source().length()
                    + " characters) answers '" + result + "' for " + dispatcher.getScheme() + "://" + dispatcher.getHost()
                    + " in " + millis(t0) + " ms";
            if (chosen.isEmpty()) {
                out.add(Finding.fail("proxy", f.url().toString(), FailureCode.DIAG_PAC_INVALID, said
                        + ": nothing this client can use (it tunnels through plain HTTP proxies only), so it goes direct"));
                return Optional.empty();
            }
            out.add(Finding.pass("proxy", f.url().toString(), said + "; the connector uses " + chosen.get()
                    + (all.size() > 1 ? " (the first usable entry: the JDK's HTTP client takes no second choice)" : "")));
            return chosen;
        } catch (ConnectorException e) {
            out.add(Finding.fail("proxy", "wpad", e.code(), e.detail() + "; the connector goes direct"));
            return Optional.empty();
        }
    }

    private void dispatcher(Route route, List<Finding> out) {
        ConnectorConfig.Service s = config.service().orElseThrow();
        String target = s.dispatcher().toString();
        EnrolledIdentity id;
        try {
            id = EnrolledIdentity.load(s.identity(), HostSecrets.protectedFiles());
        } catch (ConnectorException e) {
            out.add(Finding.fail("dispatcher", target, e.code(), e.detail()));
            return;
        }
        X509Certificate c = id.certificate();
        out.add(Rules.certificate("dispatcher", id.connectorId() + " client certificate", c.getNotBefore().toInstant(),
                c.getNotAfter().toInstant(), clock.instant(), FailureCode.DIAG_CERTIFICATE_EXPIRING,
                FailureCode.CLOUD_REFUSED));
        if (route.proxyDown()) {
            out.add(Finding.skip("dispatcher", target, "not tried: the proxy that applies does not answer (see the proxy check)"));
            return;
        }
        try {
            Duration rtt = new HttpCloudChannel(s.dispatcher(), id.connectorId(), id.tls(), route.selector(),
                    TIMEOUT.multipliedBy(5)).probe();
            out.add(Finding.pass("dispatcher", target, "answers " + id.connectorId() + " over mutual TLS, chain valid"
                    + " against the pinned CA; " + rtt.toMillis() + " ms" + route.via()));
        } catch (ConnectorException e) {
            out.add(Finding.fail("dispatcher", target, e.code(), e.detail()));
        }
    }

    private static long millis(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
