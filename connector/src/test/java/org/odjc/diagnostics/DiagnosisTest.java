package org.odjc.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
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
import org.odjc.provisioning.PasswordSource;

/**
 * Every fault scenario of DiagnoseIT replayed on fakes of the probe ports: the same checks turn,
 * with the same codes, statuses and targets, in no time (the fakes answer at once; nothing sleeps).
 * DiagnoseIT keeps the proofs against the real DC.
 */
class DiagnosisTest {
    static final String DOMAIN = "corp.example.test";
    static final String DC = "dc1.corp.example.test";
    static final String DC_IP = "127.0.0.10";
    static final String ADMIN = "Administrator@" + DOMAIN;
    static final String PRINCIPAL = "odjckt@CORP.EXAMPLE.TEST";
    static final String DISPATCHER = "https://localhost:8443";
    static final String KEYTAB = "/etc/odjc/odjc.keytab";
    static final String STATE = "/var/lib/odjc";
    static final Instant NOW = Instant.parse("2026-12-04T17:00:00Z");
    static final Sid SID = sid("S-1-5-21-1-2-3-500");
    static final Sid GROUP = sid("S-1-5-21-1-2-3-512");

    /** The fakes' world: a healthy domain, service and dispatcher until a test breaks something. */
    static final class World {
        boolean dnsUnreachable;
        final Set<String> missingRecords = new HashSet<>();
        final FakePorts ports = new FakePorts();
        Probes.Validity dcCertificate = new Probes.Validity(NOW.minus(Duration.ofDays(30)), NOW.plus(Duration.ofDays(300)));
        /** The DC's clock. */
        Instant dcNow = NOW;
        DirectoryAccess access = ldaps(ADMIN);
        Optional<FailureCode> bindRefused = Optional.empty();
        Identity identity = new Identity("Administrator", SID, Set.of(GROUP));
        final Map<String, List<SecurityDescriptor.Ace>> dacls = new HashMap<>();
        MachineAccountQuota quota = new MachineAccountQuota(10, 0, Optional.of("Samba 4.19"));
        long accountKvno = 2;
        List<KeytabKey> keytab = List.of(new KeytabKey(PRINCIPAL, 2, 18), new KeytabKey(PRINCIPAL, 2, 17));
        Diagnosis.ProxyMode proxy = new Diagnosis.ProxyMode.Direct();
        Optional<Probes.PacAnswer> pac = Optional.empty();
        boolean dispatcherDown;
        final List<Probes.Route> routesTaken = new ArrayList<>();
        final List<DistinguishedName> ous = new ArrayList<>();

        final FakeStateDirectories local = new FakeStateDirectories().directory(STATE, 50L * 1024 * 1024 * 1024)
                .journal(STATE, 64 * 1024);

        World() {
            for (int port : new int[] {389, 636, 88, 464}) {
                ports.open.add(DC_IP + ":" + port);
            }
            ou("OU=odjc-diag,DC=corp,DC=example,DC=test", fullRights(SID));
        }

        void ou(String dn, List<SecurityDescriptor.Ace> dacl) {
            ous.add(dn(dn));
            if (dacl != null) {
                dacls.put(dn(dn).toString(), dacl);
            }
        }

        Diagnosis.Domain domain() {
            return new Diagnosis.Domain(new DomainDnsName(DOMAIN), List.of(), List.of(new IpAddress(DC_IP)), access,
                    OuAllowList.of(ous.stream().map(o -> new OuAllowList.Entry(o, false)).toList()));
        }

        Diagnosis diagnosis(Clock clock) {
            return new Diagnosis(List.of(domain()), Optional.of(new Diagnosis.Service(STATE, proxy, DISPATCHER)),
                    probes(clock));
        }

        /** The fakes, on a clock stopped at {@link #NOW}. */
        Probes probes() {
            return probes(Clock.fixed(NOW, ZoneOffset.UTC));
        }

