package org.odjc.ldap;

import com.unboundid.asn1.ASN1Integer;
import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.asn1.ASN1Sequence;
import com.unboundid.ldap.sdk.AddRequest;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.DeleteRequest;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.odjc.domain.DcInfo;
import org.odjc.domain.DistinguishedName;
import org.odjc.domain.DomainFacts;
import org.odjc.domain.Guid;
import org.odjc.domain.MachinePassword;
import org.odjc.domain.SecurityDescriptor;
import org.odjc.domain.Sid;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.provisioning.AccountActivity;
import org.odjc.provisioning.DirectoryAccount;
import org.odjc.provisioning.DirectorySession;
import org.odjc.provisioning.Identity;
import org.odjc.provisioning.MachineAccountQuota;
import org.odjc.provisioning.NewComputerAccount;

/**
 * One request's session: a connection checked out of the DC's pool and kept until {@link #close()},
 * so every operation of the request reaches the same DC. Not thread-safe.
 */
final class LdapSession implements DirectorySession {
    /** LDAP_SERVER_SD_FLAGS_OID: ask for only parts of nTSecurityDescriptor (MS-ADTS 3.1.1.3.4.1.11). */
    static final String SD_FLAGS_OID = "1.2.840.113556.1.4.801";
    static final int OWNER_SECURITY_INFORMATION = 0x1;
    static final int DACL_SECURITY_INFORMATION = 0x4;
    /** The Computers container's well-known GUID (MS-ADTS 6.1.1.4, {@code wellKnownObjects}). */
    static final String COMPUTERS_WKGUID = "AA312825768811D1ADED00C04FD8D5CD";

    private static final String[] ACCOUNT_ATTRIBUTES = {"objectSid", "objectGUID", "userAccountControl", "description",
        "mS-DS-CreatorSID", "nTSecurityDescriptor"};

    private final LDAPConnectionPool pool;
    private final DcInfo dc;
    private final LdapDirectory.DomainCache cache;
    private final String boundAs;
    private LDAPConnection connection;
    private boolean defunct;

    LdapSession(LDAPConnectionPool pool, LDAPConnection connection, DcInfo dc, LdapDirectory.DomainCache cache,
            String boundAs) {
        this.pool = pool;
        this.connection = connection;
        this.dc = dc;
        this.cache = cache;
        this.boundAs = boundAs;
    }

    @Override
    public DomainFacts domainFacts() throws ConnectorException {
        return cache.facts(this);
    }

    @Override
    public DistinguishedName computersContainer() throws ConnectorException {
        return cache.computersContainer(this);
    }

    @Override
    public Identity identity() throws ConnectorException {
        return cache.identity(this);
    }

