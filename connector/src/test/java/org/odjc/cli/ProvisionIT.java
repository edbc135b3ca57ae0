package org.odjc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.odjc.domain.DcFlags;
import org.odjc.domain.DistinguishedName;
import org.odjc.domain.DomainDnsName;
import org.odjc.domain.IpAddress;
import org.odjc.domain.SiteName;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.ldap.LdapDirectory;
import org.odjc.locator.AdDcLocator;
import org.odjc.locator.CldapPinger;
import org.odjc.locator.DnsLookup;
import org.odjc.odj.DjoinText;
import org.odjc.odj.DomainControllerInfo;
import org.odjc.odj.OdjCodec;
import org.odjc.odj.OdjProvisionData;
import org.odjc.provisioning.ComputerProvisioner;
import org.odjc.provisioning.DirectoryAccess;
import org.odjc.provisioning.NameRequest;
import org.odjc.provisioning.OuAllowList;
import org.odjc.provisioning.PasswordSource;
import org.odjc.provisioning.ProvisionRequest;
import org.odjc.provisioning.ReusePolicy;
import org.odjc.testing.ItEnvironment;
import org.odjc.testing.ProcessResult;
import org.odjc.testing.Processes;
import org.odjc.testing.SambaClient;
import org.odjc.testing.SambaDc;

/**
 * {@code odjc provision} against the Samba AD DC, run in-process: the account it makes, the blob
 * a Samba client joins with, every bind mode, DC location from DNS alone, and the failures, each
 * of which must leave the OU as it was.
 */
class ProvisionIT {
    private static SambaDc dc;
    private static String ou;

    @TempDir
    Path dir;

    @BeforeAll
    static void createOu() {
        dc = SambaDc.require();
        ItEnvironment.requireTool("net", "samba");
        ou = "OU=odjc-it-" + suffix() + "," + dc.baseDn();
        ProcessResult r = dc.ldap("ldapadd", "dn: " + ou + "\nobjectClass: organizationalUnit\n\n");
        assertThat(r.exit()).as(r.toString()).isZero();
    }

    @AfterAll
    static void deleteOu() {
        if (ou != null) {
            dc.ldap("ldapdelete", null, "-r", ou);
        }
    }