        Probes probes(Clock clock) {
            Probes.DnsProbe dns = new Probes.DnsProbe() {
                @Override
                public String describeServers(Diagnosis.Domain d) {
                    return d.dnsServers().toString();
                }

                @Override
                public List<Probes.Srv> srv(Diagnosis.Domain d, String name) throws ConnectorException {
                    unreachable();
                    // the records a DC registers; any other name is unknown: an empty answer, not an error
                    if (missingRecords.contains(name) || !List.of("_ldap._tcp.dc._msdcs." + DOMAIN,
                            "_ldap._tcp.pdc._msdcs." + DOMAIN, "_kerberos._tcp." + DOMAIN).contains(name)) {
                        return List.of();
                    }
                    return List.of(new Probes.Srv(DC, name.startsWith("_kerberos") ? 88 : 389));
                }

                @Override
                public List<String> addresses(Diagnosis.Domain d, String host) throws ConnectorException {
                    unreachable();
                    return host.equals(DC) ? List.of(DC_IP) : List.of();
                }

                private void unreachable() throws ConnectorException {
                    if (dnsUnreachable) {
                        throw new ConnectorException(FailureCode.DC_DNS_UNREACHABLE, "no answer from 127.0.0.1:53");
                    }
                }
            };
            Probes.CertificateProbe certificates = (host, port, a) -> {
                if (!ports.open.contains((host.equals(DC) ? DC_IP : host) + ":" + port)) {
                    throw new ConnectorException(FailureCode.DIAG_PORT_CLOSED, host + ":" + port + ": Connection refused");
                }
                return dcCertificate;
            };
            Probes.CldapProbe cldap = (address, domain) -> {
                // a DC answers on its UDP 389 (here: where TCP 389 listens), and only for its own domain
                if (!ports.open.contains(address + ":389")) {
                    throw new ConnectorException(FailureCode.DC_PING_UNANSWERED, address + ": no CLDAP reply");
                }
                if (!domain.equalsIgnoreCase(DOMAIN)) {
                    throw new ConnectorException(FailureCode.DC_PING_UNANSWERED, address + ": no CLDAP reply for " + domain);
                }
                return new Probes.CldapAnswer(Duration.ofMillis(1), "Default-First-Site-Name", "", true);
            };
            Probes.ClockProbe dcClock = host -> {
                if (!ports.open.contains((host.equals(DC) ? DC_IP : host) + ":389")) {
                    throw new ConnectorException(FailureCode.AD_DC_UNREACHABLE, "reading the rootDSE of " + host);
                }
                return Duration.between(clock.instant(), dcNow);
            };
            Probes.DirectoryProbe directory = (d, dc, work) -> {
                if (bindRefused.isPresent()) {
                    throw new ConnectorException(bindRefused.get(), "the KDC refused the keytab's key");
                }
                work.apply(new Probes.DirectoryReads() {
                    @Override
                    public Identity identity() {
                        return identity;
                    }

                    @Override
                    public OptionalLong keyVersion(Sid sid) {
                        return OptionalLong.of(accountKvno);
                    }

                    @Override
                    public List<SecurityDescriptor.Ace> dacl(DistinguishedName dn) throws ConnectorException {
                        List<SecurityDescriptor.Ace> dacl = dacls.get(dn.toString());
                        if (dacl == null) {
                            throw new ConnectorException(FailureCode.AD_NO_SUCH_OBJECT, "no such object: " + dn);
                        }
                        return dacl;
                    }

                    @Override
                    public MachineAccountQuota machineAccountQuota(Sid creator) {
                        return quota;
                    }
                });
            };
            Probes.KeytabProbe keytabs = file -> {
                if (!file.equals(KEYTAB)) {
                    throw new ConnectorException(FailureCode.AD_SECRET_UNREADABLE, file + ": not a readable keytab "
                            + "(NoSuchFileException)");
                }
                return keytab;
            };
            Probes.ProxyProbe proxies = new Probes.ProxyProbe() {
                @Override
                public Optional<String> jvmHttpsProxy() {
                    return Optional.empty();
                }

                @Override
                public Probes.PacAnswer pac(Diagnosis.Domain home) {
                    return pac.orElseGet(() -> Probes.PacAnswer.notFound(List.of("wpad." + home.name().lowerCase(),
                            "wpad.example.test")));
                }
            };
            Probes.DispatcherProbe dispatcher = () -> new Probes.Enrolled() {
                @Override
                public String connectorId() {
                    return "c-diag";
                }

                @Override
                public Probes.Validity certificate() {
                    return new Probes.Validity(NOW.minus(Duration.ofMinutes(10)), NOW.plus(Duration.ofDays(30)));
                }

                @Override
                public Duration probe(Probes.Route route) throws ConnectorException {
                    routesTaken.add(route);
                    if (dispatcherDown) {
                        throw new ConnectorException(FailureCode.CLOUD_UNREACHABLE, "connection refused: " + DISPATCHER);
                    }
                    return Duration.ofMillis(3);
                }
            };
            return new Probes(dns, ports, certificates, cldap, dcClock, directory, keytabs, local, proxies, dispatcher,
                    clock);
        }

