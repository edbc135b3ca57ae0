package org.odjc.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odjc.domain.DistinguishedName;
import org.odjc.domain.DomainDnsName;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.provisioning.OuAllowList;

class ConfigEditorTest {
    @TempDir
    Path dir;

    private static final DomainDnsName CORP = dn("corp.example.com");
    private static final String BLOCK = """
            # top comment
            domains:
              - name: corp.example.com
                bind:
                  mode: ldaps
                  user: svc@corp.example.com
                  passwordEnv: PW
                # The only OUs the connector writes in
                ous:
                  - "OU=Autopilot,OU=Devices,DC=corp,DC=example,DC=com"   # the main one
                  - dn: "OU=Kiosks,OU=Devices,DC=corp,DC=example,DC=com"
                    includeChildren: true
                # Where a request without an OU goes
                defaultOu: "OU=Autopilot,OU=Devices,DC=corp,DC=example,DC=com"
              - name: other.example.com
                bind: {mode: ldaps, user: svc@other.example.com, passwordEnv: PW}
                ous: ["OU=A,DC=other,DC=example,DC=com", {dn: 'OU=B,DC=other,DC=example,DC=com', includeChildren: true}] # flow
            """;

    private static DomainDnsName dn(String s) {
        try {
            return DomainDnsName.parse(s);
        } catch (ConnectorException e) {
            throw new AssertionError(e);
        }
    }

    private static OuAllowList.Entry entry(String dn, boolean children) throws ConnectorException {
        return new OuAllowList.Entry(DistinguishedName.parse(dn), children);
    }

    private OuAllowList ous(String text, DomainDnsName d) throws ConnectorException {
        return ConfigLoader.parse(text.getBytes(StandardCharsets.UTF_8), "t", dir).domain(d).orElseThrow().ous();
    }

    @Test
    void addingToABlockListAppendsAnItemInTheListsOwnIndentationAndKeepsEveryComment() throws Exception {
        String edited = ConfigEditor.addOu(BLOCK, dir, CORP, entry("OU=Lab\\, West,OU=Devices,DC=corp,DC=example,DC=com", false));
        String twice = ConfigEditor.addOu(edited, dir, CORP, entry("OU=Tills,DC=corp,DC=example,DC=com", true));

        assertThat(twice).contains("# top comment", "# the main one", "# The only OUs", "# Where a request without an OU goes");
        assertThat(twice).contains("""
                        includeChildren: true
                      - 'OU=Lab\\, West,OU=Devices,DC=corp,DC=example,DC=com'
                      - dn: 'OU=Tills,DC=corp,DC=example,DC=com'
                        includeChildren: true
                    # Where a request without an OU goes
                """);
        assertThat(ous(twice, CORP).entries()).extracting(e -> e.ou().toString() + "/" + e.includeChildren()).containsExactly(
                "OU=Autopilot,OU=Devices,DC=corp,DC=example,DC=com/false", "OU=Kiosks,OU=Devices,DC=corp,DC=example,DC=com/true",
                "OU=Lab\\, West,OU=Devices,DC=corp,DC=example,DC=com/false", "OU=Tills,DC=corp,DC=example,DC=com/true");
    }

    @Test
    void removingAMultiLineItemTakesExactlyItsLines() throws Exception {
        String edited = ConfigEditor.removeOu(BLOCK, dir, CORP, DistinguishedName.parse("ou=kiosks,ou=devices,dc=corp,dc=example,dc=com"));

        assertThat(edited).isEqualTo(BLOCK.replace("""
                      - dn: "OU=Kiosks,OU=Devices,DC=corp,DC=example,DC=com"
                        includeChildren: true
                """, ""));
    }

    @Test
    void aFlowListIsRewrittenOnItsLineWithItsComment() throws Exception {
        DomainDnsName other = dn("other.example.com");
        String added = ConfigEditor.addOu(BLOCK, dir, other, entry("OU=C,DC=other,DC=example,DC=com", false));
        String removed = ConfigEditor.removeOu(added, dir, other, DistinguishedName.parse("OU=A,DC=other,DC=example,DC=com"));

        assertThat(added).contains("    ous: ['OU=A,DC=other,DC=example,DC=com', {dn: 'OU=B,DC=other,DC=example,DC=com',"
                + " includeChildren: true}, 'OU=C,DC=other,DC=example,DC=com'] # flow\n");
        assertThat(ous(removed, other).entries()).extracting(e -> e.ou().toString())
                .containsExactly("OU=B,DC=other,DC=example,DC=com", "OU=C,DC=other,DC=example,DC=com");
        assertThat(removed.replaceAll("(?s)    ous: \\[.*?\\n", "")).isEqualTo(BLOCK.replaceAll("(?s)    ous: \\[.*?\\n", ""));
    }

    @Test
    void windowsLineEndingsStayWindowsLineEndings() throws Exception {
        String crlf = BLOCK.replace("\n", "\r\n");

        String edited = ConfigEditor.addOu(crlf, dir, CORP, entry("OU=X,DC=corp,DC=example,DC=com", false));

        assertThat(edited.replace("\r\n", "")).doesNotContain("\n");
        assertThat(ous(edited, CORP).entries()).hasSize(3);
    }

