package org.odjc.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.unboundid.asn1.ASN1Integer;
import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.asn1.ASN1Sequence;
import com.unboundid.ldap.sdk.AddRequest;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.PEMFileTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odjc.domain.ComputerName;
import org.odjc.domain.DistinguishedName;
import org.odjc.domain.DomainDnsName;
import org.odjc.domain.MachinePassword;
import org.odjc.domain.NetbiosDomainName;
import org.odjc.domain.SecurityDescriptor;
import org.odjc.domain.Sid;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.ldap.AdResultClassifier;
import org.odjc.ldap.LdapDirectory;
import org.odjc.ldap.LdapRoute;
import org.odjc.odj.OdjCodec;
import org.odjc.odj.OdjWin7Blob;
import org.odjc.provisioning.ComputerProvisioner;
import org.odjc.provisioning.DirectoryAccess;
import org.odjc.provisioning.DirectoryAccount;
import org.odjc.provisioning.DirectorySession;
import org.odjc.provisioning.NameRequest;
import org.odjc.provisioning.NewComputerAccount;
import org.odjc.provisioning.OuAllowList;
import org.odjc.provisioning.PasswordSource;
import org.odjc.provisioning.ProvisionRequest;
import org.odjc.provisioning.Provisioned;
import org.odjc.provisioning.ReusePolicy;

/**
 * The embedded directory driven by the real LDAP adapter and the real provisioner, over LDAPS with
 * certificate and host-name verification, as {@code scripts/demo} will use it.
 */
class EmbeddedDirectoryTest {
    private static final String DOMAIN = "demo.odjc.test";
    private static final String NC = "DC=demo,DC=odjc,DC=test";
    private static final String UPN = "odjc-admin@" + DOMAIN;
    private static final String PASSWORD = "Demo-Admin-Passw0rd!";
    private static final String PASSWORD_ENV = "ODJC_DEMO_PASSWORD";
    private static final String AUTOPILOT = "OU=Autopilot," + NC;
    private static final String OTHER = "OU=Other," + NC;
    private static final String TAG = "odjc provisioned by " + UPN;

    @TempDir
    Path work;

    private EmbeddedDirectory directory;
    private final List<LdapDirectory> adapters = new ArrayList<>();
    private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() throws Exception {
        directory = EmbeddedDirectory.start(new EmbeddedDirectory.Settings(DomainDnsName.parse(DOMAIN),
                NetbiosDomainName.parse("DEMO"), UPN, PASSWORD.toCharArray(),
                List.of(DistinguishedName.parse(AUTOPILOT), DistinguishedName.parse(OTHER),
                        DistinguishedName.parse("OU=Kiosks," + AUTOPILOT)),
                work, new SecureRandom(), Clock.systemUTC()));
    }

    @AfterEach
    void stop() {
        adapters.forEach(LdapDirectory::close);
        directory.close();
    }

    private LdapDirectory adapter(String password, Optional<String> caFile, int poolSize) {
        DirectoryAccess access = new DirectoryAccess(new DirectoryAccess.Bind.Simple(DirectoryAccess.Transport.LDAPS, UPN,
                new PasswordSource.Environment(PASSWORD_ENV)), caFile, false);
        LdapDirectory d = new LdapDirectory(access, Map.of(PASSWORD_ENV, password), warnings::add, poolSize,
                Duration.ofSeconds(5), Duration.ofSeconds(30), LdapRoute.fixed(EmbeddedDirectory.ADDRESS,
                        directory.ldapsPort()), org.odjc.platform.SecretStore.files(Optional.empty()));
        adapters.add(d);
        return d;
    }

    private LdapDirectory adapter() {
        return adapter(PASSWORD, Optional.of(directory.caFile().toString()), 2);
    }

    private ComputerProvisioner provisioner(LdapDirectory ldap) {
        return new ComputerProvisioner((domain, explicitDc) -> List.of(directory.dcInfo()), ldap, new SecureRandom());
    }

    private static ProvisionRequest request(NameRequest name, String ou, ReusePolicy reuse) throws ConnectorException {
        return new ProvisionRequest(DomainDnsName.parse(DOMAIN), name, Optional.of(DistinguishedName.parse(ou)),
                Optional.empty(), reuse, OuAllowList.ANY, TAG, Optional.empty());
    }

