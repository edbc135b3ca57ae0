package org.odjc.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.odjc.domain.DistinguishedName;
import org.odjc.domain.DomainDnsName;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.provisioning.DirectoryAccess;
import org.odjc.provisioning.PasswordSource;

class ConfigLoaderTest {
    private static ConnectorConfig parse(String yaml) throws ConnectorException {
        return ConfigLoader.parse(yaml.getBytes(StandardCharsets.UTF_8), "connector.yaml", Path.of("/etc/odjc"));
    }

    private static ConnectorException failure(String yaml) {
        ConnectorException e = catchThrowableOfType(() -> parse(yaml), ConnectorException.class);
        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(FailureCode.CONFIG_INVALID);
        return e;
    }

    @Test
    void readsAWholeDomainWithRelativePathsResolvedNextToTheFile() throws Exception {
        ConnectorConfig c = parse("""
                domains:
                  - name: corp.example.test
                    dcs: [dc1.corp.example.test]
                    dnsServers: [127.0.0.10]
                    defaultOu: OU=Autopilot,DC=corp,DC=example,DC=test
                    bind:
                      mode: ldaps
                      user: svc-odjc@corp.example.test
                      passwordFile: secrets/bind.password
                      caFile: /etc/ssl/corp-ca.pem
                    ous:
                      - OU=Autopilot,DC=corp,DC=example,DC=test
                      - dn: OU=Kiosks,DC=corp,DC=example,DC=test
                        includeChildren: true
                """);

        ConnectorConfig.Domain d = c.domain(DomainDnsName.parse("CORP.example.test")).orElseThrow();
        assertThat(d.dcs()).containsExactly(DomainDnsName.parse("dc1.corp.example.test"));
        assertThat(d.dnsServers()).hasSize(1);
        assertThat(d.access().mode()).isEqualTo(DirectoryAccess.BindMode.LDAPS);
        assertThat(d.access().bind()).isInstanceOfSatisfying(DirectoryAccess.Bind.Simple.class, b -> assertThat(b.password())
                .isEqualTo(new PasswordSource.File("/etc/odjc/secrets/bind.password")));
        assertThat(d.access().caFile()).contains("/etc/ssl/corp-ca.pem");
        assertThat(d.ous().permits(DistinguishedName.parse("OU=Autopilot,DC=corp,DC=example,DC=test"))).isTrue();
        assertThat(d.ous().permits(DistinguishedName.parse("OU=Sub,OU=Kiosks,DC=corp,DC=example,DC=test"))).isTrue();
        assertThat(d.ous().permits(DistinguishedName.parse("OU=Sub,OU=Autopilot,DC=corp,DC=example,DC=test"))).isFalse();
    }

    @Test
    void theServiceSectionResolvesItsPathsAndRefusesPlainHttpAndBadWorkerCounts() throws Exception {
        String domain = """
                domains:
                  - name: corp.example.test
                    bind: {mode: ldaps, user: svc@corp.example.test, passwordFile: pw}
                    ous: ["OU=Autopilot,DC=corp,DC=example,DC=test"]
                """;
        ConnectorConfig c = parse(domain + """
                service:
                  dispatcher: https://dispatcher.example.test:8443
                  identity: identity
                  stateDirectory: /var/lib/odjc
                  workers: 8
                """);
        ConnectorConfig.Service s = c.service().orElseThrow();
        assertThat(s.dispatcher().toString()).isEqualTo("https://dispatcher.example.test:8443");
        assertThat(s.identity()).isEqualTo(Path.of("/etc/odjc/identity"));
        assertThat(s.stateDirectory()).isEqualTo(Path.of("/var/lib/odjc"));
        assertThat(s.workers()).isEqualTo(8);
        assertThat(parse(domain).service()).isEmpty();

        ConnectorException e = failure(domain + """
                service:
                  dispatcher: http://dispatcher.example.test
                  identity: identity
                  workers: 0
                """);
        assertThat(e.getMessage()).contains("service.dispatcher (line 6)", "https://")
                .contains("service.workers (line 8)").contains("service.stateDirectory").contains("is required");
    }

