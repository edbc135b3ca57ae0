package org.odjc.demo;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.OperationType;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.schema.Schema;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.odjc.domain.DcFlags;
import org.odjc.domain.DcInfo;
import org.odjc.domain.DistinguishedName;
import org.odjc.domain.DomainDnsName;
import org.odjc.domain.Guid;
import org.odjc.domain.IpAddress;
import org.odjc.domain.MachinePassword;
import org.odjc.domain.NetbiosDomainName;
import org.odjc.domain.Sid;
import org.odjc.domain.SiteName;
import org.odjc.failure.ConnectorException;

/**
 * An in-process directory for {@code odjc demo}, which needs neither root nor Samba: a fresh AD
 * domain with one DC, {@code dc1.<domain>}, served by UnboundID's in-memory server on a free
 * loopback port, LDAPS only, with a certificate made at start by a CA whose PEM is written to the
 * work directory. The real {@code LdapDirectory} (with {@code LdapRoute.fixed("127.0.0.1", port)})
 * and the real {@code ComputerProvisioner} work against it unchanged, with certificate and
 * host-name verification on.
 *
 * <p>It behaves like AD where the connector looks ({@link AdInterceptor} and the rules it delegates to): the
 * rootDSE and naming contexts, the domain object with its SID, GUID, well-known Computers container
 * and machine account quota, the crossRef under {@code CN=Partitions}, the admin and its groups
 * ({@code tokenGroups}), SIDs from a RID pool starting at 1100, a domain-wide unique
 * {@code sAMAccountName}, a write-only {@code unicodePwd} of which only a salted hash is kept, the
 * SD_FLAGS control, and AD's result codes and texts. Only the admin can bind (by UPN,
 * {@code NETBIOS\account} or DN, with a simple bind).
 *
 * <p>Not modelled: Kerberos and SASL binds, StartTLS and plain LDAP, the CLDAP ping and DNS (the
 * demo hands {@link #dcInfo()} to the provisioner), access checks beyond "only the admin writes"
 * (no ACL evaluation, so no {@code insufficientAccessRights}), the machine account quota (the
 * attribute is there, nothing enforces it), password policy, tombstones, replication, and
 * AD's 1000-entry page size.
 *
 * <p>Thread-safe. Close it to stop listening.
 */
public final class EmbeddedDirectory implements AutoCloseable {
    /** The file, in the work directory, holding the CA certificate clients trust. */
    public static final String CA_FILE_NAME = "directory-ca.pem";
    /** Where it listens: the address is also in the certificate, since that is the name the client dials. */
    public static final String ADDRESS = "127.0.0.1";
    /**
     * What a Windows Server 2016+ DC, the only one of its domain, announces in its netlogon reply
     * ({@code nltest /dsgetdc}: PDC GC DS LDAP KDC TIMESERV GTIMESERV WRITABLE CLOSE_SITE FULL_SECRET
     * WS DS_8 DS_9 DS_10) plus the bits the locator adds for a DC found by DNS: {@code 0xe001f3fd}.
     */
    public static final long DC_FLAGS = DcFlags.PDC | DcFlags.GC | DcFlags.LDAP | DcFlags.DS | DcFlags.KDC
            | DcFlags.TIMESERV | DcFlags.CLOSEST | DcFlags.WRITABLE | DcFlags.GOOD_TIMESERV
            | DcFlags.FULL_SECRET_DOMAIN_6 | DcFlags.WS | DcFlags.DS_8 | DcFlags.DS_9 | DcFlags.DS_10
            | DcFlags.DNS_BITS;
    /** The built-in Administrator's RID; the demo's admin is it, renamed as hardened domains do. */
    public static final long ADMIN_RID = 500;

    private static final String LISTENER = "LDAPS";
    private static final long RID_DC = 1000; // the first DC's computer account, made at promotion
    private static final long FIRST_USN = 12_000; // about where a freshly promoted DC stands

