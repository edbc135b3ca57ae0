package org.odjc.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odjc.cli.OdjcMain;
import org.odjc.cloud.EnrolledIdentity;
import org.odjc.cloud.Enrollment;
import org.odjc.cloud.HttpCloudChannel;
import org.odjc.cloud.Wire;
import org.odjc.config.ConfigLoader;
import org.odjc.config.ConnectorConfig;
import org.odjc.diagnostics.Finding;
import org.odjc.diagnostics.Report;
import org.odjc.diagnostics.Status;
import org.odjc.dispatcher.DispatchQueue;
import org.odjc.dispatcher.DispatcherCa;
import org.odjc.dispatcher.DispatcherServer;
import org.odjc.failure.FailureCode;
import org.odjc.testing.ConnectorFixture;
import org.odjc.testing.ItEnvironment;
import org.odjc.testing.ProcessResult;
import org.odjc.testing.Processes;
import org.odjc.testing.SambaDc;
import org.odjc.testing.TestDispatcher;

/**
 * {@code odjc diagnose} against the Samba DC and a real, enrolled dispatcher: everything passes on
 * the healthy set-up, and each fault injected for real turns exactly its check.
 */
class DiagnoseIT {
    @TempDir
    Path dir;

    private SambaDc dc;
    private String ou;
    private TestDispatcher dispatcher;
    private DispatchQueue queue;
    private DispatcherServer server;
    private Path config;

    @BeforeEach
    void healthySetUp() throws Exception {
        dc = SambaDc.require();
        ou = ConnectorFixture.createOu(dc, "odjc-diag");
        dispatcher = TestDispatcher.enrolling(dir, Clock.systemUTC(), List.of("localhost"), Duration.ofSeconds(5));
        DispatcherCa ca = dispatcher.dispatcherCa();
        queue = dispatcher.queue();
        server = dispatcher.server();
        config = ConnectorFixture.config(dir, dc, ou, server.port(), 2);
        new Enrollment(ProxySelector.of(null), Duration.ofSeconds(10), new SecureRandom()).enroll(
                dispatcher.url(), dispatcher.enrollments().create("c-diag", Duration.ofMinutes(5)).token(),
                new Enrollment.Pin.Fingerprint(ca.fingerprint()), dir.resolve("identity"), "localhost", List.of());
        Files.createDirectories(dir.resolve("state"));
    }

    @AfterEach
    void cleanUp() throws Exception {
        dispatcher.close();
        if (ou != null) {
            dc.ldap("ldapdelete", null, "-r", ou);
        }
    }

    @Test
    void onTheHealthySetUpEveryCheckPassesAndTheJsonValidatesAgainstTheSchema() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        long t0 = System.nanoTime();

        int exit = OdjcMain.run(new String[] {"diagnose", "--config", config.toString(), "--json"}, System.in,
                new PrintWriter(out), new PrintWriter(err));
        long millis = (System.nanoTime() - t0) / 1_000_000;

