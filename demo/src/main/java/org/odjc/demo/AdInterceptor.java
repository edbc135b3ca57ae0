package org.odjc.demo;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.LDAPListenerClientConnection;
import com.unboundid.ldap.listener.LDAPListenerExceptionHandler;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedAddRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedAddResult;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedCompareRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedDeleteRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedDeleteResult;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedExtendedRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedModifyDNRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedModifyDNResult;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedModifyRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedModifyResult;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSASLBindRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchEntry;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSimpleBindRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSimpleBindResult;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.AddRequest;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchResultReference;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.schema.Schema;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.odjc.domain.Guid;
import org.odjc.domain.Sid;

/**
 * What turns UnboundID's in-memory server into something a client cannot tell from a domain
 * controller where the connector looks. This class is the interceptor and the order of the work on
 * each operation; the rules are split by concern: {@link OperationalAttributes} (what the directory
 * service agent writes on every object, the rootDSE's constructed values), {@link SamAccounts}
 * (SIDs from the RID pool, unique {@code sAMAccountName} and SPNs, account flags, tokenGroups),
 * {@link Passwords} (a write-only {@code unicodePwd}), {@link AdSecurityDescriptors} (the default
 * descriptor and the SD_FLAGS view of {@code nTSecurityDescriptor}) and {@link AdErrors} (AD's
 * result codes and texts, which {@code AdResultClassifier} parses). Here: the simple bind by UPN,
 * that every operation but a rootDSE read needs a bind, and the continuation reference to the
 * Configuration partition.
 *
 * <p>Thread-safe: the listener calls it from one thread per connection.
 */
final class AdInterceptor extends InMemoryOperationInterceptor implements LDAPListenerExceptionHandler {
    private static final String PENDING = "odjc.pending";
    private static final String SD_FLAGS = "odjc.sdFlags";
    private static final String HIDE_CONFIGURATION = "odjc.hideConfiguration";

    private final Schema schema;
    private final String domainName;
    private final DN domainNc;
    private final DN configurationNc;
    private final Clock clock;
    private final DN adminDn;
    private final Set<String> adminNames;
    private final byte[] adminToken;
    private final OperationalAttributes operational;
    private final SamAccounts sam;
    private final Passwords passwords;

    /** Who each connection is bound as; absent means anonymous. */
    private final Map<Long, DN> bound = new ConcurrentHashMap<>();

    private volatile InMemoryDirectoryServer server;

    /**
     * @param adminNames the names the admin may bind with besides its DN, lower case: UPN, NETBIOS\account
     * @param adminToken the credential the server itself knows the admin DN by; never sent on the wire
     */
    AdInterceptor(Schema schema, String domainName, DN domainNc, DN configurationNc, Sid domainSid, DN adminDn,
            Set<String> adminNames, byte[] adminToken, Clock clock, SecureRandom random, long firstUsn) {
        this.schema = schema;
        this.domainName = domainName;
        this.domainNc = domainNc;
        this.configurationNc = configurationNc;
        this.adminDn = adminDn;
        this.adminNames = Set.copyOf(adminNames);
        this.adminToken = adminToken.clone();
        this.clock = clock;
        this.sam = new SamAccounts(() -> server, domainNc, domainSid, clock, random);
        this.operational = new OperationalAttributes(schema, domainNc, configurationNc, sam.domainAdmins(), clock,
                random, firstUsn);
        this.passwords = new Passwords(random);
    }

    /** The server whose data the rules read; set once, before it starts listening. */
    void attach(InMemoryDirectoryServer s) {
        this.server = s;
    }

    // ---- what the DC writes into every new object, also used for the objects of a fresh domain

    /** See {@link OperationalAttributes#stamp}. */
    void stamp(Entry e, Sid owner) throws LDAPException {
        operational.stamp(e, owner);
    }