    @Test
    void createsTheAccountAsWindowsDoesAndItsBlobJoinsASambaClient() throws Exception {
        String name = "ODJPV" + suffix();
        Path blob = dir.resolve("blob.txt");
        Run run = odjc(withAdmin("--domain", dc.domain(), "--machine", name, "--ou", ou, "--dc", dc.host(),
                "--savefile", blob.toString()));

        assertThat(run.exit).as(run.err).isZero();
        String dn = "CN=" + name + "," + ou;
        assertThat(run.out).startsWith("dn=" + dn + " name=" + name + " sid=" + dc.domainSid() + "-")
                .contains(" dc=" + dc.host());
        String fqdn = (name + "." + dc.domain()).toLowerCase();
        String entry = dc.ldap("ldapsearch", null, "-b", dn, "-s", "base", "objectClass", "sAMAccountName",
                "userAccountControl", "dNSHostName", "servicePrincipalName", "description").out();
        assertThat(entry.lines().toList()).contains("objectClass: computer", "sAMAccountName: " + name + "$",
                "userAccountControl: 4096", "dNSHostName: " + fqdn, "servicePrincipalName: HOST/" + name,
                "servicePrincipalName: HOST/" + fqdn, "servicePrincipalName: RestrictedKrbHost/" + name,
                "servicePrincipalName: RestrictedKrbHost/" + fqdn,
                "description: odjc provisioned by " + dc.get("ODJC_DC_ADMIN_UPN"));
        assertThat(Files.getPosixFilePermissions(blob)).extracting(Object::toString)
                .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
        assertJoins(name, blob);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ldaps", "starttls", "kerberos"})
    void everyBindModeProvisionsAnAccountThatJoins(String mode) throws Exception {
        String name = "ODJ" + mode.substring(0, 3).toUpperCase() + suffix();
        Path blob = dir.resolve("blob.txt");
        List<String> args = new ArrayList<>(List.of("provision", "--domain", dc.domain(), "--machine", name, "--ou", ou,
                "--dc", dc.host(), "--savefile", blob.toString(), "--bind", mode));
        if (mode.equals("kerberos")) {
            args.addAll(List.of("--keytab", dc.get("ODJC_DC_ADMIN_KEYTAB"), "--principal", "Administrator@" + dc.realm(),
                    "--krb5-conf", dc.get("ODJC_DC_KRB5_CONF")));
        } else {
            args.addAll(List.of("--user", dc.get("ODJC_DC_ADMIN_UPN"), "--password-file", dc.adminPasswordFile().toString(),
                    "--ca-file", dc.caFile().toString()));
        }
        Run run = odjc(args.toArray(String[]::new));

        assertThat(run.exit).as(run.err).isZero();
        assertJoins(name, blob);
    }

    @Test
    void aDcFoundThroughDnsAloneDescribesItselfAsSambaSaysItDoes() throws Exception {
        String name = "ODJDNS" + suffix();
        Run run = odjc(withAdmin("--domain", dc.domain(), "--machine", name, "--ou", ou, "--dns-server", dc.ip(),
                "--printblob"));
        assertThat(run.exit).as(run.err).isZero();
        DomainControllerInfo ours = OdjCodec.decode(DjoinText.toNdr(run.out.strip().getBytes()).ndr())
                .win7Blob().orElseThrow().dcInfo();

        String samba = "ODJNETDC" + suffix().substring(0, 4);
        Path file = dir.resolve("samba.txt");
        new SambaClient(dc, "ODJC-PROVISIONER", dir.resolve("provisioner"));
        ProcessResult r = Processes.run(List.of("net", "-s", dir.resolve("provisioner/smb.conf").toString(),
                "offlinejoin", "provision", "domain=" + dc.domain(), "machine_name=" + samba, "dcname=" + dc.host(),
                "defpwd", "savefile=" + file, "-A", dc.netAuthFile().toString()), Map.of(), null, Duration.ofSeconds(60));
        try {
            assertThat(r.both()).as(r.toString()).contains("Successfully provisioned computer");
            DomainControllerInfo theirs = OdjCodec.decode(DjoinText.toNdr(Files.readAllBytes(file)).ndr())
                    .win7Blob().orElseThrow().dcInfo();
            assertThat(ours).isEqualTo(theirs);
            assertThat(ours.flags()).isEqualTo(DcFlags.WRITABLE_GC_KDC_DNS);
            assertThat(ours.dcSiteName()).isEqualTo(SiteName.DEFAULT_FIRST_SITE.value());
            assertThat(ours.clientSiteName()).isEqualTo(SiteName.DEFAULT_FIRST_SITE.value());
        } finally {
            dc.ldap("ldapdelete", null, "CN=" + samba + ",CN=Computers," + dc.baseDn());
        }
    }

    @Test
    void anExistingNameIsRefusedUnlessReuseIsAskedAndReuseGivesAPasswordThatJoins() throws Exception {
        String name = "ODJREUSE" + suffix().substring(0, 5);
        assertThat(odjc(withAdmin("--domain", dc.domain(), "--machine", name, "--ou", ou, "--dc", dc.host(),
                "--printblob")).exit).isZero();
        int before = computersInOu();

        Run again = odjc(withAdmin("--domain", dc.domain(), "--machine", name, "--ou", ou, "--dc", dc.host(),
                "--printblob"));
        assertThat(again.exit).isEqualTo(1);
        assertThat(again.err).startsWith("PROV-003 ");

        Path blob = dir.resolve("reused.txt");
        Run reused = odjc(withAdmin("--domain", dc.domain(), "--machine", name, "--ou", ou, "--dc", dc.host(),
                "--reuse", "--savefile", blob.toString()));
        assertThat(reused.exit).as(reused.err).isZero();
        assertThat(reused.out).contains("reused=true");
        assertThat(computersInOu()).isEqualTo(before);
        assertJoins(name, blob);
    }

    @Test
    void aNonAdminIdentityIsRefusedInAnOuWithoutRightsAndCannotReuseAnotherOnesAccount() throws Exception {
        String mine = "ODJADM" + suffix();
        assertThat(odjc(withAdmin("--domain", dc.domain(), "--machine", mine, "--ou", ou, "--dc", dc.host(),
                "--printblob")).exit).isZero();
        String user = "odjc-it-" + suffix().toLowerCase();
        String password = "Plain-" + suffix() + "-1a";
        String userDn = dc.createUser(user, password);
        Path pw = dir.resolve("user.pass");
        Files.writeString(pw, password + "\n");
        int before = computersInOu();
        try {
            List<String> asUser = List.of("--domain", dc.domain(), "--ou", ou, "--dc", dc.host(), "--printblob",
                    "--user", user + "@" + dc.domain(), "--password-file", pw.toString(), "--ca-file", dc.caFile().toString());
            Run noRights = odjc(concat(asUser, "--machine", "ODJNOR" + suffix()));
            assertThat(noRights.exit).isEqualTo(1);
            assertThat(noRights.err).startsWith("AD-002 ").contains("remedy: Delegate");

            Run notMine = odjc(concat(asUser, "--machine", mine, "--reuse"));
            assertThat(notMine.exit).isEqualTo(1);
            assertThat(notMine.err).startsWith("PROV-004 ");
            assertThat(computersInOu()).isEqualTo(before);
        } finally {
            dc.ldap("ldapdelete", null, userDn);
        }
    }

    @Test
    void aMissingOuAWrongPasswordAndAnExistingFileEachGiveTheirCodeAndWriteNothing() throws Exception {
        int before = computersInOu();
        Run missing = odjc(withAdmin("--domain", dc.domain(), "--prefix", "ODJMISS", "--dc", dc.host(),
                "--ou", "OU=Nowhere-" + suffix() + "," + dc.baseDn(), "--printblob"));
        assertThat(missing.exit).isEqualTo(1);
        assertThat(missing.err).startsWith("PROV-002 ");

        Path wrong = dir.resolve("wrong.pass");
        Files.writeString(wrong, "not-the-password\n");
        Run badPassword = odjc("provision", "--domain", dc.domain(), "--prefix", "ODJBAD", "--ou", ou, "--dc", dc.host(),
                "--printblob", "--user", dc.get("ODJC_DC_ADMIN_UPN"), "--password-file", wrong.toString(),
                "--ca-file", dc.caFile().toString());
        assertThat(badPassword.exit).isEqualTo(1);
        assertThat(badPassword.err).startsWith("AD-007 ").doesNotContain("not-the-password");

        Path taken = dir.resolve("taken.txt");
        Files.writeString(taken, "x");
        Run exists = odjc(withAdmin("--domain", dc.domain(), "--prefix", "ODJFILE", "--ou", ou, "--dc", dc.host(),
                "--savefile", taken.toString()));
        assertThat(exists.exit).isEqualTo(1);
        assertThat(exists.err).startsWith("FILE-003 ");
        assertThat(computersInOu()).isEqualTo(before);
    }

    @Test
    void withAConfigurationOnlyAllowListedOusAreWrittenAndTheBindComesFromTheFile() throws Exception {
        Path config = dir.resolve("connector.yaml");
        Files.writeString(config, String.join("\n",
                "domains:",
                "  - name: " + dc.domain(),
                "    dnsServers: [" + dc.ip() + "]",
                "    defaultOu: " + ou,
                "    bind:",
                "      mode: ldaps",
                "      user: " + dc.get("ODJC_DC_ADMIN_UPN"),
                "      passwordFile: " + dc.adminPasswordFile(),
                "      caFile: " + dc.caFile(),
                "    ous:",
                "      - " + ou,
                ""));
        int before = computersInOu();
        Run outside = odjc("provision", "--config", config.toString(), "--domain", dc.domain(), "--prefix", "ODJCFG",
                "--ou", "CN=Computers," + dc.baseDn(), "--printblob");
        assertThat(outside.exit).isEqualTo(1);
        assertThat(outside.err).startsWith("PROV-001 ");

        Run inside = odjc("provision", "--config", config.toString(), "--domain", dc.domain(), "--prefix", "ODJCFG",
                "--printblob", "--json");
        assertThat(inside.exit).as(inside.err).isZero();
        assertThat(inside.out).contains("\"dn\":\"CN=ODJCFG").contains("," + ou + "\"");
        assertThat(computersInOu()).isEqualTo(before + 1);
    }

    @Test
    void aFailureAfterTheAddDeletesTheAccountOnTheRealDirectory() throws Exception {
        DirectoryAccess admin = new DirectoryAccess(new DirectoryAccess.Bind.Simple(
                DirectoryAccess.Transport.LDAPS, dc.get("ODJC_DC_ADMIN_UPN"),
                new PasswordSource.File(dc.adminPasswordFile().toString())), Optional.of(dc.caFile().toString()), false);
        AdDcLocator locator = new AdDcLocator(new DnsLookup(List.of(IpAddress.parse(dc.ip())), Duration.ofSeconds(2)),
                new CldapPinger(Duration.ofSeconds(1), 3), Clock.systemUTC(), Duration.ofMinutes(1), new SecureRandom());
        int before = computersInOu();
        List<String> created = new ArrayList<>();
        try (LdapDirectory directory = new LdapDirectory(admin, Map.of(), w -> { }, 1, Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                org.odjc.ldap.LdapRoute.STANDARD, org.odjc.platform.SecretStore.files(Optional.empty()))) {
            ComputerProvisioner provisioner = new ComputerProvisioner(locator, directory, new SecureRandom());
            ProvisionRequest request = new ProvisionRequest(DomainDnsName.parse(dc.domain()), NameRequest.Prefix.parse("ODJINJ"),
                    Optional.of(DistinguishedName.parse(ou)), Optional.empty(), ReusePolicy.NEVER, OuAllowList.ANY, "odjc it",
                    Optional.empty());
            ConnectorException e = catchThrowableOfType(() -> provisioner.provision(request, p -> {
                created.add(p.account().dn().toString());
                assertThat(dc.attribute(p.account().dn().toString(), "sAMAccountName")).isEqualTo(p.name() + "$");
                throw new ConnectorException(FailureCode.FILE_UNWRITABLE, "injected after the add");
            }), ConnectorException.class);
            assertThat(e.code()).isEqualTo(FailureCode.FILE_UNWRITABLE);
        }
        assertThat(created).hasSize(1);
        assertThat(dc.attribute(created.get(0), "sAMAccountName")).isNull();
        assertThat(computersInOu()).isEqualTo(before);
    }

    @Test
    void countProvisionsManyAccountsEachWithItsOwnFile() throws Exception {
        int before = computersInOu();
        Path out = Files.createDirectory(dir.resolve("blobs"));
        Run run = odjc(withAdmin("--domain", dc.domain(), "--prefix", "ODJCNT", "--ou", ou, "--dns-server", dc.ip(),
                "--count", "12", "--parallel", "3", "--savedir", out.toString(), "--json"));
        assertThat(run.exit).as(run.err).isZero();
        assertThat(run.out.lines()).hasSize(12).allMatch(l -> l.startsWith("{\"dn\":\"CN=ODJCNT"));
        try (var files = Files.list(out)) {
            List<Path> blobs = files.toList();
            assertThat(blobs).hasSize(12);
            for (Path f : blobs) {
                OdjProvisionData blob = OdjCodec.decode(DjoinText.toNdr(Files.readAllBytes(f)).ndr());
                assertThat(f.getFileName().toString()).isEqualTo(blob.win7Blob().orElseThrow().machineName() + ".txt");
            }
        }
        assertThat(computersInOu()).isEqualTo(before + 12);
    }

    private void assertJoins(String name, Path blob) {
        SambaClient client = new SambaClient(dc, name, dir.resolve("client-" + name));
        ProcessResult applied = client.requestOdj(blob);
        assertThat(applied.exit()).as(applied.toString()).isZero();
        ProcessResult joined = client.testJoin();
        assertThat(joined.out()).as(joined.toString()).contains("Join is OK");
    }

    private static int computersInOu() {
        ProcessResult r = dc.ldap("ldapsearch", null, "-b", ou, "-s", "one", "(objectClass=computer)", "1.1");
        assertThat(r.exit()).as(r.toString()).isZero();
        return (int) r.out().lines().filter(l -> l.startsWith("dn: ")).count();
    }

    private static String[] withAdmin(String... args) {
        List<String> all = new ArrayList<>(List.of("provision", "--user", dc.get("ODJC_DC_ADMIN_UPN"), "--password-file",
                dc.adminPasswordFile().toString(), "--ca-file", dc.caFile().toString()));
        all.addAll(Arrays.asList(args));
        return all.toArray(String[]::new);
    }

    private static String[] concat(List<String> base, String... more) {
        List<String> all = new ArrayList<>(List.of("provision"));
        all.addAll(base);
        all.addAll(Arrays.asList(more));
        return all.toArray(String[]::new);
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run odjc(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = OdjcMain.run(args, InputStream.nullInputStream(), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    private static String suffix() {
        return ItEnvironment.randomSuffix();
    }
}
