package org.odjc.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odjc.domain.DistinguishedName;
import org.odjc.domain.DomainDnsName;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.provisioning.OuAllowList;

/** ConfigEditor's path edits: what {@code odjc setup} fills its template with. */
class ConfigEditorDocumentTest {
    @TempDir
    Path dir;

    private static final String TEMPLATE = """
            # a comment at the top
            domains:
              - name: example.invalid
                dnsServers: []
                bind:
                  mode: ldaps
                  user: ''   # who binds
                  passwordEnv: ''
                  keytab: ''
                # the OUs
                ous: []
                defaultOu: ''

            service:
              dispatcher: ''
              # the port
              admin: ''
            """;

    @Test
    void setValuesLoadAsGivenAndEveryCommentStays() throws Exception {
        String dnWithQuote = "OU=O'Brien\\, Kiosks,DC=corp,DC=example,DC=com";
        String text = ConfigEditor.set(TEMPLATE, "corp.example.com", "domains", "0", "name");
        text = ConfigEditor.setList(text, List.of("10.0.0.1", "10.0.0.2"), "domains", "0", "dnsServers");
        text = ConfigEditor.set(text, "svc@corp.example.com", "domains", "0", "bind", "user");
        text = ConfigEditor.set(text, "PW", "domains", "0", "bind", "passwordEnv");
        text = ConfigEditor.remove(text, "domains", "0", "bind", "keytab");
        text = ConfigEditor.setOus(text, List.of(new OuAllowList.Entry(DistinguishedName.parse(dnWithQuote), false),
                new OuAllowList.Entry(DistinguishedName.parse("OU=B,DC=corp,DC=example,DC=com"), true)), "domains", "0", "ous");
        text = ConfigEditor.set(text, dnWithQuote, "domains", "0", "defaultOu");
        text = ConfigEditor.remove(text, "service");

        ConnectorConfig c = ConfigLoader.parse(text.getBytes(StandardCharsets.UTF_8), "t", dir);
        ConnectorConfig.Domain d = c.domain(DomainDnsName.parse("corp.example.com")).orElseThrow();
        assertThat(d.ous().entries()).extracting(e -> e.ou().toString() + "/" + e.includeChildren())
                .containsExactly(DistinguishedName.parse(dnWithQuote) + "/false", "OU=B,DC=corp,DC=example,DC=com/true");
        assertThat(d.defaultOu()).isEqualTo(Optional.of(DistinguishedName.parse(dnWithQuote)));
        assertThat(d.access().bind()).isInstanceOfSatisfying(org.odjc.provisioning.DirectoryAccess.Bind.Simple.class,
                simple -> assertThat(simple.user()).isEqualTo("svc@corp.example.com"));
        assertThat(text).contains("# a comment at the top", "# who binds", "# the OUs")
                .doesNotContain("keytab", "service:", "# the port", "example.invalid");
    }

    @Test
    void aValueThatLooksLikeYamlIsQuotedAndReadBackAsText() throws Exception {
        String text = ConfigEditor.set(TEMPLATE, "true # not a comment: [x]", "service", "dispatcher");

        YamlTree.Mapping root = (YamlTree.Mapping) YamlTree.parse(text.getBytes(StandardCharsets.UTF_8),
                new ConfigProblems("t"));
        YamlTree.Mapping service = (YamlTree.Mapping) root.entries().get("service");
        assertThat(((YamlTree.Scalar) service.entries().get("dispatcher")).text()).isEqualTo("true # not a comment: [x]");
        assertThat(text).contains("  # the port\n  admin: ''");
    }

    @Test
    void aPathThatIsNotInTheDocumentIsRefusedNotInvented() {
        ConnectorException e = catchThrowableOfType(() -> ConfigEditor.set(TEMPLATE, "x", "domains", "0", "bind", "caFile"),
                ConnectorException.class);

        assertThat(e.code()).isEqualTo(FailureCode.CONFIG_EDIT_REFUSED);
        assertThat(e.detail()).contains("domains.0.bind.caFile");
    }
}