    /** See {@link SamAccounts#stamp}. */
    void stampAccount(Entry e, Sid sid, boolean passwordGiven) {
        sam.stamp(e, sid, passwordGiven);
    }

    /** Keeps a salted hash of {@code utf16le} for the account {@code guid}; the caller wipes the bytes. */
    void setPassword(Guid guid, byte[] utf16le) {
        passwords.set(guid, utf16le);
    }

    boolean passwordMatches(Guid guid, byte[] utf16le) {
        return passwords.matches(guid, utf16le);
    }

    // ---- binds

    /**
     * AD takes a simple bind's name as a DN, a UPN or {@code DOMAIN\account}; the in-memory server
     * only knows DNs, and knows the admin's only by a token that never leaves this process. So the
     * password is checked here, against the salted hash, and a good bind is passed on as the admin
     * DN with the token. Anything else fails as AD fails, with data 52e whether the name is unknown
     * or the password wrong.
     */
    @Override
    public void processSimpleBindRequest(InMemoryInterceptedSimpleBindRequest request) throws LDAPException {
        bound.remove(request.getConnectionID()); // any bind, even a failed one, ends the previous identity
        SimpleBindRequest bind = request.getRequest();
        ASN1OctetString password = bind.getPassword();
        if (password == null || password.getValueLength() == 0) {
            if (!bind.getBindDN().isEmpty()) {
                // a name without a password is an unauthenticated bind (RFC 4513 5.1.2): AD makes it anonymous
                request.setRequest(new SimpleBindRequest("", new byte[0], bind.getControls()));
            }
            return;
        }
        byte[] utf16 = Passwords.utf8ToUtf16Le(password.getValue());
        try {
            Guid admin = guidOf(adminDn);
            if (utf16 == null || !namesAdmin(bind.getBindDN()) || admin == null || !passwordMatches(admin, utf16)) {
                throw new LDAPException(ResultCode.INVALID_CREDENTIALS, AdErrors.BIND_FAILED);
            }
        } finally {
            if (utf16 != null) {
                Arrays.fill(utf16, (byte) 0);
            }
        }
        request.setProperty(PENDING, adminDn);
        request.setRequest(new SimpleBindRequest(adminDn, adminToken, bind.getControls()));
    }

    private boolean namesAdmin(String name) {
        if (adminNames.contains(name.strip().toLowerCase(Locale.ROOT))) {
            return true;
        }
        DN dn = parsedOrNull(name);
        return dn != null && dn.equals(adminDn);
    }

    @Override
    public void processSimpleBindResult(InMemoryInterceptedSimpleBindResult result) {
        Object dn = result.getProperty(PENDING);
        if (dn != null && result.getResult().getResultCode() == ResultCode.SUCCESS) {
            bound.put(result.getConnectionID(), (DN) dn);
        }
    }

    /** AD offers GSSAPI, GSS-SPNEGO, EXTERNAL and DIGEST-MD5; the demo only simple binds over LDAPS. */
    @Override
    public void processSASLBindRequest(InMemoryInterceptedSASLBindRequest request) throws LDAPException {
        bound.remove(request.getConnectionID());
        throw new LDAPException(ResultCode.AUTH_METHOD_NOT_SUPPORTED,
                "the embedded directory takes simple binds only");
    }

    @Override
    public void connectionTerminated(LDAPListenerClientConnection connection, LDAPException cause) {
        bound.remove(connection.getConnectionID());
    }

    @Override
    public void connectionCreationFailure(Socket socket, Throwable cause) {
        // e.g. a failed TLS handshake: nothing to clean up, and the client has been told
    }

    // ---- adds