    /**
     * What to create.
     *
     * @param domain the domain's DNS name, e.g. {@code demo.odjc.test}; also the forest's
     * @param netbiosName e.g. {@code DEMO}
     * @param adminUpn {@code <account>@<domain>}: the account is a Domain Admin
     * @param adminPassword read once at start, for its salted hash; the caller may wipe it afterwards
     * @param ous OUs to create, each below the domain's naming context or another listed OU
     * @param workDir where {@value #CA_FILE_NAME} is written
     * @param random for SIDs, GUIDs, salts and keys
     * @param clock for timestamps and the certificates' validity (which clients check against their
     *        own clock, so it must be near the real time)
     */
    public record Settings(
            DomainDnsName domain,
            NetbiosDomainName netbiosName,
            String adminUpn,
            char[] adminPassword,
            List<DistinguishedName> ous,
            Path workDir,
            SecureRandom random,
            Clock clock) {

        public Settings {
            Objects.requireNonNull(domain, "domain");
            Objects.requireNonNull(netbiosName, "netbiosName");
            Objects.requireNonNull(adminUpn, "adminUpn");
            Objects.requireNonNull(adminPassword, "adminPassword");
            ous = List.copyOf(ous);
            Objects.requireNonNull(workDir, "workDir");
            Objects.requireNonNull(random, "random");
            Objects.requireNonNull(clock, "clock");
            int at = adminUpn.indexOf('@');
            if (at < 1 || !adminUpn.substring(at + 1).equalsIgnoreCase(domain.value())) {
                throw new IllegalArgumentException("the admin's UPN must be <account>@" + domain + ": " + adminUpn);
            }
            // the characters AD refuses in a sAMAccountName, and its 20-character limit for users
            String account = adminUpn.substring(0, at);
            if (account.length() > 20
                    || account.chars().anyMatch(c -> "\"/\\[]:;|=,+*?<>@".indexOf(c) >= 0 || c < 32)) {
                throw new IllegalArgumentException("'" + account + "' is not a valid account name");
            }
            if (adminPassword.length == 0) {
                throw new IllegalArgumentException("the admin's password is empty");
            }
            DistinguishedName nc = namingContext(domain);
            for (DistinguishedName ou : ous) {
                if (!ou.isDescendantOf(nc) || !ou.rdns().get(0).get(0).type().equals("OU")) {
                    throw new IllegalArgumentException(ou + " is not an OU in " + nc);
                }
                DistinguishedName parent = ou.parent().orElseThrow();
                if (!parent.equals(nc) && !ous.contains(parent)) {
                    throw new IllegalArgumentException(ou + " needs its parent " + parent + " in the list");
                }
            }
        }

        private static DistinguishedName namingContext(DomainDnsName domain) {
            try {
                return DistinguishedName.parse(domain.toNamingContext());
            } catch (ConnectorException e) {
                throw new IllegalArgumentException(e.getMessage(), e); // a valid DNS name always makes one
            }
        }

        String adminAccount() {
            return adminUpn.substring(0, adminUpn.indexOf('@'));
        }

        @Override
        public String toString() {
            return "Settings[domain=" + domain + ", netbiosName=" + netbiosName + ", adminUpn=" + adminUpn
                    + ", adminPassword=redacted, ous=" + ous + ", workDir=" + workDir + "]";
        }
    }

    private final InMemoryDirectoryServer server;
    private final AdInterceptor ad;
    private final Path caFile;
    private final DcInfo dcInfo;
    private final Sid domainSid;
    private final int port;

    private EmbeddedDirectory(InMemoryDirectoryServer server, AdInterceptor ad, Path caFile, DcInfo dcInfo,
            Sid domainSid, int port) {
        this.server = server;
        this.ad = ad;
        this.caFile = caFile;
        this.dcInfo = dcInfo;
        this.domainSid = domainSid;
        this.port = port;
    }