    private static NameRequest exact(String name) throws ConnectorException {
        return new NameRequest.Exact(ComputerName.parse(name));
    }

    private static NameRequest prefix(String prefix) throws ConnectorException {
        return NameRequest.Prefix.parse(prefix);
    }

    /** A plain UnboundID connection that verifies the certificate like the adapter does. */
    private LDAPConnection raw(boolean bind) throws Exception {
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
        LDAPConnection c = new LDAPConnection(new SSLUtil(new PEMFileTrustManager(directory.caFile().toFile()))
                .createSSLSocketFactory(), options, EmbeddedDirectory.ADDRESS, directory.ldapsPort());
        if (bind) {
            c.bind(UPN, PASSWORD);
        }
        return c;
    }

    private static DistinguishedName dn(String text) throws ConnectorException {
        return DistinguishedName.parse(text);
    }

    @Test
    void theRealAdapterReadsTheDomainFactsTheComputersContainerAndTheAdminsToken() throws Exception {
        try (DirectorySession s = adapter().open(directory.dcInfo())) {
            assertThat(s.domainFacts().netbiosName().value()).isEqualTo("DEMO");
            assertThat(s.domainFacts().dnsDomainName()).isEqualTo(DomainDnsName.parse(DOMAIN));
            assertThat(s.domainFacts().dnsForestName()).isEqualTo(DomainDnsName.parse(DOMAIN));
            assertThat(s.domainFacts().domainSid()).isEqualTo(directory.domainSid());
            assertThat(s.domainFacts().domainGuid()).isEqualTo(directory.domainGuid());
            assertThat(s.computersContainer()).isEqualTo(dn("CN=Computers," + NC));
            assertThat(s.identity().sid()).isEqualTo(directory.domainSid().withRid(EmbeddedDirectory.ADMIN_RID));
            assertThat(s.identity().groups()).contains(directory.domainSid().withRid(512),
                    directory.domainSid().withRid(513), Sid.parse("S-1-5-32-544"), Sid.parse("S-1-5-32-545"));
        }
        assertThat(directory.domainSid().toString()).matches("S-1-5-21-\\d+-\\d+-\\d+");
        assertThat(warnings).isEmpty();
    }

    @Test
    void theDcIsDescribedAsAWindowsDcFoundThroughDns() {
        assertThat(directory.dcInfo().hostName().value()).isEqualTo("dc1." + DOMAIN);
        assertThat(directory.dcInfo().address().value()).isEqualTo("127.0.0.1");
        assertThat(directory.dcInfo().flags()).isEqualTo(0xe001f3fdL);
        assertThat(directory.dcInfo().dcSite().value()).isEqualTo("Default-First-Site-Name");
        assertThat(directory.dcInfo().clientSite()).hasValueSatisfying(s -> assertThat(s.value())
                .isEqualTo("Default-First-Site-Name"));
        assertThat(directory.dcInfo().domainGuid()).isEqualTo(directory.domainGuid());
        assertThat(directory.caFile()).isEqualTo(work.resolve(EmbeddedDirectory.CA_FILE_NAME)).isRegularFile();
    }