        Report run(Clock clock) {
            return diagnosis(clock).run(Set.of());
        }

        Report run() {
            return run(Clock.fixed(NOW, ZoneOffset.UTC));
        }
    }

    @Test
    void onTheHealthySetUpEveryCheckPassesAndEachCheckAndTargetIsOneSeries() {
        Report r = new World().run();

        assertThat(r.worst()).as(r.toString()).isEqualTo(Status.PASS);
        assertThat(r.exitCode()).isZero();
        assertThat(r.findings()).extracting(Finding::check).contains("dns", "dc", "clock", "credentials", "ous", "quota",
                "local", "proxy", "dispatcher");
        assertThat(r.findings()).extracting(f -> f.check() + " " + f.target()).doesNotHaveDuplicates();
        assertThat(r.findings()).extracting(Finding::check).containsSubsequence(Diagnosis.CHECKS.stream()
                .filter(c -> !c.equals("keytab")).toList());
    }

    @Test
    void aWrongDnsServerFailsTheDnsCheckAndLeavesTheDcChecksWithoutADc() {
        World w = new World();
        w.dnsUnreachable = true;

        Report r = w.run();

        assertThat(bad(r)).isNotEmpty().allSatisfy(f -> {
            assertThat(f.check()).isEqualTo("dns");
            assertThat(f.status()).isEqualTo(Status.FAIL);
            assertThat(f.code()).hasValueSatisfying(c -> assertThat(c.id()).startsWith("DC-00"));
        });
        assertThat(r.findings()).filteredOn(f -> f.check().equals("clock")).singleElement()
                .extracting(Finding::status).isEqualTo(Status.SKIP);
        assertThat(r.findings()).filteredOn(f -> f.check().equals("credentials")).singleElement()
                .extracting(Finding::status).isEqualTo(Status.SKIP);
        assertThat(r.findings()).noneMatch(f -> f.check().equals("dc"));
    }

    @Test
    void aDeletedKerberosSrvRecordWarnsWithItsCodeAndNothingElse() {
        World w = new World();
        w.missingRecords.add("_kerberos._tcp." + DOMAIN);

        Report r = w.run();

        assertThat(bad(r)).singleElement().satisfies(f -> {
            assertThat(f.target()).isEqualTo("_kerberos._tcp." + DOMAIN);
            assertThat(f.status()).isEqualTo(Status.WARN);
            assertThat(f.code()).contains(FailureCode.DIAG_NO_KERBEROS_RECORDS);
        });
    }

    @Test
    void noDcSrvRecordFailsWithDcNotInDnsAndNoDcIsProbed() {
        World w = new World();
        w.missingRecords.add("_ldap._tcp.dc._msdcs." + DOMAIN);

        Report r = w.run();

        assertThat(bad(r)).extracting(Finding::target, f -> f.code().orElseThrow())
                .containsExactly(tuple("_ldap._tcp.dc._msdcs." + DOMAIN, FailureCode.DC_NOT_IN_DNS));
        assertThat(r.findings()).noneMatch(f -> f.check().equals("dc"));
    }

    @Test
    void anOuThatDoesNotExistFailsOnlyTheOusCheckForThatOu() {
        World w = new World();
        String missing = "OU=missing-x1,DC=corp,DC=example,DC=test";
        w.ou(missing, null);

        Report r = w.run();

        assertThat(bad(r)).singleElement().satisfies(f -> {
            assertThat(f.check()).isEqualTo("ous");
            assertThat(f.target()).isEqualToIgnoringCase(missing);
            assertThat(f.code()).contains(FailureCode.PROV_NO_SUCH_OU);
        });
        assertThat(r.findings()).filteredOn(f -> f.check().equals("ous") && f.status() == Status.PASS).hasSize(1);
        assertThat(r.findings()).filteredOn(f -> f.check().equals("quota")).hasSize(1);
    }