        JsonNode json = Wire.JSON.readTree(out.toString());
        assertThat(exit).as(out + err.toString()).isZero();
        assertThat(json.get("worst").asText()).as(out.toString()).isEqualTo("PASS");
        assertThat(json.get("findings")).extracting(f -> f.get("check").asText()).contains("dns", "dc", "clock",
                "credentials", "local", "dispatcher");
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(Files.newInputStream(ItEnvironment.repoRoot().resolve("docs/diagnose.schema.json")));
        assertThat(schema.validate(json)).isEmpty();
        // each finding is one series of odjc_diagnostics_check_status: (check, target) must be unique
        List<String> series = new java.util.ArrayList<>();
        json.get("findings").forEach(f -> series.add(f.get("check").asText() + " " + f.get("target").asText()));
        assertThat(series).doesNotHaveDuplicates();
        System.out.printf("DiagnoseIT: odjc diagnose on the healthy domain took %d ms (in-process)%n", millis);
    }

    @Test
    void aWrongDnsServerFailsTheDnsCheckAndLeavesTheDcChecksWithoutADc() throws Exception {
        Files.writeString(config, Files.readString(config).replace("dnsServers: [" + dc.ip() + "]", "dnsServers: [127.0.0.1]"));

        Report r = run(Clock.systemUTC());

        assertThat(bad(r)).isNotEmpty().allSatisfy(f -> {
            assertThat(f.check()).isEqualTo("dns");
            assertThat(f.status()).isEqualTo(Status.FAIL);
            assertThat(f.code()).hasValueSatisfying(c -> assertThat(c.id()).startsWith("DC-00"));
        });
        assertThat(r.findings()).filteredOn(f -> f.check().equals("clock")).singleElement()
                .extracting(Finding::status).isEqualTo(Status.SKIP);
    }

    @Test
    void aDeletedKerberosSrvRecordWarnsWithItsCodeAndNothingElse() throws Exception {
        List<String> record = List.of(dc.domain(), "_kerberos._tcp", "SRV", dc.host() + " 88 0 100");
        assertThat(samba("delete", record).exit()).isZero();
        try {
            Report r = run(Clock.systemUTC());

            assertThat(bad(r)).singleElement().satisfies(f -> {
                assertThat(f.target()).isEqualTo("_kerberos._tcp." + dc.domain().toLowerCase());
                assertThat(f.code()).contains(FailureCode.DIAG_NO_KERBEROS_RECORDS);
            });
        } finally {
            assertThat(samba("add", record).exit()).isZero();
        }
    }

    @Test
    void anOuThatDoesNotExistFailsOnlyTheOusCheckForThatOu() throws Exception {
        String missing = "OU=missing-" + ItEnvironment.randomSuffix() + "," + dc.baseDn();
        Files.writeString(config, Files.readString(config).replace("ous: [\"" + ou + "\"]",
                "ous: [\"" + ou + "\", \"" + missing + "\"]"));

        Report r = run(Clock.systemUTC());

        assertThat(bad(r)).singleElement().satisfies(f -> {
            assertThat(f.check()).isEqualTo("ous");
            assertThat(f.target()).isEqualToIgnoringCase(missing);
            assertThat(f.code()).contains(FailureCode.PROV_NO_SUCH_OU);
        });
        assertThat(r.findings()).filteredOn(f -> f.check().equals("ous") && f.status() == Status.PASS).hasSize(1);
    }

    @Test
    void anIdentityWithoutRightsOnTheOuFailsTheOusCheckNamingTheMissingRights() throws Exception {
        String name = "odjcdiag" + ItEnvironment.randomSuffix().toLowerCase();
        String password = "Diag-" + ItEnvironment.randomSuffix() + "-pw1!";
        String user = dc.createUser(name, password);
        try {
            Files.writeString(config, Files.readString(boundAs(name, password)));

            Report r = run(Clock.systemUTC());

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
        } finally {
            dc.ldap("ldapdelete", null, user);
        }
    }

    @Test
    void afterDelegateApplyTheRightsCheckPassesAndARefusedNonAdminCanProvisionABlobThatJoins() throws Exception {
        String name = "odjcdlg" + ItEnvironment.randomSuffix().toLowerCase();
        String password = "Dlg-" + ItEnvironment.randomSuffix() + "-pw1!";
        String user = dc.createUser(name, password);
        try {
            Path userConfig = boundAs(name, password);
            String[] provision = {"provision", "--config", userConfig.toString(), "--domain", dc.domain(), "--ou", ou,
                "--prefix", "DLG", "--savefile", dir.resolve("dlg.txt").toString()};
            StringWriter refusedErr = new StringWriter();
            assertThat(OdjcMain.run(provision, System.in, new PrintWriter(new StringWriter()), new PrintWriter(refusedErr)))
                    .isEqualTo(1);
            assertThat(refusedErr.toString()).startsWith("AD-002");
            long acesBefore = acesOn(ou);

            StringWriter dry = new StringWriter();
            assertThat(OdjcMain.run(new String[] {"delegate", "--config", config.toString(), "--ou", ou, "--account", name},
                    System.in, new PrintWriter(dry), new PrintWriter(new StringWriter()))).isZero();
            assertThat(dry.toString()).contains("missing  Create Computer objects", "dry run");
            assertThat(acesOn(ou)).as("a dry run writes nothing").isEqualTo(acesBefore);

            StringWriter applied = new StringWriter();
            assertThat(OdjcMain.run(new String[] {"delegate", "--config", config.toString(), "--ou", ou, "--account", name,
                "--apply"}, System.in, new PrintWriter(applied), new PrintWriter(new StringWriter()))).isZero();
            assertThat(applied.toString()).contains("6 ACE(s) added");
            assertThat(acesOn(ou)).isEqualTo(acesBefore + 6);
            Report asUser = new Diagnostics(ConfigLoader.load(userConfig), Map.of(), Clock.systemUTC()).run(Set.of("ous"));
            assertThat(asUser.findings()).singleElement().extracting(Finding::status).isEqualTo(Status.PASS);

            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            assertThat(OdjcMain.run(provision, System.in, new PrintWriter(out), new PrintWriter(err))).as(err.toString())
                    .isZero();
            String computer = out.toString().replaceAll("(?s).*name=(\\S+).*", "$1");
            org.odjc.testing.SambaClient client = new org.odjc.testing.SambaClient(dc, computer, dir.resolve("client"));
            assertThat(client.requestOdj(dir.resolve("dlg.txt")).exit()).isZero();
            assertThat(client.testJoin().out()).contains("Join is OK");
        } finally {
            dc.ldap("ldapdelete", null, user);
        }
    }

    /** {@code dir/user.yaml}: the configuration with a simple bind as {@code name} instead of the admin. */
    private Path boundAs(String name, String password) throws Exception {
        Path pw = dir.resolve("user.password");
        Files.writeString(pw, password + "\n");
        Path userConfig = dir.resolve("user.yaml");
        Files.writeString(userConfig, Files.readString(config)
                .replace("user: " + dc.get("ODJC_DC_ADMIN_UPN"), "user: " + name + "@" + dc.domain())
                .replace("passwordFile: " + dc.adminPasswordFile(), "passwordFile: " + pw));
        return userConfig;
    }

    private long acesOn(String dn) throws Exception {
        ConnectorConfig c = ConfigLoader.load(config);
        ConnectorConfig.Domain d = c.domains().get(0);
        try (org.odjc.ldap.LdapDirectory directory = DirectoryAdapters.directory(d.access(), Map.of(), w -> { }, 1);
                org.odjc.provisioning.DirectorySession s = directory.open(dc.dcInfo())) {
            return s.dacl(org.odjc.domain.DistinguishedName.parse(dn)).size();
        }
    }

    @Test
    void aKeytabWhoseKeyVersionTheAccountLeftBehindFailsTheKeytabCheck() throws Exception {
        String name = "odjckt" + ItEnvironment.randomSuffix().toLowerCase();
        String user = dc.createUser(name, "Kt-" + ItEnvironment.randomSuffix() + "-pw1!");
        try {
            Path keytab = dir.resolve(name + ".keytab");
            String principal = name + "@" + dc.realm();
            ProcessResult exported = Processes.run(List.of("samba-tool", "domain", "exportkeytab", keytab.toString(),
                    "--principal=" + principal, "-s", dc.get("ODJC_DC_SMB_CONF")), Map.of(), null, Duration.ofSeconds(60));
            assertThat(exported.exit()).as(exported.toString()).isZero();
            Files.writeString(config, Files.readString(config).replaceAll("bind: \\{[^}]*\\}", "bind: {mode: kerberos, keytab: "
                    + keytab + ", principal: " + principal + ", krb5Conf: " + dc.get("ODJC_DC_KRB5_CONF") + "}"));

            Report fresh = new Diagnostics(ConfigLoader.load(config), Map.of(), Clock.systemUTC())
                    .run(Set.of("credentials", "keytab"));
            assertThat(fresh.findings()).as(fresh.toString()).extracting(Finding::status)
                    .containsExactly(Status.PASS, Status.PASS);
            assertThat(fresh.findings().get(1).detail()).contains("matches the account");

            ProcessResult reset = Processes.run(List.of("samba-tool", "user", "setpassword", name,
                    "--newpassword=Kt-" + ItEnvironment.randomSuffix() + "-pw2!", "-s", dc.get("ODJC_DC_SMB_CONF")),
                    Map.of(), null, Duration.ofSeconds(60));
            assertThat(reset.exit()).as(reset.toString()).isZero();
            Report stale = new Diagnostics(ConfigLoader.load(config), Map.of(), Clock.systemUTC())
                    .run(Set.of("credentials", "keytab"));

            assertThat(stale.findings()).filteredOn(f -> f.check().equals("keytab")).singleElement().satisfies(f -> {
                assertThat(f.status()).isEqualTo(Status.FAIL);
                assertThat(f.code()).contains(FailureCode.DIAG_KEYTAB_STALE);
            });
        } finally {
            dc.ldap("ldapdelete", null, user);
        }
    }

    @Test
    void aConfiguredProxyThatDoesNotListenFailsOnlyTheProxyCheckAndTheDispatcherIsNotTriedBehindIt() throws Exception {
        int closed = org.odjc.testing.ServiceProcesses.freePort();
        Files.writeString(config, Files.readString(config) + "  proxy: http://127.0.0.1:" + closed + "\n");

        Report r = run(Clock.systemUTC());

        assertThat(bad(r)).extracting(Finding::check, f -> f.code().orElseThrow()).containsExactly(
                org.assertj.core.groups.Tuple.tuple("proxy", FailureCode.DIAG_PROXY_UNREACHABLE));
        assertThat(r.findings()).filteredOn(f -> f.check().equals("dispatcher") && f.status() == Status.SKIP).hasSize(1);
    }

    @Test
    void aWpadPacThatSendsTheDispatcherThroughAProxyThatDoesNotListenFailsOnlyTheProxyCheck() throws Exception {
        int closed = org.odjc.testing.ServiceProcesses.freePort();
        Files.writeString(config, Files.readString(config) + "  proxy: wpad\n");

        try (AutoCloseable wpad = publishWpad("function FindProxyForURL(url, host) {\n"
                + "  if (dnsDomainIs(host, 'localhost') && shExpMatch(url, 'https://*')) return 'PROXY 127.0.0.1:" + closed + "; DIRECT';\n"
                + "  return 'DIRECT';\n}\n")) {
            Report r = run(Clock.systemUTC());

            assertThat(bad(r)).singleElement().satisfies(f -> {
                assertThat(f.check()).isEqualTo("proxy");
                assertThat(f.code()).contains(FailureCode.DIAG_PROXY_UNREACHABLE);
                assertThat(f.detail()).contains("PAC script's proxy 127.0.0.1:" + closed);
            });
            assertThat(r.findings()).filteredOn(f -> f.check().equals("proxy") && f.status() == Status.PASS)
                    .singleElement().satisfies(f -> assertThat(f.detail()).contains("http://wpad." + DOMAIN + "/wpad.dat",
                            "from " + WPAD_IP, "answers 'PROXY 127.0.0.1:" + closed + "; DIRECT'"));
        }
    }

    @Test
    void theServicesHttpClientTakesTheSameRouteAsTheDiagnosisThroughTheProxyThePacChose() throws Exception {
        Files.writeString(config, Files.readString(config) + "  proxy: wpad\n");
        try (org.odjc.testing.ConnectProxy proxy = new org.odjc.testing.ConnectProxy();
                AutoCloseable wpad = publishWpad("function FindProxyForURL(url, host) { return isPlainHostName(host)"
                        + " ? 'SOCKS 127.0.0.1:1; PROXY 127.0.0.1:" + proxy.port() + "' : 'DIRECT'; }")) {
            Report r = run(Clock.systemUTC());
            int byDiagnosis = proxy.tunnels().size();
            ConnectorConfig c = ConfigLoader.load(config);
            ConnectorConfig.Service s = c.service().orElseThrow();
            EnrolledIdentity id = EnrolledIdentity.load(s.identity());
            List<String> log = new java.util.ArrayList<>();
            new HttpCloudChannel(s.dispatcher(), id.connectorId(), id.tls(),
                    Proxies.selector(c, Clock.systemUTC(), org.odjc.telemetry.EventLog.traced(log::add)), Duration.ofSeconds(10)).probe();

            assertThat(bad(r)).isEmpty();
            assertThat(byDiagnosis).isEqualTo(1);
            assertThat(proxy.tunnels()).containsExactly("localhost:" + server.port(), "localhost:" + server.port());
            assertThat(log).anyMatch(l -> l.contains("event=proxy-decision host=localhost outcome=proxy"));
        }
    }

    @Test
    void withProxyWpadAndNoWpadNameTheProxyCheckWarnsAboutTheGlobalQueryBlockListAndTheDispatcherIsReachedDirectly()
            throws Exception {
        Files.writeString(config, Files.readString(config) + "  proxy: wpad\n");

        Report r = run(Clock.systemUTC());

        assertThat(bad(r)).singleElement().satisfies(f -> {
            assertThat(f.check()).isEqualTo("proxy");
            assertThat(f.status()).isEqualTo(Status.WARN);
            assertThat(f.code()).contains(FailureCode.DIAG_WPAD_NOT_FOUND);
            assertThat(f.detail()).contains("wpad." + DOMAIN, "global query block list");
        });
        assertThat(r.findings()).filteredOn(f -> f.check().equals("dispatcher")).allMatch(f -> f.status() == Status.PASS);
    }

    @Test
    void theDispatcherDownFailsOnlyTheDispatcherCheck() throws Exception {
        server.close();

        Report r = run(Clock.systemUTC());

        assertThat(bad(r)).singleElement().satisfies(f -> {
            assertThat(f.check()).isEqualTo("dispatcher");
            assertThat(f.code()).contains(FailureCode.CLOUD_UNREACHABLE);
        });
    }

    @Test
    void aClockOffsetWarnsAboveTwoMinutesAndFailsAboveFive() throws Exception {
        Report warn = run(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(3)));
        Report fail = run(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-6)));

        assertThat(bad(warn)).singleElement().satisfies(f -> {
            assertThat(f.check()).isEqualTo("clock");
            assertThat(f.code()).contains(FailureCode.DIAG_CLOCK_DRIFT);
        });
        assertThat(bad(fail)).singleElement().satisfies(f -> {
            assertThat(f.code()).contains(FailureCode.AD_KERBEROS_CLOCK_SKEW);
            assertThat(f.detail()).contains("ahead of");
        });
        assertThat(fail.exitCode()).isEqualTo(1);
    }

    @Test
    void aDcCertificateNotYetValidOnlyByThisHostsSlowClockFailsTheClockCheckAndNotTheCertificate() throws Exception {
        // this host's clock set 6 min before the DC's certificate begins, whatever the DC's age:
        // by the DC's clock the certificate is valid, so only the clock may fail
        // (only dc and clock: the dispatcher's client certificate, backdated 10 min, would not be valid
        // yet either on this clock when the DC is older than that)
        X509Certificate cert;
        try (var in = Files.newInputStream(Path.of(dc.get("ODJC_DC_DIR"), "private", "tls", "cert.pem"))) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        Clock slow = Clock.fixed(cert.getNotBefore().toInstant().minus(Duration.ofMinutes(6)), ZoneOffset.UTC);

        Report r = new Diagnostics(ConfigLoader.load(config), Map.of(), slow).run(Set.of("dc", "clock"));

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

    private Report run(Clock clock) throws Exception {
        ConnectorConfig c = ConfigLoader.load(config);
        return new Diagnostics(c, Map.of(), clock).run(Set.of());
    }

    private static List<Finding> bad(Report r) {
        return r.findings().stream().filter(f -> f.status() == Status.WARN || f.status() == Status.FAIL).toList();
    }

    /** {@code samba-tool dns add|delete} on the DC as the admin (password in {@code PASSWD}, not on the command line). */
    private ProcessResult samba(String verb, List<String> record) {
        List<String> cmd = new java.util.ArrayList<>(List.of("samba-tool", "dns", verb, dc.ip()));
        cmd.addAll(record);
        cmd.addAll(List.of("-U", dc.get("ODJC_DC_ADMIN_USER")));
        ProcessResult r = Processes.run(cmd, Map.of("PASSWD", dc.adminPassword()), null, Duration.ofSeconds(60));
        assertThat(r.exit()).as(r.toString()).isZero();
        return r;
    }

    private static final String DOMAIN = "corp.example.test";
    /** A loopback address of its own, so that the PAC server can have WPAD's port 80. */
    private static final String WPAD_IP = "127.0.0.81";

    /** Serves {@code pac} at http://127.0.0.81/wpad.dat and points {@code wpad.<domain>} at it on the DC; undone on close. */
    private AutoCloseable publishWpad(String pac) throws Exception {
        com.sun.net.httpserver.HttpServer http = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress(WPAD_IP, 80), 0);
        byte[] body = pac.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        http.createContext("/wpad.dat", x -> {
            x.getResponseHeaders().add("Content-Type", "application/x-ns-proxy-autoconfig");
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        http.start();
        List<String> record = List.of(DOMAIN, "wpad", "A", WPAD_IP);
        samba("add", record);
        return () -> {
            http.stop(0);
            samba("delete", record);
        };
    }
}