    /**
     * Creates the domain, writes the CA certificate and starts listening on a free port of
     * {@value #ADDRESS}.
     *
     * @throws IOException when the CA file cannot be written or the port not opened
     */
    public static EmbeddedDirectory start(Settings s) throws IOException, GeneralSecurityException {
        String domain = s.domain().lowerCase();
        DomainDnsName dcHost = new DomainDnsName("dc1." + domain);
        Sid domainSid = new Sid(5, List.of(21L, subAuthority(s.random()), subAuthority(s.random()),
                subAuthority(s.random())));
        Guid domainGuid = OperationalAttributes.randomGuid(s.random());
        DirectoryCertificates certificates = DirectoryCertificates.issue(dcHost.value(), domain,
                s.netbiosName().value(), ADDRESS, s.clock(), s.random());
        Path caFile = s.workDir().resolve(CA_FILE_NAME);
        certificates.writeCa(caFile);

        try {
            Names n = new Names(s);
            Schema schema = AdSchema.schema();
            byte[] adminToken = new byte[32];
            s.random().nextBytes(adminToken);
            AdInterceptor ad = new AdInterceptor(schema, domain, n.nc, n.config, domainSid, n.admin,
                    Set.of(s.adminUpn().toLowerCase(Locale.ROOT),
                            (s.netbiosName().value() + "\\" + s.adminAccount()).toLowerCase(Locale.ROOT)),
                    adminToken, s.clock(), s.random(), FIRST_USN);

            InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(n.nc);
            config.setSchema(schema);
            config.setGenerateOperationalAttributes(false); // AD has no entryUUID, creatorsName, …
            config.setListenerConfigs(InMemoryListenerConfig.createLDAPSConfig(LISTENER,
                    InetAddress.getByName(ADDRESS), 0, certificates.serverSocketFactory(), null));
            config.setListenerExceptionHandler(ad);
            config.addInMemoryOperationInterceptor(ad);
            // the config keeps the array it is given, not a copy
            config.addAdditionalBindCredentials(n.admin.toString(), adminToken.clone());
            // the interceptor refuses these with AD's text first; this is the server's own backstop
            config.setAuthenticationRequiredOperationTypes(OperationType.ADD, OperationType.DELETE,
                    OperationType.MODIFY, OperationType.MODIFY_DN, OperationType.COMPARE);
            config.setEqualityIndexAttributes("sAMAccountName", "userPrincipalName", "servicePrincipalName",
                    "objectSid", "objectClass", "member", "description");
            config.setRootDSEEntry(rootDse(n, dcHost, domain));
            Arrays.fill(adminToken, (byte) 0);

            InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
            ad.attach(server);
            populate(server, ad, n, s, domainSid, domainGuid, dcHost);
            server.startListening();
            DcInfo dc = new DcInfo(dcHost, new IpAddress(ADDRESS), domainGuid, s.domain(), s.domain(), DC_FLAGS,
                    SiteName.DEFAULT_FIRST_SITE, Optional.of(SiteName.DEFAULT_FIRST_SITE));
            return new EmbeddedDirectory(server, ad, caFile, dc, domainSid, server.getListenPort(LISTENER));
        } catch (LDAPException e) {
            throw new IOException("cannot start the embedded directory: " + e.getMessage(), e);
        }
    }

    /** The port LDAPS listens on, at {@value #ADDRESS}. */
    public int ldapsPort() {
        return port;
    }

    /** The PEM file with the CA certificate the DC's certificate chains to. */
    public Path caFile() {
        return caFile;
    }

    /** The DC as a locator would describe it: {@code dc1.<domain>} at {@value #ADDRESS}, {@link #DC_FLAGS}. */
    public DcInfo dcInfo() {
        return dcInfo;
    }

    public Sid domainSid() {
        return domainSid;
    }

    public Guid domainGuid() {
        return dcInfo.domainGuid();
    }

