package org.odjc.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odjc.domain.ComputerName;
import org.odjc.domain.DistinguishedName;
import org.odjc.domain.DomainDnsName;
import org.odjc.domain.Guid;
import org.odjc.domain.MachinePassword;
import org.odjc.domain.Sid;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.platform.SecretStore;
import org.odjc.provisioning.DirectoryAccess;
import org.odjc.provisioning.DirectoryAccount;
import org.odjc.provisioning.DirectorySession;
import org.odjc.provisioning.NewComputerAccount;
import org.odjc.provisioning.PasswordSource;
import org.odjc.testing.SambaDc;

/** The LDAP adapter against the Samba AD DC: facts, identity, the account operations, and real failures. */
class LdapDirectoryIT {
    @TempDir
    Path dir;

    private SambaDc dc;
    private LdapDirectory directory;

    @BeforeEach
    void connect() throws Exception {
        dc = SambaDc.require();
        directory = new LdapDirectory(adminAccess(DirectoryAccess.Transport.LDAPS), Map.of(), w -> { }, 2,
                Duration.ofSeconds(5), Duration.ofSeconds(30),
                LdapRoute.STANDARD, SecretStore.files(Optional.empty()));
    }

    @AfterEach
    void disconnect() {
        if (directory != null) {
            directory.close();
        }
    }

    private DirectoryAccess adminAccess(DirectoryAccess.Transport transport) {
        return new DirectoryAccess(new DirectoryAccess.Bind.Simple(transport, dc.get("ODJC_DC_ADMIN_UPN"),
                new PasswordSource.File(dc.adminPasswordFile().toString())), Optional.of(dc.caFile().toString()), false);
    }

    @Test
    void readsTheDomainFactsTheComputersContainerAndTheBoundIdentity() throws Exception {
        try (DirectorySession s = directory.open(dc.dcInfo())) {
            assertThat(s.domainFacts().netbiosName().value()).isEqualTo(dc.netbios());
            assertThat(s.domainFacts().dnsDomainName()).isEqualTo(DomainDnsName.parse(dc.domain()));
            assertThat(s.domainFacts().dnsForestName()).isEqualTo(DomainDnsName.parse(dc.domain()));
            assertThat(s.domainFacts().domainSid()).isEqualTo(Sid.parse(dc.domainSid()));
            assertThat(s.domainFacts().domainGuid()).isEqualTo(Guid.parse(dc.domainGuid()));
            assertThat(s.computersContainer()).isEqualTo(DistinguishedName.parse("CN=Computers," + dc.baseDn()));
            assertThat(s.identity().sid()).isEqualTo(Sid.parse(dc.domainSid()).withRid(500));
            assertThat(s.identity().groups()).contains(Sid.parse(dc.domainSid()).withRid(512));
        }
    }

    @Test
    void addsReadsResetsAndDeletesAComputerAccount() throws Exception {
        String name = "ODJLDAP" + Long.toString(new SecureRandom().nextInt(1 << 30), 36).toUpperCase();
        try (DirectorySession s = directory.open(dc.dcInfo())) {
            NewComputerAccount account = NewComputerAccount.of(s.computersContainer(), ComputerName.parse(name),
                    s.domainFacts().dnsDomainName(), MachinePassword.random(new SecureRandom()), "odjc test");
            s.add(account);
            try {
                DirectoryAccount read = s.read(account.dn());
                assertThat(s.findBySamAccountName(name + "$")).contains(read);
                assertThat(read.isComputer()).isTrue();
                assertThat(s.domainFacts().domainSid().isDomainOf(read.sid())).isTrue();
                assertThat(read.owner()).as("Samba makes Domain Admins the owner, as AD does for admins")
                        .contains(Sid.parse(dc.domainSid()).withRid(512));
                assertThat(read.belongsTo(s.identity())).isTrue();
                assertThat(dc.attribute(account.dn().toString(), "dNSHostName"))
                        .isEqualTo((name + "." + dc.domain()).toLowerCase());

                ConnectorException again = catchThrowableOfType(() -> s.add(account), ConnectorException.class);
                assertThat(again.code()).isEqualTo(FailureCode.AD_ALREADY_EXISTS);
                s.resetPassword(account.dn(), MachinePassword.random(new SecureRandom()), true, "odjc test, reset");
                assertThat(dc.attribute(account.dn().toString(), "description")).isEqualTo("odjc test, reset");
                assertThat(s.findTagged("odjc test, re")).map(DirectoryAccount::dn).contains(account.dn());
                assertThat(s.findTagged("odjc test*")).as("the tag is a literal, never a wildcard").isEmpty();
            } finally {
                s.delete(account.dn());
            }
            assertThat(s.exists(account.dn())).isFalse();
            assertThat(s.findBySamAccountName(name + "$")).isEmpty();
        }
    }