    @Override
    public boolean exists(DistinguishedName dn) throws ConnectorException {
        try {
            return connection.getEntry(dn.toString(), "1.1") != null;
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                return false;
            }
            throw fail(e, "reading " + dn);
        }
    }

    @Override
    public List<DistinguishedName> organizationalUnits(int limit) throws ConnectorException {
        SearchRequest search = new SearchRequest(domainFacts().dnsDomainName().toNamingContext(), SearchScope.SUB,
                Filter.createEqualityFilter("objectClass", "organizationalUnit"), "1.1");
        search.setSizeLimit(limit);
        List<SearchResultEntry> found;
        try {
            found = connection.search(search).getSearchEntries();
        } catch (com.unboundid.ldap.sdk.LDAPSearchException e) {
            if (e.getResultCode() != ResultCode.SIZE_LIMIT_EXCEEDED) {
                throw fail(e, "listing the organizational units");
            }
            found = e.getSearchEntries(); // the first limit of them
        }
        List<DistinguishedName> out = new ArrayList<>();
        for (SearchResultEntry e : found) {
            out.add(DistinguishedName.parse(e.getDN()));
        }
        // parents before children, as a tree reads
        out.sort(java.util.Comparator.comparing(LdapSession::treeOrder));
        return out;
    }

    private static String treeOrder(DistinguishedName dn) {
        List<String> path = new ArrayList<>();
        for (List<DistinguishedName.Ava> rdn : dn.rdns()) {
            path.add(0, rdn.toString().toLowerCase(java.util.Locale.ROOT));
        }
        return String.join("\u0000", path);
    }

    @Override
    public Optional<DirectoryAccount> findBySamAccountName(String samAccountName) throws ConnectorException {
        SearchRequest search = new SearchRequest(domainFacts().dnsDomainName().toNamingContext(), SearchScope.SUB,
                Filter.createEqualityFilter("sAMAccountName", samAccountName), ACCOUNT_ATTRIBUTES);
        search.addControl(sdFlags(OWNER_SECURITY_INFORMATION));
        search.setSizeLimit(2);
        List<SearchResultEntry> found = search(search, "looking up " + samAccountName);
        return found.isEmpty() ? Optional.empty() : Optional.of(account(found.get(0)));
    }

    @Override
    public Optional<DirectoryAccount> findTagged(String tagPrefix) throws ConnectorException {
        // the SDK escapes the value: a tag can never widen the filter
        SearchRequest search = new SearchRequest(domainFacts().dnsDomainName().toNamingContext(), SearchScope.SUB,
                Filter.createANDFilter(Filter.createEqualityFilter("objectClass", "computer"),
                        Filter.createSubstringFilter("description", tagPrefix, null, null)),
                ACCOUNT_ATTRIBUTES);
        search.addControl(sdFlags(OWNER_SECURITY_INFORMATION));
        // the directory compares case- and space-insensitively; the port promises the exact prefix
        for (SearchResultEntry e : search(search, "looking for accounts tagged '" + tagPrefix + "'")) {
            String description = e.getAttributeValue("description");
            if (description != null && description.startsWith(tagPrefix)) {
                return Optional.of(account(e));
            }
        }
        return Optional.empty();
    }

    /** What cleanup reads: whether and when the account was used (docs/ad-facts.md; AccountCleanup says why each). */
    private static final String[] ACTIVITY_ATTRIBUTES = {"objectGUID", "userAccountControl", "description", "whenCreated",
        "pwdLastSet", "lastLogonTimestamp", "lastLogon", "logonCount"};

    @Override
    public Optional<AccountActivity> activity(Guid objectGuid) throws ConnectorException {
        byte[] wire = new byte[Guid.WIRE_LENGTH];
        objectGuid.toWire(wire, 0);
        // the SDK escapes the binary value; objectGUID is indexed on AD and Samba
        SearchRequest search = new SearchRequest(domainFacts().dnsDomainName().toNamingContext(), SearchScope.SUB,
                Filter.createEqualityFilter("objectGUID", wire), ACTIVITY_ATTRIBUTES);
        search.setSizeLimit(2);
        List<SearchResultEntry> found = search(search, "looking up objectGUID " + objectGuid);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        SearchResultEntry e = found.get(0);
        java.util.Date created = e.getAttributeValueAsDate("whenCreated");
        if (created == null) {
            throw new ConnectorException(FailureCode.AD_MALFORMED_VALUE, e.getDN() + " has no readable whenCreated");
        }
        Long uac = e.getAttributeValueAsLong("userAccountControl");
        Long count = e.getAttributeValueAsLong("logonCount");
        return Optional.of(new AccountActivity(DistinguishedName.parse(e.getDN()), guidValue(e), uac == null ? 0 : uac,
                e.getAttributeValue("description"), created.toInstant(), fileTime(e, "pwdLastSet"),
                fileTime(e, "lastLogonTimestamp"), fileTime(e, "lastLogon"), count == null ? 0 : count));
    }

    /**
     * A FILETIME attribute (100 ns since 1601-01-01 UTC, MS-ADA1); empty when absent, 0 ("never" /
     * "must change") or the maximum ("never expires").
     */
    static Optional<java.time.Instant> fileTime(SearchResultEntry e, String attribute) throws ConnectorException {
        String v = e.getAttributeValue(attribute);
        if (v == null) {
            return Optional.empty();
        }
        long t;
        try {
            t = Long.parseLong(v);
        } catch (NumberFormatException x) {
            throw new ConnectorException(FailureCode.AD_MALFORMED_VALUE, e.getDN() + " has " + attribute + " '" + v + "'");
        }
        if (t <= 0 || t == Long.MAX_VALUE) {
            return Optional.empty();
        }
        return Optional.of(java.time.Instant.ofEpochSecond(t / 10_000_000L - FILETIME_EPOCH_OFFSET_SECONDS,
                (t % 10_000_000L) * 100));
    }

    /** Seconds from 1601-01-01 to 1970-01-01. */
    static final long FILETIME_EPOCH_OFFSET_SECONDS = 11_644_473_600L;

    @Override
    public void disable(DistinguishedName dn) throws ConnectorException {
        long uac = read(dn).userAccountControl();
        try {
            // delete the value read, add the new one: if anyone changed it meanwhile the modify fails
            // (noSuchAttribute) instead of overwriting their change
            connection.modify(new ModifyRequest(dn.toString(),
                    new Modification(ModificationType.DELETE, "userAccountControl", Long.toString(uac)),
                    new Modification(ModificationType.ADD, "userAccountControl",
                            Long.toString(uac | DirectoryAccount.ACCOUNTDISABLE))));
        } catch (LDAPException e) {
            throw fail(e, "disabling " + dn);
        }
    }

    @Override
    public void add(NewComputerAccount a) throws ConnectorException {
        byte[] password = quotedUtf16(a.password());
        try {
            AddRequest add = new AddRequest(a.dn().toString(),
                    new Attribute("objectClass", "computer"),
                    new Attribute("sAMAccountName", a.samAccountName()),
                    new Attribute("userAccountControl", Long.toString(NewComputerAccount.USER_ACCOUNT_CONTROL)),
                    new Attribute("dNSHostName", a.dnsHostName()),
                    new Attribute("servicePrincipalName", a.servicePrincipalNames()),
                    new Attribute("description", a.description()),
                    new Attribute("unicodePwd", password));
            connection.add(add);
        } catch (LDAPException e) {
            throw fail(e, "adding " + a.dn());
        } finally {
            Arrays.fill(password, (byte) 0);
        }
    }

    @Override
    public DirectoryAccount read(DistinguishedName dn) throws ConnectorException {
        SearchRequest search = new SearchRequest(dn.toString(), SearchScope.BASE, Filter.createPresenceFilter("objectClass"),
                ACCOUNT_ATTRIBUTES);
        search.addControl(sdFlags(OWNER_SECURITY_INFORMATION));
        List<SearchResultEntry> found = search(search, "reading " + dn);
        if (found.isEmpty()) {
            throw new ConnectorException(FailureCode.AD_NO_SUCH_OBJECT, dn + " on " + dc.hostName());
        }
        return account(found.get(0));
    }

    @Override
    public List<SecurityDescriptor.Ace> dacl(DistinguishedName dn) throws ConnectorException {
        SearchRequest search = new SearchRequest(dn.toString(), SearchScope.BASE, Filter.createPresenceFilter("objectClass"),
                "nTSecurityDescriptor");
        search.addControl(sdFlags(DACL_SECURITY_INFORMATION));
        List<SearchResultEntry> found = search(search, "reading the security descriptor of " + dn);
        if (found.isEmpty()) {
            throw new ConnectorException(FailureCode.AD_NO_SUCH_OBJECT, dn + " on " + dc.hostName());
        }
        byte[] sd = found.get(0).getAttributeValueBytes("nTSecurityDescriptor");
        if (sd == null) {
            throw new ConnectorException(FailureCode.AD_INSUFFICIENT_ACCESS, "cannot read the security descriptor of " + dn
                    + " (READ_CONTROL not granted)");
        }
        return SecurityDescriptor.parse(sd).dacl();
    }

    @Override
    public void delete(DistinguishedName dn) throws ConnectorException {
        try {
            connection.delete(new DeleteRequest(dn.toString()));
        } catch (LDAPException e) {
            throw fail(e, "deleting " + dn);
        }
    }

    @Override
    public void resetPassword(DistinguishedName dn, MachinePassword password, boolean enable, String description)
            throws ConnectorException {
        byte[] value = quotedUtf16(password);
        try {
            List<Modification> mods = new ArrayList<>(List.of(
                    new Modification(ModificationType.REPLACE, "unicodePwd", value),
                    new Modification(ModificationType.REPLACE, "description", description)));
            if (enable) {
                long uac = read(dn).userAccountControl() & ~DirectoryAccount.ACCOUNTDISABLE;
                mods.add(new Modification(ModificationType.REPLACE, "userAccountControl", Long.toString(uac)));
            }
            connection.modify(new ModifyRequest(dn.toString(), mods));
        } catch (LDAPException e) {
            throw fail(e, "resetting the password of " + dn);
        } finally {
            Arrays.fill(value, (byte) 0);
        }
    }

    @Override
    public void close() {
        if (connection == null) {
            return;
        }
        if (defunct) {
            pool.releaseDefunctConnection(connection);
        } else {
            pool.releaseConnection(connection);
        }
        connection = null;
    }

    // ---- used by LdapDirectory.DomainCache to read domain facts over this session

    SearchResultEntry entry(String dn, String... attributes) throws ConnectorException {
        try {
            SearchResultEntry e = connection.getEntry(dn, attributes);
            if (e == null) {
                throw new ConnectorException(FailureCode.AD_NO_SUCH_OBJECT, dn + " on " + dc.hostName());
            }
            return e;
        } catch (LDAPException e) {
            throw fail(e, "reading " + dn);
        }
    }

    List<SearchResultEntry> search(SearchRequest request, String what) throws ConnectorException {
        try {
            SearchResult result = connection.search(request);
            return result.getSearchEntries();
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT && request.getScope() == SearchScope.BASE) {
                return List.of();
            }
            throw fail(e, what);
        }
    }

    /** The SID of the principal this session is bound as, and its groups ({@code tokenGroups}). */
    Identity lookUpIdentity(DomainFacts facts) throws ConnectorException {
        return lookUp(facts, boundAs);
    }

    @Override
    public java.util.OptionalLong keyVersion(Sid sid) throws ConnectorException {
        SearchRequest find = new SearchRequest(domainFacts().dnsDomainName().toNamingContext(), SearchScope.SUB,
                Filter.createEqualityFilter("objectSid", sid.toBinary()), "1.1");
        find.setSizeLimit(1);
        List<SearchResultEntry> found = search(find, "looking up " + sid);
        if (found.isEmpty()) {
            throw new ConnectorException(FailureCode.AD_NO_SUCH_OBJECT, "no account with SID " + sid);
        }
        // constructed: AD computes it only on a base search of the entry
        Long kvno = entry(found.get(0).getDN(), "msDS-KeyVersionNumber").getAttributeValueAsLong("msDS-KeyVersionNumber");
        return kvno == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(kvno);
    }

    @Override
    public MachineAccountQuota machineAccountQuota(Sid creator) throws ConnectorException {
        String nc = domainFacts().dnsDomainName().toNamingContext();
        Long quota = entry(nc, "ms-DS-MachineAccountQuota").getAttributeValueAsLong("ms-DS-MachineAccountQuota");
        long q = quota == null ? 10 : Math.max(0, quota); // absent: AD's default
        SearchRequest search = new SearchRequest(nc, SearchScope.SUB, Filter.createANDFilter(
                Filter.createEqualityFilter("objectClass", "computer"),
                Filter.createEqualityFilter("mS-DS-CreatorSID", creator.toBinary())), "1.1");
        search.setSizeLimit((int) Math.min(Integer.MAX_VALUE, q + 1)); // enough to tell "used up"
        long created;
        try {
            created = connection.search(search).getEntryCount();
        } catch (LDAPException e) {
            if (e.getResultCode() != ResultCode.SIZE_LIMIT_EXCEEDED) {
                throw fail(e, "counting the computers " + creator + " created");
            }
            created = q + 1;
        }
        String vendor = entry("", "vendorName").getAttributeValue("vendorName");
        return new MachineAccountQuota(q, created, Optional.ofNullable(vendor));
    }

    @Override
    public Identity principal(String name) throws ConnectorException {
        return lookUp(domainFacts(), name);
    }

    @Override
    public void addAces(DistinguishedName dn, List<SecurityDescriptor.Ace> aces) throws ConnectorException {
        SearchRequest search = new SearchRequest(dn.toString(), SearchScope.BASE, Filter.createPresenceFilter("objectClass"),
                "nTSecurityDescriptor");
        search.addControl(sdFlags(DACL_SECURITY_INFORMATION));
        List<SearchResultEntry> found = search(search, "reading the security descriptor of " + dn);
        byte[] sd = found.isEmpty() ? null : found.get(0).getAttributeValueBytes("nTSecurityDescriptor");
        if (sd == null) {
            throw new ConnectorException(FailureCode.AD_NO_SUCH_OBJECT, "no readable security descriptor on " + dn);
        }
        ModifyRequest modify = new ModifyRequest(dn.toString(), new Modification(ModificationType.REPLACE,
                "nTSecurityDescriptor", SecurityDescriptor.parse(sd).daclOnlyWith(aces)));
        modify.addControl(sdFlags(DACL_SECURITY_INFORMATION));
        try {
            connection.modify(modify);
        } catch (LDAPException e) {
            throw fail(e, "adding ACEs to " + dn);
        }
    }

    private Identity lookUp(DomainFacts facts, String name) throws ConnectorException {
        String base = facts.dnsDomainName().toNamingContext();
        int at = name.indexOf('@');
        String account = at < 0 ? name : name.substring(0, at);
        // A UPN may be explicit (userPrincipalName) or implicit (sAMAccountName@dns-domain); a Kerberos
        // principal is sAMAccountName@REALM. Try the UPN first, then the account name.
        Filter filter = Filter.createORFilter(Filter.createEqualityFilter("userPrincipalName", name),
                Filter.createEqualityFilter("sAMAccountName", account));
        SearchRequest search = new SearchRequest(base, SearchScope.SUB, filter, "objectSid", "userPrincipalName");
        search.setSizeLimit(5);
        List<SearchResultEntry> found = search(search, "looking up " + name);
        SearchResultEntry match = found.stream()
                .filter(e -> name.equalsIgnoreCase(e.getAttributeValue("userPrincipalName"))).findFirst()
                .orElse(found.size() == 1 ? found.get(0) : null);
        if (match == null) {
            throw new ConnectorException(FailureCode.AD_NO_SUCH_OBJECT,
                    name + " was not found in " + base + " (" + found.size() + " candidates)");
        }
        Sid sid = sidValue(match, "objectSid");
        Set<Sid> groups = new HashSet<>();
        SearchResultEntry tokens = entry(match.getDN(), "tokenGroups");
        byte[][] values = tokens.getAttributeValueByteArrays("tokenGroups");
        if (values != null) {
            for (byte[] v : values) {
                groups.add(Sid.fromBinary(v));
            }
        }
        return new Identity(name, sid, groups);
    }

    DcInfo dc() {
        return dc;
    }

    private DirectoryAccount account(SearchResultEntry e) throws ConnectorException {
        Sid owner = null;
        byte[] sd = e.getAttributeValueBytes("nTSecurityDescriptor");
        if (sd != null) {
            owner = SecurityDescriptor.parse(sd).owner().orElse(null);
        }
        byte[] creator = e.getAttributeValueBytes("mS-DS-CreatorSID");
        Long uac = e.getAttributeValueAsLong("userAccountControl");
        return new DirectoryAccount(DistinguishedName.parse(e.getDN()), sidValue(e, "objectSid"), guidValue(e),
                uac == null ? 0 : uac, Optional.ofNullable(owner),
                creator == null ? Optional.empty() : Optional.of(Sid.fromBinary(creator)),
                e.getAttributeValue("description"));
    }

    static Sid sidValue(SearchResultEntry e, String attribute) throws ConnectorException {
        byte[] b = e.getAttributeValueBytes(attribute);
        if (b == null) {
            throw new ConnectorException(FailureCode.AD_MALFORMED_VALUE, e.getDN() + " has no " + attribute);
        }
        return Sid.fromBinary(b);
    }

    static Guid guidValue(SearchResultEntry e) throws ConnectorException {
        byte[] b = e.getAttributeValueBytes("objectGUID");
        if (b == null || b.length != Guid.WIRE_LENGTH) {
            throw new ConnectorException(FailureCode.AD_MALFORMED_VALUE, e.getDN() + " has no 16-byte objectGUID");
        }
        return Guid.fromWire(b, 0);
    }

    /** {@code unicodePwd} takes UTF-16LE of the password in double quotes (MS-ADTS 3.1.1.3.1.5.1). */
    static byte[] quotedUtf16(MachinePassword password) {
        byte[] inner = password.toUtf16Le();
        byte[] out = new byte[inner.length + 4];
        out[0] = '"';
        System.arraycopy(inner, 0, out, 2, inner.length);
        out[out.length - 2] = '"';
        Arrays.fill(inner, (byte) 0);
        return out;
    }

    static Control sdFlags(int flags) {
        return new Control(SD_FLAGS_OID, true, new ASN1OctetString(new ASN1Sequence(new ASN1Integer(flags)).encode()));
    }

    private ConnectorException fail(LDAPException e, String what) {
        if (!e.getResultCode().isConnectionUsable()) {
            defunct = true;
        }
        return AdResultClassifier.classify(e, what + " on " + dc.hostName());
    }
}
