package org.odjc.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odjc.config.ConfigEditor;
import org.odjc.config.ConfigLoader;
import org.odjc.config.ConnectorConfig;
import org.odjc.domain.DistinguishedName;
import org.odjc.domain.DomainDnsName;
import org.odjc.domain.IpAddress;
import org.odjc.provisioning.OuAllowList;

/** The configuration odjc setup writes: its template filled through ConfigEditor, as odjc ou edits it afterwards. */
class SetupConfigurationTest {
    @TempDir
    Path dir;

    private static final String KIOSKS = "OU=O'Brien\\, Kiosks,DC=corp,DC=example,DC=com";

    private String written(Map<String, String> bind, Optional<Setup.ServiceAnswers> service) throws Exception {
        return Setup.render(DomainDnsName.parse("Corp.Example.com"), List.of(IpAddress.parse("10.0.0.1")), bind,
                List.of(new OuAllowList.Entry(DistinguishedName.parse(KIOSKS), false),
                        new OuAllowList.Entry(DistinguishedName.parse("OU=Lab,DC=corp,DC=example,DC=com"), true)),
                Optional.of(KIOSKS), service);
    }

    @Test
    void thePasswordBindWithTheServiceLoadsAsAnsweredAndKeepsTheWizardsComments() throws Exception {
        Map<String, String> bind = new LinkedHashMap<>();
        bind.put("mode", "ldaps");
        bind.put("user", "svc-odjc@corp.example.com");
        bind.put("passwordFile", dir.resolve("secrets/bind.password").toString());
        String text = written(bind, Optional.of(new Setup.ServiceAnswers("https://dispatch.example.com:8443",
                dir.resolve("identity").toString(), dir.resolve("state").toString(), 7, "127.0.0.1:9464")));

        ConnectorConfig c = ConfigLoader.parse(text.getBytes(StandardCharsets.UTF_8), "t", dir);
        ConnectorConfig.Domain d = c.domains().get(0);
        assertThat(d.name().value()).isEqualTo("corp.example.com");
        assertThat(d.ous().entries()).hasSize(2);
        assertThat(d.defaultOu()).contains(DistinguishedName.parse(KIOSKS));
        assertThat(c.service().orElseThrow().workers()).isEqualTo(7);
        assertThat(text).startsWith("# ODJ Connector configuration, written by odjc setup.")
                .contains("    # The only OUs the connector writes in.\n    ous:\n", "# the local status page",
                        "      user: svc-odjc@corp.example.com\n")
                .doesNotContain("keytab", "principal", "passwordEnv", "caFile", "example.invalid", ": ''");
    }

    @Test
    void theDraftWithoutServiceHasNoServiceSectionAndOdjcOuEditsItsAllowList() throws Exception {
        Map<String, String> bind = new LinkedHashMap<>();
        bind.put("mode", "kerberos");
        bind.put("keytab", dir.resolve("odjc.keytab").toString());
        bind.put("principal", "odjc@CORP.EXAMPLE.COM");
        String text = written(bind, Optional.empty());

        String added = ConfigEditor.addOu(text, dir, DomainDnsName.parse("corp.example.com"),
                new OuAllowList.Entry(DistinguishedName.parse("OU=More,DC=corp,DC=example,DC=com"), false));

        assertThat(text).doesNotContain("service:", "user:", "passwordFile");
        ConnectorConfig c = ConfigLoader.parse(added.getBytes(StandardCharsets.UTF_8), "t", dir);
        assertThat(c.service()).isEmpty();
        assertThat(c.domains().get(0).ous().entries()).hasSize(3);
    }
}