    @Test
    void anIdentityWithoutRightsOnTheOuFailsTheOusCheckNamingTheMissingRights() {
        World w = new World();
        w.identity = new Identity("odjcdiagx1", sid("S-1-5-21-1-2-3-1200"), Set.of(sid("S-1-5-21-1-2-3-513")));

        Report r = w.run();

        assertThat(r.findings()).filteredOn(f -> f.check().equals("credentials")).singleElement()
                .extracting(Finding::status).isEqualTo(Status.PASS);
        assertThat(bad(r)).singleElement().satisfies(f -> {
            assertThat(f.check()).isEqualTo("ous");
            assertThat(f.status()).isEqualTo(Status.FAIL);
            assertThat(f.code()).contains(FailureCode.DIAG_OU_RIGHT_MISSING);
            assertThat(f.detail()).contains("Create Computer objects", "Delete Computer objects");
        });
        assertThat(r.findings()).filteredOn(f -> f.check().equals("quota")).singleElement().satisfies(f -> {
            assertThat(f.status()).isEqualTo(Status.PASS);
            assertThat(f.detail()).startsWith("10 more join(s)").contains("the DC is Samba");
        });
    }

    @Test
    void afterTheRightsAreDelegatedTheOusCheckAlonePasses() {
        World w = new World();
        Sid user = sid("S-1-5-21-1-2-3-1201");
        w.identity = new Identity("odjcdlgx1", user, Set.of());
        w.dacls.put(w.ous.get(0).toString(), fullRights(user));

        Report r = w.diagnosis(Clock.fixed(NOW, ZoneOffset.UTC)).run(Set.of("ous"));

        assertThat(r.findings()).singleElement().extracting(Finding::status).isEqualTo(Status.PASS);
    }

    @Test
    void aKeytabMatchingTheAccountPassesAndOneTheKdcRefusesAfterAPasswordResetFailsAsStale() {
        World w = new World();
        w.access = kerberos();

        Report fresh = w.diagnosis(Clock.fixed(NOW, ZoneOffset.UTC)).run(Set.of("credentials", "keytab"));
        w.bindRefused = Optional.of(FailureCode.AD_KERBEROS_CREDENTIALS);
        Report stale = w.diagnosis(Clock.fixed(NOW, ZoneOffset.UTC)).run(Set.of("credentials", "keytab"));

        assertThat(fresh.findings()).as(fresh.toString()).extracting(Finding::status)
                .containsExactly(Status.PASS, Status.PASS);
        assertThat(fresh.findings().get(1).detail()).contains("matches the account");
        assertThat(stale.findings()).filteredOn(f -> f.check().equals("keytab")).singleElement().satisfies(f -> {
            assertThat(f.status()).isEqualTo(Status.FAIL);
            assertThat(f.code()).contains(FailureCode.DIAG_KEYTAB_STALE);
        });
    }

    @Test
    void aKeytabBehindTheAccountsKeyVersionFailsAsStaleEvenWhenTheBindWorks() {
        World w = new World();
        w.access = kerberos();
        w.accountKvno = 3;

        Report r = w.diagnosis(Clock.fixed(NOW, ZoneOffset.UTC)).run(Set.of("credentials", "keytab"));

        assertThat(r.findings()).extracting(Finding::check, Finding::status).containsExactly(
                tuple("credentials", Status.PASS), tuple("keytab", Status.FAIL));
        assertThat(r.findings().get(1).code()).contains(FailureCode.DIAG_KEYTAB_STALE);
    }

    @Test
    void aConfiguredProxyThatDoesNotListenFailsOnlyTheProxyCheckAndTheDispatcherIsNotTriedBehindIt() {
        World w = new World();
        w.proxy = new Diagnosis.ProxyMode.Explicit("127.0.0.1", 40001, "127.0.0.1:40001");

        Report r = w.run();

        assertThat(bad(r)).extracting(Finding::check, f -> f.code().orElseThrow()).containsExactly(
                tuple("proxy", FailureCode.DIAG_PROXY_UNREACHABLE));
        assertThat(bad(r).get(0).target()).isEqualTo("127.0.0.1:40001");
        assertThat(r.findings()).filteredOn(f -> f.check().equals("dispatcher") && f.status() == Status.SKIP).hasSize(1);
        assertThat(w.routesTaken).isEmpty();
    }

    @Test
    void aWpadPacThatSendsTheDispatcherThroughAProxyThatDoesNotListenFailsOnlyTheProxyCheck() {
        World w = new World();
        w.proxy = new Diagnosis.ProxyMode.Wpad();
        w.pac = Optional.of(pac("PROXY 127.0.0.1:40002; DIRECT", new Probes.Hop(false, "127.0.0.1", 40002,
                "PROXY 127.0.0.1:40002"), new Probes.Hop(true, "", 0, "DIRECT")));

        Report r = w.run();

        assertThat(bad(r)).singleElement().satisfies(f -> {
            assertThat(f.check()).isEqualTo("proxy");
            assertThat(f.code()).contains(FailureCode.DIAG_PROXY_UNREACHABLE);
            assertThat(f.detail()).contains("PAC script's proxy 127.0.0.1:40002");
        });
        assertThat(r.findings()).filteredOn(f -> f.check().equals("proxy") && f.status() == Status.PASS)
                .singleElement().satisfies(f -> assertThat(f.detail()).contains("http://wpad." + DOMAIN + "/wpad.dat",
                        "from 127.0.0.81", "answers 'PROXY 127.0.0.1:40002; DIRECT'"));
        assertThat(w.routesTaken).isEmpty();
    }