    /** Computer objects directly in {@code ou}. */
    public long computersIn(DistinguishedName ou) {
        try {
            return server.search(ou.toString(), SearchScope.ONE, Filter.createEqualityFilter("objectClass", "computer"),
                    "1.1").getEntryCount();
        } catch (LDAPException e) {
            throw new IllegalArgumentException("cannot count the computers in " + ou + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether {@code password} is the one last set on the account at {@code dn} through
     * {@code unicodePwd}; false for an account without one or no account at all.
     */
    public boolean passwordMatches(DistinguishedName dn, MachinePassword password) {
        byte[] utf16 = password.toUtf16Le();
        try {
            Entry e = server.getEntry(dn.toString(), "objectGUID");
            byte[] guid = e == null ? null : e.getAttributeValueBytes("objectGUID");
            return guid != null && ad.passwordMatches(Guid.fromWire(guid, 0), utf16);
        } catch (LDAPException e) {
            return false;
        } finally {
            Arrays.fill(utf16, (byte) 0);
        }
    }

    /** The entry as the server stores it, past every rule of the interceptor; null if absent. For tests. */
    Entry stored(DistinguishedName dn) {
        try {
            return server.getEntry(dn.toString(), "*", "+");
        } catch (LDAPException e) {
            throw new IllegalArgumentException(dn + ": " + e.getMessage(), e);
        }
    }

    /** Stops listening and closes every connection. */
    @Override
    public void close() {
        server.shutDown(true);
    }

    // ---- the fresh domain

    /** The DNs every part of start-up needs. */
    private static final class Names {
        final DN nc;
        final DN config;
        final DN schema;
        final DN users;
        final DN admin;

        Names(Settings s) throws LDAPException {
            nc = new DN(s.domain().toNamingContext());
            config = new DN("CN=Configuration," + nc);
            schema = new DN("CN=Schema," + config);
            users = new DN("CN=Users," + nc);
            admin = new DN("CN=" + s.adminAccount() + "," + users);
        }
    }

    /**
     * The rootDSE a Windows Server 2016+ DC shows to anyone (MS-ADTS 3.1.1.3.2); the interceptor
     * adds {@code currentTime} and {@code highestCommittedUSN} when it is read.
     */
    private static Entry rootDse(Names n, DomainDnsName dcHost, String domain) {
        Entry e = new Entry(DN.NULL_DN);
        e.addAttribute("objectClass", "top");
        e.addAttribute("defaultNamingContext", n.nc.toString());
        e.addAttribute("rootDomainNamingContext", n.nc.toString());
        e.addAttribute("configurationNamingContext", n.config.toString());
        e.addAttribute("schemaNamingContext", n.schema.toString());
        e.addAttribute("namingContexts", n.nc.toString(), n.config.toString(), n.schema.toString());
        e.addAttribute("dnsHostName", dcHost.value());
        e.addAttribute("ldapServiceName", domain + ":" + dcHost.firstLabel().toLowerCase(Locale.ROOT) + "$@"
                + domain.toUpperCase(Locale.ROOT));
        String server = "CN=" + dcHost.firstLabel().toUpperCase(Locale.ROOT) + ",CN=Servers,CN="
                + SiteName.DEFAULT_FIRST_SITE.value() + ",CN=Sites," + n.config;
        e.addAttribute("serverName", server);
        e.addAttribute("dsServiceName", "CN=NTDS Settings," + server);
        e.addAttribute("subschemaSubentry", "CN=Aggregate," + n.schema);
        e.addAttribute("supportedLDAPVersion", "3", "2");
        // what the in-memory server (with the interceptor) honours: SD_FLAGS, paged results, server-side
        // sort, tree delete, permissive modify
        e.addAttribute("supportedControl", AdSecurityDescriptors.SD_FLAGS_OID, "1.2.840.113556.1.4.319",
                "1.2.840.113556.1.4.473", "1.2.840.113556.1.4.805", "1.2.840.113556.1.4.1413");
        // ACTIVE_DIRECTORY, V51, LDAP_INTEG, V60, V61_R2, W8 (MS-ADTS 3.1.1.3.4.3)
        e.addAttribute("supportedCapabilities", "1.2.840.113556.1.4.800", "1.2.840.113556.1.4.1670",
                "1.2.840.113556.1.4.1791", "1.2.840.113556.1.4.1935", "1.2.840.113556.1.4.2080",
                "1.2.840.113556.1.4.2237");
        e.addAttribute("isSynchronized", "TRUE");
        e.addAttribute("isGlobalCatalogReady", "TRUE");
        // DS_BEHAVIOR_WIN2016 (7) for the forest, the domain and the DC
        e.addAttribute("domainFunctionality", "7");
        e.addAttribute("forestFunctionality", "7");
        e.addAttribute("domainControllerFunctionality", "7");
        return e;
    }

    private static void populate(InMemoryDirectoryServer server, AdInterceptor ad, Names n, Settings s, Sid domainSid,
            Guid domainGuid, DomainDnsName dcHost) throws LDAPException {
        String nc = n.nc.toString();
        Sid domainAdmins = domainSid.withRid(SamAccounts.RID_DOMAIN_ADMINS);
        Sid builtin = new Sid(5, List.of(32L));
        String builtinDn = "CN=Builtin," + nc;
        String admins = "CN=Domain Admins," + n.users;
        String enterpriseAdmins = "CN=Enterprise Admins," + n.users;
        String computers = "CN=Computers," + nc;
        String controllers = "OU=Domain Controllers," + nc;
        Creator c = new Creator(server, ad, domainAdmins);

        Entry domainObject = new Entry(nc, new Attribute("objectClass", "domainDNS"),
                new Attribute("objectSid", domainSid.toBinary()),
                new Attribute("objectGUID", OperationalAttributes.guidBytes(domainGuid)),
                new Attribute("ms-DS-MachineAccountQuota", "10"),
                // DN-Binary: B:<hex digits>:<GUID of the well-known object>:<its DN> (MS-ADTS 6.1.1.4)
                new Attribute("wellKnownObjects",
                        "B:32:A9D1CA15768811D1ADED00C04FD8D5CD:" + n.users,
                        "B:32:AA312825768811D1ADED00C04FD8D5CD:" + computers,
                        "B:32:A361B2FFFFD211D1AA4B00C04FD7D83A:" + controllers,
                        "B:32:AB1D30F3768811D1ADED00C04FD8D5CD:CN=System," + nc));
        c.add(domainObject);
        c.add(container(n.users.toString(), "Default container for upgraded user accounts"));
        c.add(container(computers, "Default container for upgraded computer accounts"));
        c.add(new Entry(controllers, new Attribute("objectClass", "organizationalUnit"),
                new Attribute("description", "Default container for domain controllers"),
                new Attribute("isCriticalSystemObject", "TRUE")));
        c.add(container("CN=System," + nc, "Builtin system settings"));
        c.add(new Entry(builtinDn, new Attribute("objectClass", "builtinDomain"),
                new Attribute("objectSid", builtin.toBinary())));

        // the groups an admin's token holds; global groups 0x80000002, universal 0x80000008, builtin 0x80000005
        c.add(group(admins, "Domain Admins", domainAdmins, -2147483646, n.admin.toString()));
        c.add(group("CN=Domain Users," + n.users, "Domain Users", domainSid.withRid(SamAccounts.RID_DOMAIN_USERS),
                -2147483646));
        c.add(group("CN=Domain Computers," + n.users, "Domain Computers",
                domainSid.withRid(SamAccounts.RID_DOMAIN_COMPUTERS), -2147483646));
        c.add(group("CN=Domain Controllers," + n.users, "Domain Controllers",
                domainSid.withRid(SamAccounts.RID_DOMAIN_CONTROLLERS), -2147483646));
        c.add(group("CN=Schema Admins," + n.users, "Schema Admins", domainSid.withRid(518), -2147483640,
                n.admin.toString()));
        c.add(group(enterpriseAdmins, "Enterprise Admins", domainSid.withRid(519), -2147483640, n.admin.toString()));
        c.add(group("CN=Administrators," + builtinDn, "Administrators", builtin.withRid(544), -2147483643,
                n.admin.toString(), admins, enterpriseAdmins));
        c.add(group("CN=Users," + builtinDn, "Users", builtin.withRid(545), -2147483643,
                "CN=Domain Users," + n.users));

        Entry admin = new Entry(n.admin, new Attribute("objectClass", "user"),
                new Attribute("sAMAccountName", s.adminAccount()),
                new Attribute("userPrincipalName", s.adminUpn()),
                new Attribute("description", "Built-in account for administering the computer/domain"),
                new Attribute("userAccountControl", "66048"), // NORMAL_ACCOUNT | DONT_EXPIRE_PASSWORD
                new Attribute("adminCount", "1"));
        ad.stamp(admin, domainAdmins);
        ad.stampAccount(admin, domainSid.withRid(ADMIN_RID), true);
        server.add(admin);
        byte[] password = utf16Le(s.adminPassword());
        try {
            ad.setPassword(Guid.fromWire(admin.getAttributeValueBytes("objectGUID"), 0), password);
        } finally {
            Arrays.fill(password, (byte) 0);
        }

        String dcName = dcHost.firstLabel().toUpperCase(Locale.ROOT);
        Entry dc = new Entry("CN=" + dcName + "," + controllers, new Attribute("objectClass", "computer"),
                new Attribute("sAMAccountName", dcName + "$"),
                new Attribute("userAccountControl", "532480"), // SERVER_TRUST_ACCOUNT | TRUSTED_FOR_DELEGATION
                new Attribute("dNSHostName", dcHost.value()),
                new Attribute("servicePrincipalName", "ldap/" + dcHost.value(), "ldap/" + dcName,
                        "ldap/" + dcHost.value() + "/" + s.domain().lowerCase(),
                        "HOST/" + dcHost.value(), "HOST/" + dcName,
                        "GC/" + dcHost.value() + "/" + s.domain().lowerCase()));
        ad.stamp(dc, domainAdmins);
        ad.stampAccount(dc, domainSid.withRid(RID_DC), true);
        server.add(dc);

        List<DistinguishedName> ous = new ArrayList<>(s.ous());
        ous.sort(Comparator.comparingInt(ou -> ou.rdns().size())); // parents first
        for (DistinguishedName ou : ous) {
            c.add(new Entry(ou.toString(), new Attribute("objectClass", "organizationalUnit")));
        }

        String partitions = "CN=Partitions," + n.config;
        c.add(new Entry(n.config, new Attribute("objectClass", "configuration")));
        c.add(new Entry(n.schema, new Attribute("objectClass", "dMD")));
        c.add(new Entry(partitions, new Attribute("objectClass", "crossRefContainer")));
        // systemFlags: FLAG_CR_NTDS_NC | FLAG_CR_NTDS_DOMAIN for the domain's, FLAG_CR_NTDS_NC for the others
        c.add(new Entry("CN=" + s.netbiosName().value() + "," + partitions, new Attribute("objectClass", "crossRef"),
                new Attribute("nCName", nc), new Attribute("dnsRoot", s.domain().lowerCase()),
                new Attribute("nETBIOSName", s.netbiosName().value()), new Attribute("systemFlags", "3")));
        c.add(new Entry("CN=Enterprise Configuration," + partitions, new Attribute("objectClass", "crossRef"),
                new Attribute("nCName", n.config.toString()), new Attribute("dnsRoot", s.domain().lowerCase()),
                new Attribute("systemFlags", "1")));
        c.add(new Entry("CN=Enterprise Schema," + partitions, new Attribute("objectClass", "crossRef"),
                new Attribute("nCName", n.schema.toString()), new Attribute("dnsRoot", s.domain().lowerCase()),
                new Attribute("systemFlags", "1")));
    }

    /** Adds objects of the fresh domain with what the DC itself would have written on them. */
    private record Creator(InMemoryDirectoryServer server, AdInterceptor ad, Sid owner) {
        void add(Entry e) throws LDAPException {
            ad.stamp(e, owner);
            server.add(e);
        }
    }

    private static Entry container(String dn, String description) {
        return new Entry(dn, new Attribute("objectClass", "container"), new Attribute("description", description),
                new Attribute("isCriticalSystemObject", "TRUE"));
    }

    /** A security group; {@code groupType} is signed, as AD shows it. */
    private static Entry group(String dn, String name, Sid sid, long groupType, String... members) {
        // SAM_GROUP_OBJECT for domain groups, SAM_ALIAS_OBJECT for builtin (domain-local) ones
        long samType = (groupType & SamAccounts.GROUP_TYPE_RESOURCE_GROUP) != 0 ? SamAccounts.SAM_ALIAS_OBJECT
                : SamAccounts.SAM_GROUP_OBJECT;
        Entry e = new Entry(dn, new Attribute("objectClass", "group"), new Attribute("sAMAccountName", name),
                new Attribute("objectSid", sid.toBinary()), new Attribute("groupType", Long.toString(groupType)),
                new Attribute("sAMAccountType", Long.toString(samType)));
        if (members.length > 0) {
            e.addAttribute("member", members);
        }
        return e;
    }

    /** A domain SID's sub-authorities after 21 are random 32-bit values drawn when the domain is created. */
    private static long subAuthority(SecureRandom random) {
        return random.nextLong(1, 1L << 32);
    }

    private static byte[] utf16Le(char[] units) {
        byte[] b = new byte[units.length * 2];
        for (int i = 0; i < units.length; i++) {
            b[2 * i] = (byte) units[i];
            b[2 * i + 1] = (byte) (units[i] >>> 8);
        }
        return b;
    }
}