    @Test
    void theServiceProxyIsDirectOrAnHttpHostAndPortWithoutCredentials() throws Exception {
        String domain = """
                domains:
                  - name: corp.example.test
                    bind: {mode: ldaps, user: svc@corp.example.test, passwordFile: pw}
                    ous: ["OU=Autopilot,DC=corp,DC=example,DC=test"]
                service:
                  dispatcher: https://dispatcher.example.test
                  identity: identity
                  stateDirectory: state
                """;
        assertThat(parse(domain + "  proxy: http://proxy.corp.example.test:3128\n").service().orElseThrow().proxy())
                .isInstanceOfSatisfying(ConnectorConfig.ProxySetting.Explicit.class, p -> assertThat(p.toString())
                        .isEqualTo("proxy.corp.example.test:3128"));
        assertThat(parse(domain + "  proxy: direct\n").service().orElseThrow().proxy())
                .isInstanceOf(ConnectorConfig.ProxySetting.Direct.class);
        assertThat(parse(domain + "  proxy: wpad\n").service().orElseThrow().proxy())
                .isInstanceOf(ConnectorConfig.ProxySetting.Wpad.class);
        assertThat(parse(domain).service().orElseThrow().proxy()).isInstanceOf(ConnectorConfig.ProxySetting.Direct.class);
        for (String bad : new String[] {"https://proxy:3128", "http://user:pw@proxy:3128", "http://proxy", "proxy:3128"}) {
            assertThat(failure(domain + "  proxy: " + bad + "\n").getMessage()).as(bad)
                    .contains("service.proxy (line 9)", "direct, wpad or http://host:port");
        }
    }

    @Test
    void theAdminEndpointIsOffUnlessGivenAndAPortAloneListensOnLoopbackOnly() throws Exception {
        String domain = """
                domains:
                  - name: corp.example.test
                    bind: {mode: ldaps, user: svc@corp.example.test, passwordFile: pw}
                    ous: ["OU=Autopilot,DC=corp,DC=example,DC=test"]
                service:
                  dispatcher: https://dispatcher.example.test
                  identity: identity
                  stateDirectory: state
                """;
        assertThat(parse(domain).service().orElseThrow().admin()).isEmpty();
        assertThat(parse(domain + "  admin: off\n").service().orElseThrow().admin()).isEmpty();
        assertThat(parse(domain + "  admin: 9464\n").service().orElseThrow().admin())
                .hasValueSatisfying(a -> assertThat(a.getHostString() + " " + a.getPort()).isEqualTo("127.0.0.1 9464"));
        assertThat(parse(domain + "  admin: \"0.0.0.0:0\"\n").service().orElseThrow().admin())
                .hasValueSatisfying(a -> assertThat(a.getHostString() + " " + a.getPort()).isEqualTo("0.0.0.0 0"));
        assertThat(parse(domain + "  admin: \"[::1]:9464\"\n").service().orElseThrow().admin())
                .hasValueSatisfying(a -> assertThat(a.getAddress().isLoopbackAddress()).isTrue());
        for (String bad : new String[] {"localhost:9464", "65536", "-1", "127.0.0.1:", "::1:9464", "on", "1.2.3:80",
            "127.0.0.1:http"}) {
            ConnectorException e = failure(domain + "  admin: \"" + bad + "\"\n");
            assertThat(e.code()).as(bad).isEqualTo(FailureCode.CONFIG_INVALID);
            assertThat(e.getMessage()).as(bad).contains("service.admin (line 9)", "must be off, a port");
        }
    }

    @Test
    void anOuOutsideTheDomainIsRefusedWhichAlsoCatchesAnUnquotedDnInAFlowList() {
        ConnectorException e = failure("""
                domains:
                  - name: corp.example.test
                    bind: {mode: ldaps, user: svc@corp.example.test, passwordFile: pw}
                    ous: [OU=Autopilot,DC=corp,DC=example,DC=test]
                    defaultOu: OU=Elsewhere,DC=other,DC=test
                """);
        assertThat(e.getMessage()).contains("domains[0].ous[0] (line 4): 'OU=Autopilot' is not inside "
                + "DC=corp,DC=example,DC=test (inside [ ] quote each DN").contains("domains[0].ous[1]")
                .contains("domains[0].defaultOu (line 5): 'OU=Elsewhere,DC=other,DC=test' is not inside");
    }

    static final String DOMAIN = """
            domains:
              - name: corp.example.test
                bind: {mode: ldaps, user: svc@corp.example.test, passwordFile: p}
                ous: ["OU=Autopilot,DC=corp,DC=example,DC=test"]
            """;

    @Test
    void withoutACleanupSectionCleanupUsesItsDefaultsAndIsNotScheduled() throws Exception {
        ConnectorConfig c = parse(DOMAIN);
        assertThat(c.cleanup().policy().olderThan()).isEqualTo(java.time.Duration.ofDays(30));
        assertThat(c.cleanup().policy().grace()).isEqualTo(java.time.Duration.ofDays(7));
        assertThat(c.cleanup().every()).isEmpty();
    }