    @Test
    void theDispatcherIsProbedThroughTheProxyThePacChoseWhenItListens() {
        World w = new World();
        w.proxy = new Diagnosis.ProxyMode.Wpad();
        w.pac = Optional.of(pac("SOCKS 127.0.0.1:1; PROXY 127.0.0.1:40003", new Probes.Hop(false, "127.0.0.1", 1,
                "SOCKS 127.0.0.1:1"), new Probes.Hop(false, "127.0.0.1", 40003, "PROXY 127.0.0.1:40003")));
        w.ports.open.add("127.0.0.1:40003");

        Report r = w.run();

        assertThat(bad(r)).isEmpty();
        assertThat(w.routesTaken).containsExactly(new Probes.Route.Through("127.0.0.1", 40003));
        assertThat(r.findings()).filteredOn(f -> f.check().equals("dispatcher") && f.status() == Status.PASS)
                .anySatisfy(f -> assertThat(f.detail()).endsWith("through the PAC script's proxy 127.0.0.1:40003"));
    }

    @Test
    void withProxyWpadAndNoWpadNameTheProxyCheckWarnsAboutTheGlobalQueryBlockListAndTheDispatcherIsReachedDirectly() {
        World w = new World();
        w.proxy = new Diagnosis.ProxyMode.Wpad();

        Report r = w.run();

        assertThat(bad(r)).singleElement().satisfies(f -> {
            assertThat(f.check()).isEqualTo("proxy");
            assertThat(f.status()).isEqualTo(Status.WARN);
            assertThat(f.code()).contains(FailureCode.DIAG_WPAD_NOT_FOUND);
            assertThat(f.detail()).contains("wpad." + DOMAIN, "global query block list");
        });
        assertThat(r.findings()).filteredOn(f -> f.check().equals("dispatcher")).allMatch(f -> f.status() == Status.PASS);
        assertThat(w.routesTaken).containsExactly(new Probes.Route.NoProxy());
    }

    @Test
    void theDispatcherDownFailsOnlyTheDispatcherCheck() {
        World w = new World();
        w.dispatcherDown = true;

        Report r = w.run();

        assertThat(bad(r)).singleElement().satisfies(f -> {
            assertThat(f.check()).isEqualTo("dispatcher");
            assertThat(f.target()).isEqualTo(DISPATCHER);
            assertThat(f.code()).contains(FailureCode.CLOUD_UNREACHABLE);
        });
        assertThat(w.routesTaken).containsExactly(new Probes.Route.SystemDefault());
    }

    @Test
    void aClockOffsetWarnsAboveTwoMinutesAndFailsAboveFive() {
        Report warn = new World().run(Clock.fixed(NOW.plus(Duration.ofMinutes(3)), ZoneOffset.UTC));
        Report fail = new World().run(Clock.fixed(NOW.minus(Duration.ofMinutes(6)), ZoneOffset.UTC));

        assertThat(bad(warn)).singleElement().satisfies(f -> {
            assertThat(f.check()).isEqualTo("clock");
            assertThat(f.target()).isEqualTo(DC);
            assertThat(f.code()).contains(FailureCode.DIAG_CLOCK_DRIFT);
        });
        assertThat(bad(fail)).singleElement().satisfies(f -> {
            assertThat(f.code()).contains(FailureCode.AD_KERBEROS_CLOCK_SKEW);
            assertThat(f.detail()).contains("ahead of");
        });
        assertThat(fail.exitCode()).isEqualTo(1);
    }