    /**
     * ChaosIT found this: the directory drops a trailing space of a substring filter's initial part
     * (RFC 4518), so "request=r-1 " matched request r-10's account and two requests shared one.
     */
    @Test
    void aTagPrefixNeverFindsTheAccountOfARequestWhoseIdMerelyStartsTheSame() throws Exception {
        String id = "tp" + Long.toString(new SecureRandom().nextInt(1 << 30), 36);
        String name = "ODJTP" + Long.toString(new SecureRandom().nextInt(1 << 30), 36).toUpperCase();
        try (DirectorySession s = directory.open(dc.dcInfo())) {
            NewComputerAccount longer = NewComputerAccount.of(s.computersContainer(), ComputerName.parse(name),
                    s.domainFacts().dnsDomainName(), MachinePassword.random(new SecureRandom()),
                    "odjc request=" + id + "0 connector=c1");
            s.add(longer);
            try {
                assertThat(s.findTagged("odjc request=" + id + " ")).as("the exact prefix, as the port promises").isEmpty();
                assertThat(s.findTagged("odjc request=" + id + " connector=")).isEmpty();
                assertThat(s.findTagged("odjc request=" + id + "0 connector=")).map(DirectoryAccount::dn).contains(longer.dn());
                assertThat(s.findTagged("ODJC REQUEST=" + id + "0 connector=")).as("and case-sensitive").isEmpty();
            } finally {
                s.delete(longer.dn());
            }
        }
    }

    @Test
    void aMissingParentAndADuplicateNameGiveTheirCodes() throws Exception {
        try (DirectorySession s = directory.open(dc.dcInfo())) {
            var facts = s.domainFacts();
            NewComputerAccount lost = NewComputerAccount.of(DistinguishedName.parse("OU=Nope," + dc.baseDn()),
                    ComputerName.parse("ODJLOST1"), facts.dnsDomainName(), MachinePassword.random(new SecureRandom()), "x");
            assertThat(catchThrowableOfType(() -> s.add(lost), ConnectorException.class).code())
                    .isEqualTo(FailureCode.AD_NO_SUCH_OBJECT);

            NewComputerAccount first = NewComputerAccount.of(s.computersContainer(), ComputerName.parse("ODJDUP1"),
                    facts.dnsDomainName(), MachinePassword.random(new SecureRandom()), "x");
            NewComputerAccount sameSam = NewComputerAccount.of(DistinguishedName.parse("CN=Users," + dc.baseDn()),
                    ComputerName.parse("ODJDUP1"), facts.dnsDomainName(), MachinePassword.random(new SecureRandom()), "x");
            s.add(first);
            try {
                // the same name elsewhere clashes first on its SPNs, as in AD
                ConnectorException e = catchThrowableOfType(() -> s.add(sameSam), ConnectorException.class);
                assertThat(e.code()).isEqualTo(FailureCode.AD_SPN_CONFLICT);
                assertThat(e.getMessage()).contains("spn[HOST/ODJDUP1] would cause a conflict");
            } finally {
                s.delete(first.dn());
            }
        }
    }

    @Test
    void aUserWithoutRightsGetsInsufficientAccess() throws Exception {
        String user = "odjc-it-" + Long.toString(new SecureRandom().nextInt(1 << 20), 36);
        String password = "Plain-" + Long.toString(new SecureRandom().nextLong(), 36) + "-1a";
        String userDn = dc.createUser(user, password);
        Path pw = dir.resolve("pw");
        Files.writeString(pw, password);
        try (LdapDirectory asUser = new LdapDirectory(new DirectoryAccess(new DirectoryAccess.Bind.Simple(
                DirectoryAccess.Transport.LDAPS, user + "@" + dc.domain(),
                new PasswordSource.File(pw.toString())), Optional.of(dc.caFile().toString()), false),
                Map.of(), w -> { }, 1,
                Duration.ofSeconds(5), Duration.ofSeconds(30),
                LdapRoute.STANDARD, SecretStore.files(Optional.empty()));
                DirectorySession s = asUser.open(dc.dcInfo())) {
            assertThat(s.identity().sid()).isNotEqualTo(Sid.parse(dc.domainSid()).withRid(500));
            NewComputerAccount a = NewComputerAccount.of(s.computersContainer(), ComputerName.parse("ODJNORIGHT"),
                    s.domainFacts().dnsDomainName(), MachinePassword.random(new SecureRandom()), "x");
            ConnectorException e = catchThrowableOfType(() -> s.add(a), ConnectorException.class);
            assertThat(e.code()).isEqualTo(FailureCode.AD_INSUFFICIENT_ACCESS);
            assertThat(e.getMessage()).contains("acl: unable to get access");
        } finally {
            dc.ldap("ldapdelete", null, userDn);
        }
    }