    @Override
    public void processAddRequest(InMemoryInterceptedAddRequest request) throws LDAPException {
        DN creator = requireBind(request);
        AddRequest add = request.getRequest().duplicate();
        DN dn = parseDn(add.getDN());
        Entry e = new Entry(dn, add.getAttributes());
        for (Attribute a : e.getAttributes()) {
            if (OperationalAttributes.systemOnly(a.getBaseName())) {
                throw new LDAPException(ResultCode.UNWILLING_TO_PERFORM, AdErrors.UNWILLING);
            }
        }
        boolean account = SamAccounts.isAccount(e);
        byte[] password = null;
        if (e.hasAttribute("unicodePwd")) {
            if (!account) {
                throw new LDAPException(ResultCode.OBJECT_CLASS_VIOLATION, AdErrors.OBJECT_CLASS_VIOLATION);
            }
            password = Passwords.unquoted(e.getAttribute("unicodePwd").getValueByteArrays());
            e.removeAttribute("unicodePwd"); // write-only: never stored, so no search can return it
        }
        try {
            SamAccounts.Reservation names = account ? sam.reserveAccount(dn, e) : sam.reserveName(dn);
            try {
                operational.stamp(e, sam.ownerFor(creator));
                if (account) {
                    sam.stamp(e, sam.allocateSid(), password != null);
                }
                Guid guid = Guid.fromWire(e.getAttributeValueBytes("objectGUID"), 0);
                request.setProperty(PENDING, new Pending(names, guid, password == null ? null : passwords.hash(password)));
                request.setRequest(new AddRequest(e.getDN(), e.getAttributes(),
                        AdSecurityDescriptors.withoutSdFlags(add.getControls())));
            } catch (LDAPException | RuntimeException ex) {
                sam.release(names);
                throw ex;
            }
        } finally {
            if (password != null) {
                Arrays.fill(password, (byte) 0);
            }
        }
    }

    @Override
    public void processAddResult(InMemoryInterceptedAddResult result) {
        Pending p = (Pending) result.getProperty(PENDING);
        if (p == null) {
            return;
        }
        if (result.getResult().getResultCode() == ResultCode.SUCCESS && p.hash() != null) {
            passwords.store(p.guid(), p.hash());
        }
        sam.release(p.names()); // stored or refused: from now on the directory itself holds the names, or nobody
    }

    // ---- modifies, deletes, renames

