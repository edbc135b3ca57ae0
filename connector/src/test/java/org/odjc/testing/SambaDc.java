package org.odjc.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Samba AD DC started by {@code scripts/samba-dc up}, as {@code scripts/samba-dc env} describes
 * it. Also runs ldap-utils against it as the domain administrator over LDAPS.
 */
public final class SambaDc {
    private final Map<String, String> env;
    private Path bindPasswordFile;
    private Path netAuthFile;

    private SambaDc(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** The running DC, or a skip (failure under odjc.requireDc) naming how to start one. */
    public static SambaDc require() {
        Path script = ItEnvironment.repoRoot().resolve("scripts/samba-dc");
        ProcessResult r = Processes.run(List.of(script.toString(), "env"), Map.of(), null, Duration.ofSeconds(30));
        if (r.exit() != 0) {
            ItEnvironment.skipOrFail("no Samba AD DC is running (start one with: sudo scripts/samba-dc up): "
                    + r.err().strip());
        }
        Map<String, String> env = new HashMap<>();
        for (String line : r.out().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return new SambaDc(env);
    }

    public String get(String key) {
        String v = env.get(key);
        if (v == null) {
            throw new IllegalStateException("scripts/samba-dc env printed no " + key);
        }
        return v;
    }

    public String ip() {
        return get("ODJC_DC_IP");
    }

    public String host() {
        return get("ODJC_DC_HOST");
    }

    public String realm() {
        return get("ODJC_DC_REALM");
    }

    public String domain() {
        return get("ODJC_DC_DOMAIN");
    }

    public String netbios() {
        return get("ODJC_DC_NETBIOS");
    }

    public String baseDn() {
        return get("ODJC_DC_BASE_DN");
    }

    public String domainSid() {
        return get("ODJC_DC_DOMAIN_SID");
    }

    public String domainGuid() {
        return get("ODJC_DC_DOMAIN_GUID");
    }

    public Path adminPasswordFile() {
        return Path.of(get("ODJC_DC_ADMIN_PASSWORD_FILE"));
    }

    public String adminPassword() {
        try {
            return Files.readString(adminPasswordFile(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path caFile() {
        return Path.of(get("ODJC_DC_CA_FILE"));
    }

    /**
     * Runs an ldap-utils tool ({@code ldapsearch}, {@code ldapadd}, {@code ldapmodify},
     * {@code ldapdelete}) over LDAPS as the administrator; {@code ldif} goes to standard input.
     */
    public ProcessResult ldap(String tool, String ldif, String... args) {
        List<String> cmd = new ArrayList<>(List.of(tool, "-x", "-o", "ldif-wrap=no", "-H", "ldaps://" + host(),
                "-D", get("ODJC_DC_ADMIN_UPN"), "-y", adminPasswordFileWithoutNewline().toString()));
        if (tool.equals("ldapsearch")) {
            cmd.add("-LLL");
        }
        cmd.addAll(List.of(args));
        return Processes.run(cmd, Map.of("LDAPTLS_CACERT", caFile().toString()), ldif, Duration.ofSeconds(60));
    }

    /** ldap-utils' {@code -y} takes the whole file, newline included: a 0600 copy without it. */
    private synchronized Path adminPasswordFileWithoutNewline() {
        if (bindPasswordFile == null) {
            bindPasswordFile = secretTempFile("odjc-it-admin", adminPassword());
        }
        return bindPasswordFile;
    }

    /** A {@code net -A} credentials file for the administrator. */
    public synchronized Path netAuthFile() {
        if (netAuthFile == null) {
            netAuthFile = secretTempFile("odjc-it-net-auth",
                    "username=Administrator\npassword=" + adminPassword() + "\ndomain=" + netbios() + "\n");
        }
        return netAuthFile;
    }

    private static Path secretTempFile(String prefix, String content) {
        try {
            Path p = Files.createTempFile(prefix, ".txt",
                    java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            Files.writeString(p, content, StandardCharsets.UTF_8);
            p.toFile().deleteOnExit();
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A user with {@code password} in CN=Users; returns its DN. Delete it with {@code ldapdelete}. */
    public String createUser(String name, String password) {
        String dn = "CN=" + name + ",CN=Users," + baseDn();
        byte[] quoted = ("\"" + password + "\"").getBytes(java.nio.charset.StandardCharsets.UTF_16LE);
        ProcessResult r = ldap("ldapadd", String.join("\n",
                "dn: " + dn, "objectClass: user", "sAMAccountName: " + name,
                "userPrincipalName: " + name + "@" + domain(),
                "unicodePwd:: " + java.util.Base64.getEncoder().encodeToString(quoted),
                "userAccountControl: 512", ""));
        if (r.exit() != 0) {
            throw new IllegalStateException("cannot create user " + name + ": " + r);
        }
        return dn;
    }

    /** DcInfo for this DC as a Samba 4.17 DC announces itself (for tests that do not exercise the locator). */
    public org.odjc.domain.DcInfo dcInfo() throws org.odjc.failure.ConnectorException {
        var d = org.odjc.domain.DomainDnsName.parse(domain());
        var g = org.odjc.domain.Guid.parse(domainGuid());
        return new org.odjc.domain.DcInfo(org.odjc.domain.DomainDnsName.parse(host()),
                org.odjc.domain.IpAddress.parse(ip()), g, d, d, org.odjc.domain.DcFlags.WRITABLE_GC_KDC_DNS,
                org.odjc.domain.SiteName.DEFAULT_FIRST_SITE,
                java.util.Optional.of(org.odjc.domain.SiteName.DEFAULT_FIRST_SITE));
    }

    /** The value of {@code attribute} on {@code dn}, or null; base64 values come back decoded as bytes in hex. */
    public String attribute(String dn, String attribute) {
        ProcessResult r = ldap("ldapsearch", null, "-b", dn, "-s", "base", attribute);
        for (String line : r.out().split("\n")) {
            if (line.startsWith(attribute + ": ")) {
                return line.substring(attribute.length() + 2);
            }
            if (line.startsWith(attribute + ":: ")) {
                return java.util.HexFormat.of().formatHex(
                        java.util.Base64.getDecoder().decode(line.substring(attribute.length() + 3)));
            }
        }
        return null;
    }
}
