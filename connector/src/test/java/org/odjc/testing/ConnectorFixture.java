package org.odjc.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

/** What the service ITs set up on the Samba DC and on disk for a connector. */
public final class ConnectorFixture {
    private ConnectorFixture() {
    }

    /** A fresh OU {@code OU=<name>-<random>} under the domain; delete it with {@code ldapdelete -r}. */
    public static String createOu(SambaDc dc, String name) {
        String ou = "OU=" + name + "-" + ItEnvironment.randomSuffix() + "," + dc.baseDn();
        assertThat(dc.ldap("ldapadd", "dn: " + ou + "\nobjectClass: organizationalUnit\n\n").exit()).isZero();
        return ou;
    }

    /**
     * {@code dir/connector.yaml}: the DC's domain (its DNS, an LDAPS admin bind, {@code ou} as the
     * only allowed OU) and a service section for the dispatcher on {@code port}, with the identity in
     * {@code dir/identity} and the journal in {@code dir/state}.
     */
    public static Path config(Path dir, SambaDc dc, String ou, int port, int workers) throws Exception {
        Path config = dir.resolve("connector.yaml");
        Files.writeString(config, String.join("\n",
                "domains:",
                "  - name: " + dc.domain(),
                "    dnsServers: [" + dc.ip() + "]",
                "    bind: {mode: ldaps, user: " + dc.get("ODJC_DC_ADMIN_UPN") + ", passwordFile: "
                        + dc.adminPasswordFile() + ", caFile: " + dc.caFile() + "}",
                "    ous: [\"" + ou + "\"]",
                "service:",
                "  dispatcher: https://localhost:" + port,
                "  identity: identity",
                "  stateDirectory: state",
                "  workers: " + workers,
                ""));
        return config;
    }
}