    @Test
    void editsThatWouldBreakOrNotChangeTheAllowListAreRefusedWithTheirReason() throws Exception {
        String[][] cases = {
            {"add", "OU=Autopilot,OU=Devices,DC=corp,DC=example,DC=com", "already"},
            {"add", "OU=Elsewhere,DC=other,DC=test", "would not load"},
            {"remove", "OU=Nowhere,DC=corp,DC=example,DC=com", "is not in"},
            {"remove", "OU=Autopilot,OU=Devices,DC=corp,DC=example,DC=com", "defaultOu"},
        };
        for (String[] c : cases) {
            ConnectorException e = catchThrowableOfType(() -> {
                if (c[0].equals("add")) {
                    ConfigEditor.addOu(BLOCK, dir, CORP, entry(c[1], false));
                } else {
                    ConfigEditor.removeOu(BLOCK, dir, CORP, DistinguishedName.parse(c[1]));
                }
            }, ConnectorException.class);
            assertThat(e).as(c[0] + " " + c[1]).isNotNull();
            assertThat(e.code()).isEqualTo(FailureCode.CONFIG_EDIT_REFUSED);
            assertThat(e.detail()).as(c[1]).contains(c[2]);
        }
        ConnectorException last = catchThrowableOfType(() -> ConfigEditor.removeOu(BLOCK.replace(
                "defaultOu: \"OU=Autopilot,OU=Devices,DC=corp,DC=example,DC=com\"", ""), dir, dn("other.example.com"),
                DistinguishedName.parse("OU=A,DC=other,DC=example,DC=com")), ConnectorException.class);
        assertThat(last).isNull(); // two entries: one may go
        ConnectorException unknown = catchThrowableOfType(() -> ConfigEditor.addOu(BLOCK, dir, dn("nowhere.test"),
                entry("OU=A,DC=nowhere,DC=test", false)), ConnectorException.class);
        assertThat(unknown.detail()).contains("no domain nowhere.test");
    }

    private java.util.Optional<DistinguishedName> defaultOu(String text, DomainDnsName d) throws ConnectorException {
        return ConfigLoader.parse(text.getBytes(StandardCharsets.UTF_8), "t", dir).domain(d).orElseThrow().defaultOu();
    }

    @Test
    void settingTheDefaultOuRewritesOnlyItsValueKeepingItsCommentAndEveryOtherLine() throws Exception {
        String kiosks = "OU=Kiosks,OU=Devices,DC=corp,DC=example,DC=com";
        String text = BLOCK.replace("defaultOu: \"OU=Autopilot,OU=Devices,DC=corp,DC=example,DC=com\"",
                "defaultOu: \"OU=Autopilot,OU=Devices,DC=corp,DC=example,DC=com\"  # for now");

        String edited = ConfigEditor.setDefaultOu(text, dir, CORP, DistinguishedName.parse(kiosks));

        assertThat(defaultOu(edited, CORP)).contains(DistinguishedName.parse(kiosks));
        assertThat(edited).contains("    defaultOu: '" + kiosks + "'  # for now\n");
        assertThat(edited.replace("    defaultOu: '" + kiosks + "'  # for now", ""))
                .isEqualTo(text.replace("    defaultOu: \"OU=Autopilot,OU=Devices,DC=corp,DC=example,DC=com\"  # for now", ""));
        assertThat(ous(edited, CORP)).isEqualTo(ous(text, CORP));
    }

    @Test
    void aDomainWithoutDefaultOuGetsOneAfterItsOuList() throws Exception {
        String edited = ConfigEditor.setDefaultOu(BLOCK, dir, dn("other.example.com"),
                DistinguishedName.parse("OU=Sub,OU=B,DC=other,DC=example,DC=com"));

        assertThat(defaultOu(edited, dn("other.example.com"))).contains(
                DistinguishedName.parse("OU=Sub,OU=B,DC=other,DC=example,DC=com"));
        assertThat(edited).endsWith("""
                    ous: ["OU=A,DC=other,DC=example,DC=com", {dn: 'OU=B,DC=other,DC=example,DC=com', includeChildren: true}] # flow
                    defaultOu: 'OU=Sub,OU=B,DC=other,DC=example,DC=com'
                """);
        assertThat(defaultOu(edited, CORP)).isEqualTo(defaultOu(BLOCK, CORP));
    }

    @Test
    void aDefaultOuOutsideTheAllowListIsRefusedAndNamesOuAdd() throws Exception {
        ConnectorException e = catchThrowableOfType(() -> ConfigEditor.setDefaultOu(BLOCK, dir, CORP,
                DistinguishedName.parse("OU=Servers,DC=corp,DC=example,DC=com")), ConnectorException.class);

        assertThat(e.code()).isEqualTo(FailureCode.CONFIG_EDIT_REFUSED);
        assertThat(e.detail()).contains("not in corp.example.com's allow-list", "odjc ou add");
    }

    @Test
    void theOnlyOuCannotBeRemoved() throws Exception {
        String one = BLOCK.replace("""
                      - dn: "OU=Kiosks,OU=Devices,DC=corp,DC=example,DC=com"
                        includeChildren: true
                """, "").replace("    defaultOu: \"OU=Autopilot,OU=Devices,DC=corp,DC=example,DC=com\"\n", "");

        ConnectorException e = catchThrowableOfType(() -> ConfigEditor.removeOu(one, dir, CORP,
                DistinguishedName.parse("OU=Autopilot,OU=Devices,DC=corp,DC=example,DC=com")), ConnectorException.class);

        assertThat(e.detail()).contains("only allow-listed OU");
    }

    @Test
    void writingReplacesTheFileAtomicallyWithItsPermissions() throws Exception {
        Path file = dir.resolve("connector.yaml");
        Files.writeString(file, BLOCK);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

        ConfigEditor.write(file, "changed\n");

        assertThat(Files.readString(file)).isEqualTo("changed\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
        assertThat(dir.toFile().list()).containsExactly("connector.yaml");
    }
}