    @Test
    void provisionedAccountsGetDistinctSidsOfTheDomainWithIncreasingRids() throws Exception {
        ComputerProvisioner provisioner = provisioner(adapter());
        List<Long> rids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Provisioned p = provisioner.provision(request(prefix("DEMO-"), AUTOPILOT, ReusePolicy.NEVER));
            assertThat(directory.domainSid().isDomainOf(p.account().sid())).isTrue();
            rids.add(p.account().sid().rid());
        }
        assertThat(rids).doesNotHaveDuplicates().isSorted();
        assertThat(rids.get(0)).isGreaterThanOrEqualTo(1100);
        assertThat(directory.computersIn(dn(AUTOPILOT))).isEqualTo(5);
    }

    @Test
    void theAccountCarriesWhatWindowsWritesAndIsOwnedByDomainAdmins() throws Exception {
        Provisioned p = provisioner(adapter()).provision(request(exact("DEMO-PC01"), AUTOPILOT, ReusePolicy.NEVER));

        try (LDAPConnection c = raw(true)) {
            SearchResultEntry e = c.getEntry(p.account().dn().toString(), "*");
            assertThat(e.getObjectClassValues()).containsExactly("top", "person", "organizationalPerson", "user",
                    "computer");
            assertThat(e.getAttributeValue("cn")).isEqualTo("DEMO-PC01");
            assertThat(e.getAttributeValue("sAMAccountName")).isEqualTo("DEMO-PC01$");
            assertThat(e.getAttributeValueAsLong("userAccountControl")).isEqualTo(4096);
            assertThat(e.getAttributeValue("dNSHostName")).isEqualTo("demo-pc01." + DOMAIN);
            assertThat(e.getAttributeValues("servicePrincipalName")).containsExactlyInAnyOrder("HOST/DEMO-PC01",
                    "HOST/demo-pc01." + DOMAIN, "RestrictedKrbHost/DEMO-PC01", "RestrictedKrbHost/demo-pc01." + DOMAIN);
            assertThat(e.getAttributeValue("description")).isEqualTo(TAG);
            assertThat(e.getAttributeValueAsLong("sAMAccountType")).isEqualTo(0x30000001L);
            assertThat(e.getAttributeValueAsLong("primaryGroupID")).isEqualTo(515);
            assertThat(e.getAttributeValue("objectCategory")).isEqualTo("CN=Computer,CN=Schema,CN=Configuration," + NC);
            assertThat(e.getAttributeValue("whenCreated")).matches("\\d{14}\\.0Z");
            assertThat(e.getAttributeValueAsLong("pwdLastSet")).isPositive();
            assertThat(e.hasAttribute("mS-DS-CreatorSID")).isFalse();
        }
        assertThat(p.account().owner()).contains(directory.domainSid().withRid(512));
        assertThat(p.account().creatorSid()).isEmpty();
        assertThat(p.account().objectGuid().isNil()).isFalse();
        try (DirectorySession s = adapter().open(directory.dcInfo())) {
            assertThat(p.account().belongsTo(s.identity())).isTrue();
        }
    }

    @Test
    void unicodePwdIsWriteOnlyAndNoSearchReturnsIt() throws Exception {
        Provisioned p = provisioner(adapter()).provision(request(exact("DEMO-PC02"), AUTOPILOT, ReusePolicy.NEVER));

        assertThat(directory.stored(p.account().dn()).hasAttribute("sAMAccountName")).isTrue();
        assertThat(directory.stored(p.account().dn()).hasAttribute("unicodePwd")).isFalse();

        try (LDAPConnection c = raw(true)) {
            SearchResult everything = c.search(NC, SearchScope.SUB, Filter.createPresenceFilter("objectClass"),
                    "*", "+", "unicodePwd");
            SearchResult withPassword = c.search(NC, SearchScope.SUB, Filter.createPresenceFilter("unicodePwd"));
            SearchResult account = c.search(AUTOPILOT, SearchScope.ONE, Filter.createEqualityFilter("cn", "DEMO-PC02"),
                    "unicodePwd");

            assertThat(everything.getEntryCount()).isGreaterThan(10);
            assertThat(everything.getSearchEntries()).noneMatch(e -> e.hasAttribute("unicodePwd"));
            assertThat(withPassword.getEntryCount()).isZero();
            assertThat(account.getEntryCount()).isEqualTo(1);
            assertThat(account.getSearchEntries().get(0).getAttributes()).isEmpty();
        }
    }

    @Test
    void theBlobsPasswordIsTheAccountsAndTheBlobNamesTheDomainAndMachine() throws Exception {
        Provisioned p = provisioner(adapter()).provision(request(prefix("KIOSK-"), "OU=Kiosks," + AUTOPILOT,
                ReusePolicy.NEVER));

        OdjWin7Blob blob = OdjCodec.decode(OdjCodec.encode(p.blob())).win7Blob().orElseThrow();
        assertThat(blob.machineName()).isEqualTo(p.name().value());
        assertThat(blob.domain()).isEqualTo(DOMAIN);
        assertThat(blob.dnsDomainInfo().sid()).isEqualTo(directory.domainSid());
        assertThat(blob.dnsDomainInfo().domainGuid()).isEqualTo(directory.domainGuid());
        assertThat(blob.dnsDomainInfo().name().value()).isEqualTo("DEMO");
        assertThat(blob.dcInfo().flags()).isEqualTo(EmbeddedDirectory.DC_FLAGS);
        assertThat(OdjCodec.decode(OdjCodec.encode(p.blob())).joinProv3().orElseThrow().rid())
                .isEqualTo(p.account().sid().rid());
        assertThat(directory.passwordMatches(p.account().dn(), blob.machinePassword())).isTrue();
        assertThat(directory.passwordMatches(p.account().dn(), MachinePassword.random(new SplittableRandom(1))))
                .isFalse();
        assertThat(directory.passwordMatches(dn("CN=NOSUCH,OU=Kiosks," + AUTOPILOT), blob.machinePassword()))
                .isFalse();
    }

    @Test
    void aSamAccountNameTakenInAnotherOuIsRefusedByTheProvisionerAndByTheDirectory() throws Exception {
        LdapDirectory ldap = adapter();
        provisioner(ldap).provision(request(exact("DEMO-PC03"), AUTOPILOT, ReusePolicy.NEVER));

        ConnectorException refused = catchThrowableOfType(
                () -> provisioner(ldap).provision(request(exact("DEMO-PC03"), OTHER, ReusePolicy.NEVER)),
                ConnectorException.class);
        ConnectorException byTheDc;
        try (DirectorySession s = ldap.open(directory.dcInfo())) {
            NewComputerAccount again = NewComputerAccount.of(dn(OTHER), ComputerName.parse("DEMO-PC03"),
                    DomainDnsName.parse(DOMAIN), MachinePassword.random(new SecureRandom()), TAG);
            byTheDc = catchThrowableOfType(() -> s.add(again), ConnectorException.class);
        }

        assertThat(refused.code()).isEqualTo(FailureCode.PROV_ACCOUNT_EXISTS);
        assertThat(byTheDc.code()).isEqualTo(FailureCode.AD_ALREADY_EXISTS);
        assertThat(byTheDc.getMessage()).contains("00000524");
        assertThat(directory.computersIn(dn(OTHER))).isZero();
    }

    @Test
    void aSecondAddOfTheSameDnIsRefusedAsTheDnAlreadyExisting() throws Exception {
        LdapDirectory ldap = adapter();
        Provisioned p = provisioner(ldap).provision(request(exact("DEMO-PC04"), AUTOPILOT, ReusePolicy.NEVER));

        try (LDAPConnection c = raw(true)) {
            LDAPException e = catchThrowableOfType(() -> c.add(new AddRequest(p.account().dn().toString(),
                    new Attribute("objectClass", "computer"), new Attribute("sAMAccountName", "OTHERNAME$"))),
                    LDAPException.class);
            assertThat(e.getResultCode()).isEqualTo(ResultCode.ENTRY_ALREADY_EXISTS);
            assertThat(e.getDiagnosticMessage()).startsWith("00002071:");
            assertThat(AdResultClassifier.classify(e, "adding").code()).isEqualTo(FailureCode.AD_ALREADY_EXISTS);
        }
    }

    @Test
    void reusingAnAccountThisAdminOwnsResetsItsPasswordAndReplacesTheHash() throws Exception {
        LdapDirectory ldap = adapter();
        Provisioned first = provisioner(ldap).provision(request(exact("DEMO-PC05"), AUTOPILOT, ReusePolicy.NEVER));
        MachinePassword before = first.blob().win7Blob().orElseThrow().machinePassword();

        Provisioned again = provisioner(ldap).provision(request(exact("DEMO-PC05"), AUTOPILOT, ReusePolicy.OWN));
        MachinePassword after = again.blob().win7Blob().orElseThrow().machinePassword();

        assertThat(again.reused()).isTrue();
        assertThat(again.account().sid()).isEqualTo(first.account().sid());
        assertThat(directory.passwordMatches(again.account().dn(), after)).isTrue();
        assertThat(directory.passwordMatches(again.account().dn(), before)).isFalse();
    }

    @Test
    void deletingAnAccountFreesItsNameAndItsRidIsNeverHandedOutAgain() throws Exception {
        LdapDirectory ldap = adapter();
        Provisioned first = provisioner(ldap).provision(request(exact("DEMO-PC06"), AUTOPILOT, ReusePolicy.NEVER));
        try (DirectorySession s = ldap.open(directory.dcInfo())) {
            s.delete(first.account().dn());
        }

        Provisioned second = provisioner(ldap).provision(request(exact("DEMO-PC06"), OTHER, ReusePolicy.NEVER));

        assertThat(second.account().sid().rid()).isGreaterThan(first.account().sid().rid());
        assertThat(directory.computersIn(dn(AUTOPILOT))).isZero();
        assertThat(directory.passwordMatches(first.account().dn(),
                first.blob().win7Blob().orElseThrow().machinePassword())).isFalse();
    }

    @Test
    void aWrongBindPasswordFailsWithAdsTextAndCodeAd007() {
        ConnectorException e = catchThrowableOfType(
                () -> adapter("not-the-password", Optional.of(directory.caFile().toString()), 1)
                        .open(directory.dcInfo()),
                ConnectorException.class);

        assertThat(e.code()).isEqualTo(FailureCode.AD_BIND_INVALID);
        assertThat(e.code().id()).isEqualTo("AD-007");
        assertThat(e.getMessage()).contains("AcceptSecurityContext error, data 52e");
    }

    @Test
    void aClientThatDoesNotTrustTheDirectoryCaIsRefusedTheConnection() {
        ConnectorException e = catchThrowableOfType(
                () -> adapter(PASSWORD, Optional.empty(), 1).open(directory.dcInfo()), ConnectorException.class);

        assertThat(e.code()).isEqualTo(FailureCode.AD_TLS_UNTRUSTED);
    }

    @Test
    void aUnicodePwdWithoutQuotesIsRefusedAndNothingIsAdded() throws Exception {
        String dn = "CN=NOQUOTES," + AUTOPILOT;
        try (LDAPConnection c = raw(true)) {
            LDAPException e = catchThrowableOfType(() -> c.add(new AddRequest(dn,
                    new Attribute("objectClass", "computer"), new Attribute("sAMAccountName", "NOQUOTES$"),
                    new Attribute("unicodePwd", "secret".getBytes(StandardCharsets.UTF_16LE)))), LDAPException.class);

            assertThat(e.getResultCode()).isEqualTo(ResultCode.UNWILLING_TO_PERFORM);
            assertThat(e.getDiagnosticMessage()).startsWith("0000001F: SvcErr:").contains("WILL_NOT_PERFORM");
            // AD answers a plain-LDAP unicodePwd with the same text, so the classifier cannot tell the two apart
            assertThat(AdResultClassifier.classify(e, "adding").code()).isEqualTo(FailureCode.AD_ENCRYPTION_REQUIRED);
            assertThat(c.getEntry(dn)).isNull();
        }
    }

    @Test
    void anonymousClientsReadTheRootDseButNothingElseAndWriteNothing() throws Exception {
        try (LDAPConnection c = raw(false)) {
            SearchResultEntry root = c.getEntry("", "defaultNamingContext", "configurationNamingContext",
                    "rootDomainNamingContext", "dnsHostName", "currentTime");
            LDAPException search = catchThrowableOfType(() -> c.search(NC, SearchScope.SUB,
                    Filter.createPresenceFilter("objectClass")), LDAPException.class);
            LDAPException add = catchThrowableOfType(() -> c.add(new AddRequest("CN=ANON," + AUTOPILOT,
                    new Attribute("objectClass", "computer"))), LDAPException.class);

            assertThat(root.getAttributeValue("defaultNamingContext")).isEqualTo(NC);
            assertThat(root.getAttributeValue("configurationNamingContext")).isEqualTo("CN=Configuration," + NC);
            assertThat(root.getAttributeValue("rootDomainNamingContext")).isEqualTo(NC);
            assertThat(root.getAttributeValue("dnsHostName")).isEqualTo("dc1." + DOMAIN);
            assertThat(root.getAttributeValue("currentTime")).matches("\\d{14}\\.0Z");
            assertThat(search.getResultCode()).isEqualTo(ResultCode.OPERATIONS_ERROR);
            assertThat(add.getResultCode()).isEqualTo(ResultCode.OPERATIONS_ERROR);
            assertThat(add.getDiagnosticMessage()).startsWith("000004DC:");
        }
        assertThat(directory.computersIn(dn(AUTOPILOT))).isZero();
    }

    @Test
    void theSdFlagsControlReturnsOnlyTheOwnerAndWithoutItTheWholeDescriptor() throws Exception {
        Provisioned p = provisioner(adapter()).provision(request(exact("DEMO-PC07"), AUTOPILOT, ReusePolicy.NEVER));
        try (LDAPConnection c = raw(true)) {
            SearchRequest ownerOnly = new SearchRequest(p.account().dn().toString(), SearchScope.BASE,
                    Filter.createPresenceFilter("objectClass"), "nTSecurityDescriptor");
            ownerOnly.addControl(new Control("1.2.840.113556.1.4.801", true,
                    new ASN1OctetString(new ASN1Sequence(new ASN1Integer(1)).encode())));
            SecurityDescriptor owner = SecurityDescriptor.parse(c.searchForEntry(ownerOnly)
                    .getAttributeValueBytes("nTSecurityDescriptor"));
            SecurityDescriptor whole = SecurityDescriptor.parse(c.getEntry(p.account().dn().toString(),
                    "nTSecurityDescriptor").getAttributeValueBytes("nTSecurityDescriptor"));

            assertThat(owner.owner()).contains(directory.domainSid().withRid(512));
            assertThat(owner.group()).isEmpty();
            assertThat(whole.owner()).contains(directory.domainSid().withRid(512));
            assertThat(whole.group()).contains(directory.domainSid().withRid(512));
        }
    }

    @Test
    void aSubtreeSearchFromTheDomainRootRefersToTheConfigurationPartitionInsteadOfEnteringIt() throws Exception {
        try (LDAPConnection c = raw(true)) {
            SearchResult r = c.search(NC, SearchScope.SUB, Filter.createEqualityFilter("objectClass", "crossRef"));

            assertThat(r.getEntryCount()).isZero();
            assertThat(r.getSearchReferences()).hasSize(1);
            assertThat(r.getSearchReferences().get(0).getReferralURLs())
                    .containsExactly("ldap://" + DOMAIN + "/CN=Configuration," + NC);
        }
    }

    @Test
    void anSpnAnotherAccountHoldsIsRefusedWithAdsUniquenessError() throws Exception {
        provisioner(adapter()).provision(request(exact("DEMO-PC08"), AUTOPILOT, ReusePolicy.NEVER));
        try (LDAPConnection c = raw(true)) {
            LDAPException e = catchThrowableOfType(() -> c.add(new AddRequest("CN=DEMO-PC09," + AUTOPILOT,
                    new Attribute("objectClass", "computer"), new Attribute("sAMAccountName", "DEMO-PC09$"),
                    new Attribute("servicePrincipalName", "HOST/DEMO-PC09", "HOST/DEMO-PC08"))), LDAPException.class);

            assertThat(e.getResultCode()).isEqualTo(ResultCode.CONSTRAINT_VIOLATION);
            assertThat(e.getDiagnosticMessage()).startsWith("000021C7:").contains("servicePrincipalName");
            assertThat(c.getEntry("CN=DEMO-PC09," + AUTOPILOT)).isNull();
        }
    }

    @Test
    void aPasswordChangeNeedsTheOldPasswordAndThenReplacesTheHash() throws Exception {
        Provisioned p = provisioner(adapter()).provision(request(exact("DEMO-PC10"), AUTOPILOT, ReusePolicy.NEVER));
        MachinePassword old = p.blob().win7Blob().orElseThrow().machinePassword();
        MachinePassword next = MachinePassword.random(new SplittableRandom(7));
        String dn = p.account().dn().toString();
        try (LDAPConnection c = raw(true)) {
            LDAPException wrongOld = catchThrowableOfType(() -> c.modify(new ModifyRequest(dn,
                    new Modification(ModificationType.DELETE, "unicodePwd", quoted(next)),
                    new Modification(ModificationType.ADD, "unicodePwd", quoted(next)))), LDAPException.class);
            assertThat(wrongOld.getResultCode()).isEqualTo(ResultCode.CONSTRAINT_VIOLATION);
            assertThat(wrongOld.getDiagnosticMessage()).startsWith("00000056:");
            assertThat(directory.passwordMatches(p.account().dn(), old)).isTrue();

            c.modify(new ModifyRequest(dn, new Modification(ModificationType.DELETE, "unicodePwd", quoted(old)),
                    new Modification(ModificationType.ADD, "unicodePwd", quoted(next))));
        }
        assertThat(directory.passwordMatches(p.account().dn(), next)).isTrue();
        assertThat(directory.passwordMatches(p.account().dn(), old)).isFalse();
    }

    @Test
    void movingAnAccountKeepsItsPasswordAndRenamesItsDistinguishedName() throws Exception {
        Provisioned p = provisioner(adapter()).provision(request(exact("DEMO-PC11"), AUTOPILOT, ReusePolicy.NEVER));
        String moved = "CN=DEMO-PC11," + OTHER;
        try (LDAPConnection c = raw(true)) {
            c.modifyDN(p.account().dn().toString(), "CN=DEMO-PC11", true, OTHER);

            assertThat(c.getEntry(moved, "distinguishedName").getAttributeValue("distinguishedName")).isEqualTo(moved);
        }
        assertThat(directory.passwordMatches(dn(moved), p.blob().win7Blob().orElseThrow().machinePassword())).isTrue();
        assertThat(directory.computersIn(dn(OTHER))).isEqualTo(1);
    }

    @Test
    void theAdminBindsByUpnByNetbiosNameAndByDnButNobodyElseBinds() throws Exception {
        try (LDAPConnection c = raw(false)) {
            c.bind(UPN, PASSWORD);
            c.bind("DEMO\\odjc-admin", PASSWORD);
            c.bind("cn=odjc-admin, cn=Users, " + NC, PASSWORD);
            LDAPException dcAccount = catchThrowableOfType(() -> c.bind("CN=DC1,OU=Domain Controllers," + NC, PASSWORD),
                    LDAPException.class);
            LDAPException nobody = catchThrowableOfType(() -> c.bind("nobody@" + DOMAIN, PASSWORD),
                    LDAPException.class);

            assertThat(dcAccount.getResultCode()).isEqualTo(ResultCode.INVALID_CREDENTIALS);
            assertThat(nobody.getDiagnosticMessage()).contains("data 52e");
            // a failed bind leaves the connection anonymous, as on AD
            LDAPException afterwards = catchThrowableOfType(
                    () -> c.search(NC, SearchScope.BASE, Filter.createPresenceFilter("objectClass")), LDAPException.class);
            assertThat(afterwards.getResultCode()).isEqualTo(ResultCode.OPERATIONS_ERROR);
        }
    }

    private static byte[] quoted(MachinePassword password) {
        return ("\"" + new String(password.copyUnits()) + "\"").getBytes(StandardCharsets.UTF_16LE);
    }

    @Test
    void eightThreadsAddingTwentyFiveAccountsEachGetTwoHundredUniqueSids() throws Exception {
        ComputerProvisioner provisioner = provisioner(adapter(PASSWORD, Optional.of(directory.caFile().toString()), 8));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<List<DirectoryAccount>>> work = new ArrayList<>();
        try {
            for (int t = 0; t < 8; t++) {
                work.add(pool.submit(() -> {
                    List<DirectoryAccount> mine = new ArrayList<>();
                    for (int i = 0; i < 25; i++) {
                        mine.add(provisioner.provision(request(prefix("LOAD"), OTHER, ReusePolicy.NEVER)).account());
                    }
                    return mine;
                }));
            }
            Set<Sid> sids = new HashSet<>();
            for (Future<List<DirectoryAccount>> f : work) {
                for (DirectoryAccount a : f.get()) {
                    assertThat(directory.domainSid().isDomainOf(a.sid())).isTrue();
                    sids.add(a.sid());
                }
            }
            assertThat(sids).hasSize(200);
            assertThat(directory.computersIn(dn(OTHER))).isEqualTo(200);
        } finally {
            pool.shutdownNow();
        }
    }
}