    /**
     * Password writes as AD takes them (MS-ADTS 3.1.1.3.1.5): a reset is one REPLACE of
     * {@code unicodePwd}, a change a DELETE of the old value and an ADD of the new one. The value
     * never reaches the server: the modify carries {@code pwdLastSet} instead, and the hash is kept
     * once the modify succeeded. A new {@code sAMAccountName} is checked like one in an add.
     */
    @Override
    public void processModifyRequest(InMemoryInterceptedModifyRequest request) throws LDAPException {
        requireBind(request);
        ModifyRequest modify = request.getRequest().duplicate();
        DN dn = parseDn(modify.getDN());
        Entry current = server.getEntry(dn.toString(), "objectClass", "objectGUID", "sAMAccountName");
        if (current == null) {
            throw AdErrors.noSuchObject(server, dn);
        }
        List<Modification> kept = new ArrayList<>();
        byte[] oldPassword = null;
        byte[] newPassword = null;
        String newSam = null;
        boolean reset = false;
        try {
            for (Modification m : modify.getModifications()) {
                String attribute = Attribute.getBaseName(m.getAttributeName()).toLowerCase(Locale.ROOT);
                if (OperationalAttributes.systemOnly(attribute)) {
                    throw new LDAPException(ResultCode.UNWILLING_TO_PERFORM, AdErrors.UNWILLING);
                }
                if (attribute.equals("unicodepwd")) {
                    if (!current.hasObjectClass("user")) {
                        throw new LDAPException(ResultCode.OBJECT_CLASS_VIOLATION, AdErrors.OBJECT_CLASS_VIOLATION);
                    }
                    byte[] value = Passwords.unquoted(m.getValueByteArrays());
                    if (m.getModificationType() == ModificationType.REPLACE && newPassword == null && !reset) {
                        reset = true;
                        newPassword = value;
                    } else if (m.getModificationType() == ModificationType.DELETE && oldPassword == null && !reset) {
                        oldPassword = value;
                    } else if (m.getModificationType() == ModificationType.ADD && oldPassword != null
                            && newPassword == null) {
                        newPassword = value;
                    } else {
                        Arrays.fill(value, (byte) 0);
                        throw new LDAPException(ResultCode.UNWILLING_TO_PERFORM, Passwords.PASSWORD_REFUSED);
                    }
                    continue;
                }
                if (attribute.equals("samaccountname") && current.hasAttribute("sAMAccountName")) {
                    if (m.getModificationType() != ModificationType.REPLACE || m.getValues().length != 1) {
                        throw new LDAPException(ResultCode.UNWILLING_TO_PERFORM, AdErrors.UNWILLING);
                    }
                    newSam = m.getValues()[0];
                }
                kept.add(m);
            }
            if (oldPassword != null && newPassword == null) {
                throw new LDAPException(ResultCode.UNWILLING_TO_PERFORM, Passwords.PASSWORD_REFUSED);
            }
            Guid guid = Guid.fromWire(current.getAttributeValueBytes("objectGUID"), 0);
            if (oldPassword != null && !passwords.matches(guid, oldPassword)) {
                throw new LDAPException(ResultCode.CONSTRAINT_VIOLATION, Passwords.OLD_PASSWORD_WRONG);
            }
            Passwords.SaltedHash hash = newPassword == null ? null : passwords.hash(newPassword);
            SamAccounts.Reservation names = newSam != null
                    && !newSam.equalsIgnoreCase(current.getAttributeValue("sAMAccountName"))
                    ? sam.reserveSam(newSam) : SamAccounts.Reservation.NONE;
            Instant now = clock.instant();
            if (newPassword != null) {
                kept.add(new Modification(ModificationType.REPLACE, "pwdLastSet",
                        Long.toString(OperationalAttributes.fileTime(now))));
            }
            kept.add(new Modification(ModificationType.REPLACE, "whenChanged", OperationalAttributes.generalizedTime(now)));
            kept.add(new Modification(ModificationType.REPLACE, "uSNChanged", Long.toString(operational.nextUsn())));
            request.setProperty(PENDING, new Pending(names, guid, hash));
            request.setRequest(new ModifyRequest(modify.getDN(), kept,
                    AdSecurityDescriptors.withoutSdFlags(modify.getControls())));
        } finally {
            if (oldPassword != null) {
                Arrays.fill(oldPassword, (byte) 0);
            }
            if (newPassword != null) {
                Arrays.fill(newPassword, (byte) 0);
            }
        }
    }

    @Override
    public void processModifyResult(InMemoryInterceptedModifyResult result) {
        Pending p = (Pending) result.getProperty(PENDING);
        if (p == null) {
            return;
        }
        if (result.getResult().getResultCode() == ResultCode.SUCCESS && p.hash() != null) {
            passwords.store(p.guid(), p.hash());
        }
        sam.release(p.names());
    }

    /** A deleted account's hash goes with it (and with a tree delete, every account below). */
    @Override
    public void processDeleteRequest(InMemoryInterceptedDeleteRequest request) throws LDAPException {
        requireBind(request);
        DN dn = parseDn(request.getRequest().getDN());
        if (server.getEntry(dn.toString(), "1.1") == null) {
            throw AdErrors.noSuchObject(server, dn);
        }
        boolean tree = request.getRequest().hasControl("1.2.840.113556.1.4.805");
        List<Guid> gone = new ArrayList<>();
        for (SearchResultEntry e : server.search(dn.toString(), tree ? SearchScope.SUB : SearchScope.BASE,
                Filter.createPresenceFilter("objectClass"), "objectGUID").getSearchEntries()) {
            byte[] g = e.getAttributeValueBytes("objectGUID");
            if (g != null && g.length == Guid.WIRE_LENGTH) {
                gone.add(Guid.fromWire(g, 0));
            }
        }
        if (!tree && server.search(dn.toString(), SearchScope.ONE, Filter.createPresenceFilter("objectClass"), "1.1")
                .getEntryCount() > 0) {
            throw new LDAPException(ResultCode.NOT_ALLOWED_ON_NONLEAF, AdErrors.NOT_LEAF);
        }
        request.setProperty(PENDING, gone);
    }

