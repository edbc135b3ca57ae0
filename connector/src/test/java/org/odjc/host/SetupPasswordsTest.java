package org.odjc.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.odjc.config.ConfigLoader;
import org.odjc.config.ConnectorConfig;
import org.odjc.provisioning.DirectoryAccess;
import org.odjc.provisioning.PasswordSource;

/** How odjc setup hands the passwords it asked for to its binds: in memory, never through the environment. */
class SetupPasswordsTest {
    private static ConnectorConfig draft(String bind) throws Exception {
        return ConfigLoader.parse(("""
                domains:
                  - name: corp.example.test
                    bind:
                """ + bind + """
                    ous: ["OU=a,DC=corp,DC=example,DC=test"]
                cleanup: {olderThan: 60d, grace: 14d, every: 24h}
                """).getBytes(StandardCharsets.UTF_8), "draft", Path.of("."));
    }

    @Test
    void theDraftsBindTakesTheTypedPasswordFromMemoryAndKeepsTheRestOfTheConfiguration() throws Exception {
        ConnectorConfig draft = draft("""
                      mode: starttls
                      user: svc@corp.example.test
                      passwordEnv: ODJC_SETUP_BIND_PASSWORD
                      caFile: /etc/ssl/ca.pem
                """);
        PasswordSource.InMemory typed = new PasswordSource.InMemory("typed".toCharArray());

        ConnectorConfig c = Setup.withPassword(draft, typed);

        DirectoryAccess a = c.domains().get(0).access();
        assertThat(a.bind()).isEqualTo(new DirectoryAccess.Bind.Simple(DirectoryAccess.Transport.STARTTLS,
                "svc@corp.example.test", typed));
        assertThat(a.caFile()).contains("/etc/ssl/ca.pem");
        assertThat(c.cleanup()).isEqualTo(draft.cleanup());
        assertThat(c.domains().get(0).ous()).isEqualTo(draft.domains().get(0).ous());
        assertThat(a.bind().match(s -> s.password(), k -> null).read(null, Map.of())).containsExactly("typed".toCharArray());
    }

    @Test
    void theAdministratorsBindUsesTheConnectorsTlsAndLdapsWhenTheConnectorUsesKerberos() throws Exception {
        PasswordSource.InMemory admin = new PasswordSource.InMemory("admin pw".toCharArray());
        DirectoryAccess starttls = draft("""
                      mode: starttls
                      user: svc@corp.example.test
                      passwordFile: /etc/odjc/secrets/bind.password
                      caFile: /etc/ssl/ca.pem
                """).domains().get(0).access();
        DirectoryAccess kerberos = draft("""
                      mode: kerberos
                      keytab: /etc/odjc/odjc.keytab
                      principal: svc@CORP.EXAMPLE.TEST
                """).domains().get(0).access();

        assertThat(Setup.simpleBind(starttls, "admin@corp.example.test", admin)).isEqualTo(new DirectoryAccess(
                new DirectoryAccess.Bind.Simple(DirectoryAccess.Transport.STARTTLS, "admin@corp.example.test", admin),
                Optional.of("/etc/ssl/ca.pem"), false));
        assertThat(Setup.simpleBind(kerberos, "admin@corp.example.test", admin).bind()).isEqualTo(
                new DirectoryAccess.Bind.Simple(DirectoryAccess.Transport.LDAPS, "admin@corp.example.test", admin));
    }
}