    @Test
    void aWrongPasswordIsAnInvalidBindNotAnOutage() throws Exception {
        Path wrong = dir.resolve("wrong");
        Files.writeString(wrong, "not-the-password\n");
        try (LdapDirectory bad = new LdapDirectory(new DirectoryAccess(new DirectoryAccess.Bind.Simple(
                DirectoryAccess.Transport.LDAPS, dc.get("ODJC_DC_ADMIN_UPN"),
                new PasswordSource.File(wrong.toString())), Optional.of(dc.caFile().toString()), false),
                Map.of(), w -> { }, 1, Duration.ofSeconds(5), Duration.ofSeconds(30),
                LdapRoute.STANDARD, SecretStore.files(Optional.empty()))) {
            ConnectorException e = catchThrowableOfType(() -> bad.open(dc.dcInfo()), ConnectorException.class);
            assertThat(e.code()).isEqualTo(FailureCode.AD_BIND_INVALID);
            assertThat(e.getMessage()).contains("data 52e").doesNotContain("not-the-password");
        }
    }

    @Test
    void anUntrustedCertificateIsRefusedAndTheOptOutWarns() throws Exception {
        Path otherCa = dir.resolve("other-ca.pem");
        Files.write(otherCa, getClass().getResourceAsStream("/certs/test-root-ca.pem").readAllBytes());
        DirectoryAccess untrusted = new DirectoryAccess(new DirectoryAccess.Bind.Simple(
                DirectoryAccess.Transport.LDAPS, dc.get("ODJC_DC_ADMIN_UPN"),
                new PasswordSource.File(dc.adminPasswordFile().toString())), Optional.of(otherCa.toString()), false);
        try (LdapDirectory d = new LdapDirectory(untrusted, Map.of(), w -> { }, 1, Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                LdapRoute.STANDARD, SecretStore.files(Optional.empty()))) {
            assertThat(catchThrowableOfType(() -> d.open(dc.dcInfo()), ConnectorException.class).code())
                    .isEqualTo(FailureCode.AD_TLS_UNTRUSTED);
        }
        StringBuilder warned = new StringBuilder();
        DirectoryAccess insecure = new DirectoryAccess(new DirectoryAccess.Bind.Simple(
                DirectoryAccess.Transport.LDAPS, dc.get("ODJC_DC_ADMIN_UPN"),
                new PasswordSource.File(dc.adminPasswordFile().toString())), Optional.empty(), true);
        try (LdapDirectory d = new LdapDirectory(insecure, Map.of(), warned::append, 1, Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                LdapRoute.STANDARD, SecretStore.files(Optional.empty()));
                DirectorySession s = d.open(dc.dcInfo())) {
            assertThat(s.domainFacts().netbiosName().value()).isEqualTo(dc.netbios());
        }
        assertThat(warned).contains("TLS certificate verification is OFF");
    }

    @Test
    void startTlsWorksLikeLdaps() throws Exception {
        try (LdapDirectory d = new LdapDirectory(adminAccess(DirectoryAccess.Transport.STARTTLS), Map.of(), w -> { }, 1,
                Duration.ofSeconds(5), Duration.ofSeconds(30),
                LdapRoute.STANDARD, SecretStore.files(Optional.empty()));
                DirectorySession s = d.open(dc.dcInfo())) {
            assertThat(s.domainFacts().domainSid()).isEqualTo(Sid.parse(dc.domainSid()));
        }
    }

    @Test
    void anUnreachableDcIsARetryableOutage() throws Exception {
        var dead = new org.odjc.domain.DcInfo(DomainDnsName.parse("localhost"),
                org.odjc.domain.IpAddress.parse("127.0.0.1"), Guid.parse(dc.domainGuid()),
                DomainDnsName.parse(dc.domain()), DomainDnsName.parse(dc.domain()), 0,
                org.odjc.domain.SiteName.DEFAULT_FIRST_SITE, Optional.of(org.odjc.domain.SiteName.DEFAULT_FIRST_SITE));
        ConnectorException e = catchThrowableOfType(() -> directory.open(dead), ConnectorException.class);
        assertThat(e.code()).isEqualTo(FailureCode.AD_DC_UNREACHABLE);
        assertThat(e.code().disposition()).isEqualTo(org.odjc.failure.Disposition.RETRY);
    }
}