    @Test
    void aDcCertificateNotYetValidOnlyByThisHostsSlowClockFailsTheClockCheckAndNotTheCertificate() {
        World w = new World();
        w.dcCertificate = new Probes.Validity(NOW.minus(Duration.ofMinutes(1)), NOW.plus(Duration.ofDays(365)));
        Clock slow = Clock.fixed(w.dcCertificate.notBefore().minus(Duration.ofMinutes(6)), ZoneOffset.UTC);

        Report r = w.diagnosis(slow).run(Set.of("dc", "clock"));

        assertThat(bad(r)).singleElement().satisfies(f -> {
            assertThat(f.check()).isEqualTo("clock");
            assertThat(f.code()).contains(FailureCode.AD_KERBEROS_CLOCK_SKEW);
        });
        assertThat(r.findings()).filteredOn(f -> f.target().endsWith(":636 certificate")).singleElement()
                .satisfies(f -> {
                    assertThat(f.status()).isEqualTo(Status.SKIP);
                    assertThat(f.detail()).contains("valid only from").contains("the clock offset explains it");
                });
    }

    @Test
    void aClosedKerberosPortFailsAndAClosedKpasswdPortOnlyWarns() {
        World w = new World();
        w.ports.open.removeAll(Set.of(DC_IP + ":88", DC_IP + ":464"));

        Report r = w.run();

        assertThat(bad(r)).extracting(Finding::target, Finding::status).containsExactly(
                tuple(DC + ":88", Status.FAIL), tuple(DC + ":464", Status.WARN));
        assertThat(bad(r)).allSatisfy(f -> assertThat(f.code()).contains(FailureCode.DIAG_PORT_CLOSED));
    }

    @Test
    void aStateDirectoryThatCannotBeWrittenToFailsTheLocalCheckAndTheJournalIsNotLookedAt() {
        World w = new World();
        w.local.free.remove(STATE);

        Report r = w.run();

        assertThat(r.findings()).filteredOn(f -> f.check().equals("local")).singleElement().satisfies(f -> {
            assertThat(f.target()).isEqualTo(STATE);
            assertThat(f.code()).contains(FailureCode.DIAG_STATE_UNWRITABLE);
            assertThat(f.detail()).startsWith("NoSuchFileException: " + STATE);
        });
    }

    @Test
    void aJournalThatDoesNotOpenAndLittleFreeSpaceFailTheLocalCheckEachUnderItsOwnTarget() {
        World w = new World();
        w.local.directory(STATE, 50L * 1024 * 1024).corruptJournal(STATE);

        Report r = w.run();

        assertThat(bad(r)).extracting(Finding::target, f -> f.code().orElseThrow()).containsExactly(
                tuple(STATE + " free space", FailureCode.DIAG_DISK_LOW),
                tuple(STATE + "/journal.db", FailureCode.JOURNAL_UNAVAILABLE));
    }

    @Test
    void onlyTheNamedChecksRunButTheDcsAreStillLookedUpForThem() {
        Report clockOnly = new World().diagnosis(Clock.fixed(NOW, ZoneOffset.UTC)).run(Set.of("clock"));

        assertThat(clockOnly.findings()).extracting(Finding::check, Finding::target, Finding::status)
                .containsExactly(tuple("clock", DC, Status.PASS));
    }

    private static Probes.PacAnswer pac(String result, Probes.Hop... hops) {
        List<Probes.Hop> all = List.of(hops);
        return new Probes.PacAnswer(List.of("wpad." + DOMAIN), Optional.of("http://wpad." + DOMAIN + "/wpad.dat"),
                "127.0.0.81", 120, result, "https://localhost", Duration.ofMillis(2), all,
                all.stream().filter(h -> h.direct() || h.text().startsWith("PROXY")).findFirst());
    }

    private static List<Finding> bad(Report r) {
        return r.findings().stream().filter(f -> f.status() == Status.WARN || f.status() == Status.FAIL).toList();
    }

    static List<SecurityDescriptor.Ace> fullRights(Sid sid) {
        return AccessCheck.CONNECTOR_RIGHTS.stream().map(r -> AccessCheck.grant(r, sid)).toList();
    }

    static DirectoryAccess ldaps(String user) {
        return new DirectoryAccess(new DirectoryAccess.Bind.Simple(DirectoryAccess.Transport.LDAPS, user,
                new PasswordSource.File("/etc/odjc/pw")), Optional.empty(), false);
    }

    static DirectoryAccess kerberos() {
        return new DirectoryAccess(new DirectoryAccess.Bind.Kerberos(PRINCIPAL, KEYTAB, Optional.empty()),
                Optional.empty(), false);
    }

    static Sid sid(String text) {
        try {
            return Sid.parse(text);
        } catch (ConnectorException e) {
            throw new AssertionError(e);
        }
    }

    static DistinguishedName dn(String text) {
        try {
            return DistinguishedName.parse(text);
        } catch (ConnectorException e) {
            throw new AssertionError(e);
        }
    }
}