    @Override
    public void processDeleteResult(InMemoryInterceptedDeleteResult result) {
        @SuppressWarnings("unchecked")
        List<Guid> gone = (List<Guid>) result.getProperty(PENDING);
        if (gone != null && result.getResult().getResultCode() == ResultCode.SUCCESS) {
            gone.forEach(passwords::forget);
        }
    }

    @Override
    public void processModifyDNRequest(InMemoryInterceptedModifyDNRequest request) throws LDAPException {
        requireBind(request);
    }

    /** AD keeps {@code distinguishedName} and {@code name} in step with the DN, below a moved object too. */
    @Override
    public void processModifyDNResult(InMemoryInterceptedModifyDNResult result) {
        if (result.getResult().getResultCode() != ResultCode.SUCCESS) {
            return;
        }
        try {
            DN old = new DN(result.getRequest().getDN());
            RDN newRdn = new RDN(result.getRequest().getNewRDN());
            String superior = result.getRequest().getNewSuperiorDN();
            DN moved = new DN(newRdn, superior == null ? old.getParent() : new DN(superior));
            for (SearchResultEntry e : server.search(moved.toString(), SearchScope.SUB,
                    Filter.createPresenceFilter("objectClass"), "1.1").getSearchEntries()) {
                server.modify(e.getDN(),
                        new Modification(ModificationType.REPLACE, "distinguishedName", e.getDN()),
                        new Modification(ModificationType.REPLACE, "name",
                                e.getParsedDN().getRDN().getAttributeValues()[0]));
            }
        } catch (LDAPException e) {
            throw new IllegalStateException("cannot update the names below a renamed object", e);
        }
    }

    @Override
    public void processCompareRequest(InMemoryInterceptedCompareRequest request) throws LDAPException {
        requireBind(request);
    }

    /** Only "Who am I?" (RFC 4532); RFC 4511 4.12 answers an unknown request name with protocolError. */
    @Override
    public void processExtendedRequest(InMemoryInterceptedExtendedRequest request) throws LDAPException {
        if (!"1.3.6.1.4.1.4203.1.11.3".equals(request.getRequest().getOID())) {
            throw new LDAPException(ResultCode.PROTOCOL_ERROR, "");
        }
    }

    // ---- searches

    /**
     * Anonymous clients may read the rootDSE only. The SD_FLAGS control (which the in-memory
     * server, not knowing it, would refuse as critical) is taken off and remembered for the
     * entries. A one-level or subtree search from the domain's root does not descend into the
     * Configuration partition (another naming context): the DC returns a continuation reference.
     */
    @Override
    public void processSearchRequest(InMemoryInterceptedSearchRequest request) throws LDAPException {
        SearchRequest search = request.getRequest().duplicate();
        boolean rootDse = search.getBaseDN().isEmpty() && search.getScope() == SearchScope.BASE;
        if (!rootDse) {
            requireBind(request);
        }
        request.setProperty(SD_FLAGS, AdSecurityDescriptors.sdFlags(search.getControls()));
        search.setControls(AdSecurityDescriptors.withoutSdFlags(search.getControls()));
        if (search.getScope() != SearchScope.BASE && !search.getBaseDN().isEmpty()
                && parseDn(search.getBaseDN()).equals(domainNc)) {
            request.setProperty(HIDE_CONFIGURATION, Boolean.TRUE);
            request.sendSearchReference(new SearchResultReference(
                    new String[] {"ldap://" + domainName + "/" + configurationNc}, new Control[0]));
        }
        request.setRequest(search);
    }

