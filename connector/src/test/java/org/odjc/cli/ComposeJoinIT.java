package org.odjc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odjc.domain.MachinePassword;
import org.odjc.domain.Sid;
import org.odjc.testing.ItEnvironment;
import org.odjc.testing.ProcessResult;
import org.odjc.testing.Processes;
import org.odjc.testing.SambaClient;
import org.odjc.testing.SambaDc;

/**
 * {@code odjc blob compose}, run through the launcher, for an account created over LDAPS with a
 * Windows-shaped random password: the blob applied by Samba's {@code net offlinejoin requestodj}
 * makes {@code net ads testjoin} say {@code Join is OK}. A blob with another password must not.
 */
class ComposeJoinIT {
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;

    private SambaDc dc;

    @BeforeEach
    void needsDcAndSambaClient() {
        dc = SambaDc.require();
        ItEnvironment.requireTool("net", "samba");
    }

    @Test
    void composedBlobJoinsASambaClientWithTheAccountsPassword() throws Exception {
        String name = "ODJCMP" + randomSuffix(6);
        MachinePassword password = MachinePassword.random(RANDOM);
        String dn = createAccount(name, password);
        try {
            long rid = ridOf(dn);
            Path blob = dir.resolve(name + ".txt");

            ProcessResult composed = compose(name, password, rid, blob);

            assertThat(composed.exit()).as(composed.toString()).isZero();
            assertThat(composed.out()).contains("saved=" + blob, "rid=" + rid);
            SambaClient client = new SambaClient(dc, name, dir.resolve("client"));
            ProcessResult applied = client.requestOdj(blob);
            assertThat(applied.both()).as(applied.toString()).contains("Successfully requested Offline Domain Join");
            ProcessResult joined = client.testJoin();
            assertThat(joined.both()).as(joined.toString()).contains("Join is OK");
        } finally {
            deleteAccount(dn);
        }
    }

    @Test
    void aBlobWithAnotherPasswordDoesNotJoin() throws Exception {
        String name = "ODJNEG" + randomSuffix(6);
        String dn = createAccount(name, MachinePassword.random(RANDOM));
        try {
            Path blob = dir.resolve(name + ".txt");
            ProcessResult composed = compose(name, MachinePassword.random(RANDOM), ridOf(dn), blob);
            assertThat(composed.exit()).as(composed.toString()).isZero();

            SambaClient client = new SambaClient(dc, name, dir.resolve("client"));
            assertThat(client.requestOdj(blob).both()).contains("Successfully requested Offline Domain Join");
            ProcessResult joined = client.testJoin();
            assertThat(joined.both()).as(joined.toString()).doesNotContain("Join is OK");
        } finally {
            deleteAccount(dn);
        }
    }

    private ProcessResult compose(String name, MachinePassword password, long rid, Path blob) throws Exception {
        Path passwordFile = dir.resolve(name + ".pw");
        Files.write(passwordFile, new String(password.copyUnits()).getBytes(StandardCharsets.UTF_8));
        List<String> cmd = new ArrayList<>(List.of(ItEnvironment.repoRoot().resolve("scripts/odjc").toString(),
                "blob", "compose", "--domain", dc.domain(), "--netbios", dc.netbios(),
                "--domain-sid", dc.domainSid(), "--domain-guid", dc.domainGuid(),
                "--machine", name, "--password-file", passwordFile.toString(), "--rid", Long.toString(rid),
                "--dc-name", dc.host(), "--dc-address", dc.ip(), "--savefile", blob.toString()));
        return Processes.run(cmd, Map.of(), null, Duration.ofSeconds(60));
    }

    /** The add Windows makes (docs/ad-facts.md §1), by ldapadd: independent of our own LDAP code. */
    private String createAccount(String name, MachinePassword password) {
        String dn = "CN=" + name + ",CN=Computers," + dc.baseDn();
        String fqdn = (name + "." + dc.domain()).toLowerCase(Locale.ROOT);
        char[] units = password.copyUnits();
        byte[] quoted = ("\"" + new String(units) + "\"").getBytes(StandardCharsets.UTF_16LE);
        String ldif = String.join("\n",
                "dn: " + dn,
                "objectClass: computer",
                "sAMAccountName: " + name + "$",
                "userAccountControl: 4096",
                "dNSHostName: " + fqdn,
                "servicePrincipalName: HOST/" + name,
                "servicePrincipalName: HOST/" + fqdn,
                "servicePrincipalName: RestrictedKrbHost/" + name,
                "servicePrincipalName: RestrictedKrbHost/" + fqdn,
                "unicodePwd:: " + Base64.getEncoder().encodeToString(quoted),
                "");
        ProcessResult r = dc.ldap("ldapadd", ldif);
        assertThat(r.exit()).as(r.toString()).isZero();
        return dn;
    }

    private long ridOf(String dn) throws Exception {
        String hex = dc.attribute(dn, "objectSid");
        assertThat(hex).as("objectSid of " + dn).isNotNull();
        return Sid.fromBinary(HexFormat.of().parseHex(hex)).rid();
    }

    private void deleteAccount(String dn) {
        dc.ldap("ldapdelete", null, dn);
    }

    static String randomSuffix(int n) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