    @Test
    void theCleanupSectionTakesDurationsAndASchedule() throws Exception {
        ConnectorConfig c = parse(DOMAIN + """
                cleanup: {olderThan: 60d, grace: 14d, every: 24h}
                service:
                  dispatcher: https://d.example.test
                  identity: id
                  stateDirectory: state
                  journalRetention: 180d
                """);
        assertThat(c.cleanup().policy().olderThan()).isEqualTo(java.time.Duration.ofDays(60));
        assertThat(c.cleanup().policy().grace()).isEqualTo(java.time.Duration.ofDays(14));
        assertThat(c.cleanup().every()).contains(java.time.Duration.ofHours(24));
        assertThat(c.service().orElseThrow().journalRetention()).isEqualTo(java.time.Duration.ofDays(180));
        assertThat(parse(DOMAIN + "cleanup: {every: off}\n").cleanup().every()).isEmpty();
    }

    @Test
    void badCleanupDurationsAreEachReportedWithTheirPath() {
        ConnectorException e = failure(DOMAIN + """
                cleanup: {olderThan: 2h, grace: soon, every: 10m, when: never}
                """);
        assertThat(e.getMessage()).contains("cleanup.olderThan").contains("outside 1d to 3650d")
                .contains("cleanup.grace").contains("'soon' is not a duration")
                .contains("cleanup.every").contains("cleanup.when").contains("unknown key");
    }

    @Test
    void theExampleConfigurationInTheRepositoryIsValid() throws Exception {
        Path example = null;
        for (Path p = Path.of("").toAbsolutePath(); p != null && example == null; p = p.getParent()) {
            if (java.nio.file.Files.isRegularFile(p.resolve("config/connector.yaml"))) {
                example = p.resolve("config/connector.yaml");
            }
        }
        assertThat(example).as("config/connector.yaml above " + Path.of("").toAbsolutePath()).isNotNull();
        ConnectorConfig c = ConfigLoader.load(example);
        assertThat(c.domains()).hasSize(1);
        assertThat(c.domains().get(0).ous().permits(
                DistinguishedName.parse("OU=Lobby,OU=Kiosks,OU=Devices,DC=corp,DC=example,DC=com"))).isTrue();
        assertThat(c.service().orElseThrow().workers()).isEqualTo(4);
    }

    @Test
    void reportsEveryProblemWithItsPathAndLine() {
        ConnectorException e = failure("""
                domains:
                  - name: corp..test
                    bind:
                      mode: ldap
                      usr: someone
                    ous: []
                  - name: corp.example.test
                    bind:
                      mode: kerberos
                      keytab: /etc/odjc/odjc.keytab
                    ous:
                      - OU=ok,DC=corp,DC=example,DC=test
                      - not a dn
                """);

        assertThat(e.getMessage()).contains(
                "domains[0].name (line 2): INPUT-003",
                "domains[0].bind.mode (line 4): 'ldap' is not one of ldaps, starttls, kerberos",
                "domains[0].bind.usr (line 5): unknown key",
                "domains[0].ous (line 6): must list at least one OU",
                "domains[1].bind (line 9): Kerberos needs a keytab and a principal",
                "domains[1].ous[1] (line 13): INPUT-011");
        assertThat(e.getMessage()).contains("6 problems");
    }

    @Test
    void contradictionsAndDuplicatesAreProblems() {
        assertThat(failure("""
                domains:
                  - name: corp.example.test
                    bind: {mode: ldaps, user: a@corp.example.test, passwordFile: f, passwordEnv: E}
                    ous: [OU=a,DC=corp,DC=example,DC=test]
                  - name: CORP.example.test
                    bind: {mode: starttls, user: a@corp.example.test, passwordEnv: E, insecureSkipTlsVerify: yes}
                    ous: [OU=a,DC=corp,DC=example,DC=test]
                    defaultOu: OU=b,DC=corp,DC=example,DC=test
                """).getMessage()).contains(
                "exactly one of a file or an environment variable",
                "domain CORP.example.test is configured twice",
                "insecureSkipTlsVerify (line 6): must be true or false, is 'yes'",
                "domains[1].defaultOu (line 8): is not in ous");
    }

    @Test
    void brokenYamlAndMissingSectionsAreReported() {
        assertThat(failure("domains: [\n").getMessage()).contains("not valid YAML");
        assertThat(failure("colour: blue\n").getMessage()).contains("colour (line 1): unknown key", "domains", "is required");
        assertThat(failure("domains:\n  - name: a.test\n    name: b.test\n    bind: {mode: ldaps}\n    ous: [DC=a]\n")
                .getMessage()).contains("domains[0].name (line 3): appears twice (first on line 2)",
                        "ldaps needs a user");
    }
}