    @Override
    public void processSearchEntry(InMemoryInterceptedSearchEntry result) {
        SearchResultEntry found = result.getSearchEntry();
        DN dn = parsedOrNull(found.getDN());
        if (Boolean.TRUE.equals(result.getProperty(HIDE_CONFIGURATION)) && dn != null
                && dn.isDescendantOf(configurationNc, true)) {
            result.setSearchEntry(null);
            return;
        }
        List<String> asked = result.getRequest().getAttributeList();
        Entry out = new Entry(found.getDN(), found.getAttributes());
        out.removeAttribute("unicodePwd"); // never stored; removed here too so no future path can return it
        try {
            if (found.getDN().isEmpty()) {
                if (asks(asked, "currentTime")) {
                    out.setAttribute("currentTime", operational.currentTime());
                }
                if (asks(asked, "highestCommittedUSN")) {
                    out.setAttribute("highestCommittedUSN", Long.toString(operational.highestCommittedUsn()));
                }
            }
            byte[] sd = out.getAttributeValueBytes("nTSecurityDescriptor");
            if (sd != null) {
                Object flags = result.getProperty(SD_FLAGS);
                out.setAttribute("nTSecurityDescriptor",
                        AdSecurityDescriptors.restrict(sd,
                                flags == null ? AdSecurityDescriptors.DEFAULT_SD_FLAGS : (Integer) flags));
            }
            // constructed: returned only when asked for by name, and only on a base search
            if (dn != null && result.getRequest().getScope() == SearchScope.BASE
                    && explicitlyAsks(asked, "tokenGroups")) {
                List<byte[]> groups = new ArrayList<>();
                for (Sid g : sam.tokenGroups(dn)) {
                    groups.add(g.toBinary());
                }
                if (!groups.isEmpty()) {
                    out.setAttribute("tokenGroups", groups.toArray(new byte[0][]));
                }
            }
        } catch (LDAPException e) {
            throw new IllegalStateException("cannot construct the attributes of " + found.getDN(), e);
        }
        result.setSearchEntry(out);
    }

    // ---- helpers

    private DN requireBind(InMemoryInterceptedRequest request) throws LDAPException {
        DN who = bound.get(request.getConnectionID());
        if (who == null) {
            throw new LDAPException(ResultCode.OPERATIONS_ERROR, AdErrors.BIND_REQUIRED);
        }
        return who;
    }

    private Guid guidOf(DN dn) throws LDAPException {
        Entry e = server.getEntry(dn.toString(), "objectGUID");
        byte[] b = e == null ? null : e.getAttributeValueBytes("objectGUID");
        return b == null || b.length != Guid.WIRE_LENGTH ? null : Guid.fromWire(b, 0);
    }

    private DN parseDn(String text) throws LDAPException {
        try {
            return new DN(text, schema);
        } catch (LDAPException e) {
            throw new LDAPException(ResultCode.INVALID_DN_SYNTAX, "0000208F: NameErr: DSID-03100225, problem 2006 "
                    + "(BAD_NAME), data 8350, best match of:\n\t'" + text + "'\n");
        }
    }

    private DN parsedOrNull(String text) {
        try {
            return new DN(text, schema);
        } catch (LDAPException e) {
            return null;
        }
    }

    private static boolean asks(List<String> asked, String attribute) {
        return asked.isEmpty() || asked.contains("*") || explicitlyAsks(asked, attribute);
    }

    private static boolean explicitlyAsks(List<String> asked, String attribute) {
        return asked.stream().anyMatch(attribute::equalsIgnoreCase);
    }

    /** The names an add or modify reserved, and the password hash to keep once the server has the entry. */
    private record Pending(SamAccounts.Reservation names, Guid guid, Passwords.SaltedHash hash) {
    }
}
