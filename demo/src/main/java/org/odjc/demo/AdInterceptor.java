package org.odjc.demo;

import com.unboundid.asn1.ASN1Element;
import com.unboundid.asn1.ASN1Integer;
import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.asn1.ASN1Sequence;
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
import com.unboundid.ldap.sdk.schema.ObjectClassDefinition;
import com.unboundid.ldap.sdk.schema.Schema;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.odjc.domain.Guid;
import org.odjc.domain.Sid;
import org.odjc.failure.ConnectorException;

/**
 * What turns UnboundID's in-memory server into something a client cannot tell from a domain
 * controller where the connector looks: the work AD's directory service agent does on every write
 * (SIDs from the RID pool, GUIDs, timestamps, USNs, owner and security descriptor), SAM's rules
 * (domain-wide unique {@code sAMAccountName}, forest-wide unique SPNs, a write-only
 * {@code unicodePwd}), the simple bind by UPN, what a DC constructs on reads ({@code tokenGroups},
 * {@code currentTime}, the SD_FLAGS view of {@code nTSecurityDescriptor}), the continuation
 * reference to the Configuration partition, and AD's result codes and diagnostic texts, which
 * {@code AdResultClassifier} parses (DSIDs differ between Windows builds; these come from captured
 * messages).
 *
 * <p>Thread-safe: the listener calls it from one thread per connection. Names that must be unique
 * are checked and reserved under one lock until the server has stored the entry.
 */
final class AdInterceptor extends InMemoryOperationInterceptor implements LDAPListenerExceptionHandler {
    /** LDAP_SERVER_SD_FLAGS_OID (MS-ADTS 3.1.1.3.4.1.11). */
    static final String SD_FLAGS_OID = "1.2.840.113556.1.4.801";
    static final int OWNER_SECURITY_INFORMATION = 0x1;
    static final int GROUP_SECURITY_INFORMATION = 0x2;
    static final int DACL_SECURITY_INFORMATION = 0x4;
    static final int SACL_SECURITY_INFORMATION = 0x8;
    /** What a DC returns of nTSecurityDescriptor without the control (the SACL needs a privilege). */
    static final int DEFAULT_SD_FLAGS =
            OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION;
    /** The first RID a fresh domain hands to accounts created after promotion. */
    static final long FIRST_RID = 1100;
    /** {@code accountExpires} of an account that never expires. */
    static final long NEVER = Long.MAX_VALUE;

    static final long RID_DOMAIN_ADMINS = 512;
    static final long RID_DOMAIN_COMPUTERS = 515;
    static final long RID_DOMAIN_USERS = 513;
    static final long RID_DOMAIN_CONTROLLERS = 516;
    static final long UF_PASSWD_NOTREQD = 0x20;
    static final long UF_ACCOUNTDISABLE = 0x2;
    static final long UF_NORMAL_ACCOUNT = 0x200;
    static final long UF_WORKSTATION_TRUST_ACCOUNT = 0x1000;
    static final long UF_SERVER_TRUST_ACCOUNT = 0x2000;
    static final long SAM_NORMAL_USER_ACCOUNT = 0x30000000L;
    static final long SAM_MACHINE_ACCOUNT = 0x30000001L;

    // AD's texts: the Win32 error (which AdResultClassifier reads), the DSID (where in the DC's code:
    // it differs between builds), the problem and data fields
    static final String BIND_FAILED =
            "80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 52e, v4563";
    static final String BIND_REQUIRED = "000004DC: LdapErr: DSID-0C090A5C, comment: In order to perform this operation "
            + "a successful bind must be completed on the connection., data 0, v4563";
    /** ERROR_DS_OBJ_STRING_NAME_EXISTS: the DN is taken. */
    static final String NAME_EXISTS = "00002071: UpdErr: DSID-030502F1, problem 6005 (ENTRY_EXISTS), data 0\n";
    /** ERROR_USER_EXISTS: the sAMAccountName is taken somewhere in the domain. */
    static final String ACCOUNT_EXISTS = "00000524: UpdErr: DSID-031A11FA, problem 6005 (ENTRY_EXISTS), data 0\n";
    /** ERROR_DS_SPN_VALUE_NOT_UNIQUE_IN_FOREST on servicePrincipalName (ATTRTYP 0x90303). */
    static final String SPN_EXISTS = "000021C7: AtrErr: DSID-03200BBA, #1:\n\t0: 000021C7: DSID-03200BBA, "
            + "problem 1005 (CONSTRAINT_ATT_TYPE), data 0, Att 90303 (servicePrincipalName)\n";
    /**
     * ERROR_GEN_FAILURE: what AD answers to a {@code unicodePwd} that is not a quoted UTF-16LE
     * value, and also to one sent over an unencrypted connection: the text does not tell them apart.
     */
    static final String PASSWORD_REFUSED = "0000001F: SvcErr: DSID-031A12D2, problem 5003 (WILL_NOT_PERFORM), data 0\n";
    /** ERROR_INVALID_PASSWORD: a password change whose old password is wrong (ATTRTYP 0x9005a). */
    static final String OLD_PASSWORD_WRONG = "00000056: AtrErr: DSID-03191083, #1:\n\t0: 00000056: DSID-03191083, "
            + "problem 1005 (CONSTRAINT_ATT_TYPE), data 0, Att 9005a (unicodePwd)\n";
    /** ERROR_DS_UNWILLING_TO_PERFORM: e.g. a client writing an attribute only the DC may set. */
    static final String UNWILLING = "00002035: SvcErr: DSID-031A1254, problem 5003 (WILL_NOT_PERFORM), data 0\n";
    static final String NOT_LEAF = "0000208C: UpdErr: DSID-030F0F2A, problem 6003 (CANT_ON_NON_LEAF), data 0\n";
    static final String OBJECT_CLASS_VIOLATION =
            "00002014: UpdErr: DSID-03151785, problem 6002 (OBJ_CLASS_VIOLATION), data 0\n";

    /** Attributes the DC maintains; a client that writes them is refused. */
    private static final Set<String> SYSTEM_ONLY = Set.of("objectsid", "objectguid", "whencreated", "whenchanged",
            "usncreated", "usnchanged", "samaccounttype", "distinguishedname", "name", "ms-ds-creatorsid",
            "tokengroups", "instancetype");

    private static final DateTimeFormatter GENERALIZED_TIME =
            DateTimeFormatter.ofPattern("uuuuMMddHHmmss'.0Z'").withZone(ZoneOffset.UTC);
    /** 100-ns intervals between 1601-01-01 (FILETIME's epoch) and 1970-01-01. */
    private static final long FILETIME_UNIX_EPOCH = 116_444_736_000_000_000L;

    private static final String PENDING = "odjc.pending";
    private static final String SD_FLAGS = "odjc.sdFlags";
    private static final String HIDE_CONFIGURATION = "odjc.hideConfiguration";

    private final Schema schema;
    private final String domainName;
    private final DN domainNc;
    private final DN configurationNc;
    private final Sid domainSid;
    private final Clock clock;
    private final SecureRandom random;
    private final DN adminDn;
    private final Set<String> adminNames;
    private final byte[] adminToken;

    private final AtomicLong nextRid = new AtomicLong(FIRST_RID);
    private final AtomicLong usn;
    /** Who each connection is bound as; absent means anonymous. */
    private final Map<Long, DN> bound = new ConcurrentHashMap<>();
    /** Salted hashes of the passwords set through {@code unicodePwd}, by objectGUID (stable across renames). */
    private final Map<Guid, SaltedHash> passwords = new ConcurrentHashMap<>();
    /** Guards the look-up and reservation of unique names; the sets hold names of adds in flight. */
    private final Object names = new Object();
    private final Set<DN> pendingDns = new HashSet<>();
    private final Set<String> pendingSams = new HashSet<>();
    private final Set<String> pendingSpns = new HashSet<>();

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
        this.domainSid = domainSid;
        this.adminDn = adminDn;
        this.adminNames = Set.copyOf(adminNames);
        this.adminToken = adminToken.clone();
        this.clock = clock;
        this.random = random;
        this.usn = new AtomicLong(firstUsn);
    }

    /** The server whose data the rules read; set once, before it starts listening. */
    void attach(InMemoryDirectoryServer s) {
        this.server = s;
    }

    // ---- what the DC writes into every new object, also used for the objects of a fresh domain

    /**
     * Fills what the directory service maintains on a new object: the object classes with their
     * superclasses (AD returns the whole chain), the naming attributes, instanceType, objectCategory,
     * objectGUID (unless set: the domain object's is chosen at start), timestamps, USNs, and a
     * security descriptor owned by {@code owner}.
     */
    void stamp(Entry e, Sid owner) throws LDAPException {
        Instant now = clock.instant();
        String[] classes = objectClassChain(e.getObjectClassValues());
        e.setAttribute("objectClass", classes);
        RDN rdn = e.getParsedDN().getRDN();
        for (int i = 0; i < rdn.getAttributeNames().length; i++) {
            e.addAttribute(rdn.getAttributeNames()[i], rdn.getAttributeValues()[i]);
        }
        e.setAttribute("name", rdn.getAttributeValues()[0]);
        e.setAttribute("distinguishedName", e.getDN());
        e.setAttribute("instanceType", e.getParsedDN().equals(domainNc) || e.getParsedDN().equals(configurationNc)
                ? "5" : "4"); // 5: the head of a naming context, writable; 4: writable
        e.setAttribute("objectCategory",
                "CN=" + category(classes[classes.length - 1]) + ",CN=Schema," + configurationNc);
        if (!e.hasAttribute("objectGUID")) {
            e.setAttribute("objectGUID", guidBytes(randomGuid(random)));
        }
        e.setAttribute("whenCreated", generalizedTime(now));
        e.setAttribute("whenChanged", generalizedTime(now));
        String created = Long.toString(usn.incrementAndGet());
        e.setAttribute("uSNCreated", created);
        e.setAttribute("uSNChanged", created);
        if (!e.hasAttribute("nTSecurityDescriptor")) {
            e.setAttribute("nTSecurityDescriptor", defaultSecurityDescriptor(owner));
        }
    }

    /** The SAM's part of a new user or computer: SID, account type, primary group, flags, expiry. */
    void stampAccount(Entry e, Sid sid, boolean passwordGiven) {
        boolean computer = Arrays.stream(e.getObjectClassValues()).anyMatch("computer"::equalsIgnoreCase);
        e.setAttribute("objectSid", sid.toBinary());
        if (!e.hasAttribute("userAccountControl")) {
            // AD's defaults for an account added without flags: a workstation account, or a disabled user
            long uac = computer ? UF_WORKSTATION_TRUST_ACCOUNT | UF_PASSWD_NOTREQD
                    : UF_NORMAL_ACCOUNT | UF_PASSWD_NOTREQD | UF_ACCOUNTDISABLE;
            e.setAttribute("userAccountControl", Long.toString(uac));
        }
        long uac = Long.parseLong(e.getAttributeValue("userAccountControl"));
        boolean trust = (uac & (UF_WORKSTATION_TRUST_ACCOUNT | UF_SERVER_TRUST_ACCOUNT)) != 0;
        e.setAttribute("sAMAccountType", Long.toString(trust ? SAM_MACHINE_ACCOUNT : SAM_NORMAL_USER_ACCOUNT));
        if (!e.hasAttribute("primaryGroupID")) {
            long group = (uac & UF_SERVER_TRUST_ACCOUNT) != 0 ? RID_DOMAIN_CONTROLLERS
                    : (uac & UF_WORKSTATION_TRUST_ACCOUNT) != 0 ? RID_DOMAIN_COMPUTERS : RID_DOMAIN_USERS;
            e.setAttribute("primaryGroupID", Long.toString(group));
        }
        e.setAttribute("pwdLastSet", Long.toString(passwordGiven ? fileTime(clock.instant()) : 0));
        e.setAttribute("accountExpires", Long.toString(NEVER));
    }

    /** Keeps a salted hash of {@code utf16le} for the account {@code guid}; the caller wipes the bytes. */
    void setPassword(Guid guid, byte[] utf16le) {
        passwords.put(guid, SaltedHash.of(utf16le, random));
    }

    boolean passwordMatches(Guid guid, byte[] utf16le) {
        SaltedHash h = passwords.get(guid);
        return h != null && h.matches(utf16le);
    }

    long allocateRid() {
        return nextRid.getAndIncrement();
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
        byte[] utf16 = utf8ToUtf16Le(password.getValue());
        try {
            Guid admin = guidOf(adminDn);
            if (utf16 == null || !namesAdmin(bind.getBindDN()) || admin == null || !passwordMatches(admin, utf16)) {
                throw new LDAPException(ResultCode.INVALID_CREDENTIALS, BIND_FAILED);
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
            if (SYSTEM_ONLY.contains(a.getBaseName().toLowerCase(Locale.ROOT))) {
                throw new LDAPException(ResultCode.UNWILLING_TO_PERFORM, UNWILLING);
            }
        }
        boolean account = Arrays.stream(e.getObjectClassValues() == null ? new String[0] : e.getObjectClassValues())
                .anyMatch(c -> c.equalsIgnoreCase("user") || c.equalsIgnoreCase("computer"));
        byte[] password = null;
        if (e.hasAttribute("unicodePwd")) {
            if (!account) {
                throw new LDAPException(ResultCode.OBJECT_CLASS_VIOLATION, OBJECT_CLASS_VIOLATION);
            }
            password = unquotedPassword(e.getAttribute("unicodePwd").getValueByteArrays());
            e.removeAttribute("unicodePwd"); // write-only: never stored, so no search can return it
        }
        try {
            Pending pending = account ? reserveAccount(dn, e) : reserve(dn, null, List.of());
            try {
                stamp(e, ownerFor(creator));
                if (account) {
                    stampAccount(e, domainSid.withRid(allocateRid()), password != null);
                }
                Guid guid = Guid.fromWire(e.getAttributeValueBytes("objectGUID"), 0);
                pending = pending.with(guid, password == null ? null : SaltedHash.of(password, random));
                request.setProperty(PENDING, pending);
                request.setRequest(new AddRequest(e.getDN(), e.getAttributes(), withoutSdFlags(add.getControls())));
            } catch (LDAPException | RuntimeException ex) {
                release(pending);
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
            passwords.put(p.guid(), p.hash());
        }
        release(p); // stored or refused: from now on the directory itself holds the names, or nobody
    }

    /**
     * The checks on a new account, in this order: the parent and the DN, the sAMAccountName
     * anywhere in the domain (AD makes one up when the add has none), then each SPN.
     */
    private Pending reserveAccount(DN dn, Entry e) throws LDAPException {
        if (!e.hasAttribute("sAMAccountName")) {
            e.setAttribute("sAMAccountName", generatedAccountName());
        }
        String[] spns = e.getAttributeValues("servicePrincipalName");
        return reserve(dn, e.getAttributeValue("sAMAccountName"), spns == null ? List.of() : List.of(spns));
    }

    private Pending reserve(DN dn, String sam, List<String> spns) throws LDAPException {
        synchronized (names) {
            DN parent = dn.getParent();
            if (parent == null || server.getEntry(parent.toString(), "1.1") == null) {
                throw noSuchObject(dn);
            }
            if (pendingDns.contains(dn) || server.getEntry(dn.toString(), "1.1") != null) {
                throw new LDAPException(ResultCode.ENTRY_ALREADY_EXISTS, NAME_EXISTS);
            }
            if (sam != null && (pendingSams.contains(key(sam)) || exists("sAMAccountName", sam))) {
                throw new LDAPException(ResultCode.ENTRY_ALREADY_EXISTS, ACCOUNT_EXISTS);
            }
            for (String spn : spns) {
                if (pendingSpns.contains(key(spn)) || exists("servicePrincipalName", spn)) {
                    throw new LDAPException(ResultCode.CONSTRAINT_VIOLATION, SPN_EXISTS);
                }
            }
            pendingDns.add(dn);
            if (sam != null) {
                pendingSams.add(key(sam));
            }
            spns.forEach(s -> pendingSpns.add(key(s)));
            return new Pending(dn, sam, spns, null, null);
        }
    }

    private void release(Pending p) {
        synchronized (names) {
            if (p.dn() != null) {
                pendingDns.remove(p.dn());
            }
            if (p.sam() != null) {
                pendingSams.remove(key(p.sam()));
            }
            p.spns().forEach(s -> pendingSpns.remove(key(s)));
        }
    }

    /**
     * AD's default owner: an object a Domain Admin creates is owned by Domain Admins, anything else
     * by its creator. ({@code mS-DS-CreatorSID} is written only when the creation is charged to
     * {@code ms-DS-MachineAccountQuota}, never for an admin, so the embedded directory never sets it.)
     */
    private Sid ownerFor(DN creator) throws LDAPException {
        Sid domainAdmins = domainSid.withRid(RID_DOMAIN_ADMINS);
        Entry who = server.getEntry(creator.toString(), "objectSid");
        Sid sid = who == null ? null : sid(who.getAttributeValueBytes("objectSid"));
        return sid == null || tokenGroups(creator).contains(domainAdmins) ? domainAdmins : sid;
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
            throw noSuchObject(dn);
        }
        List<Modification> kept = new ArrayList<>();
        byte[] oldPassword = null;
        byte[] newPassword = null;
        String newSam = null;
        boolean reset = false;
        try {
            for (Modification m : modify.getModifications()) {
                String attribute = Attribute.getBaseName(m.getAttributeName()).toLowerCase(Locale.ROOT);
                if (SYSTEM_ONLY.contains(attribute)) {
                    throw new LDAPException(ResultCode.UNWILLING_TO_PERFORM, UNWILLING);
                }
                if (attribute.equals("unicodepwd")) {
                    if (!current.hasObjectClass("user")) {
                        throw new LDAPException(ResultCode.OBJECT_CLASS_VIOLATION, OBJECT_CLASS_VIOLATION);
                    }
                    byte[] value = unquotedPassword(m.getValueByteArrays());
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
                        throw new LDAPException(ResultCode.UNWILLING_TO_PERFORM, PASSWORD_REFUSED);
                    }
                    continue;
                }
                if (attribute.equals("samaccountname") && current.hasAttribute("sAMAccountName")) {
                    if (m.getModificationType() != ModificationType.REPLACE || m.getValues().length != 1) {
                        throw new LDAPException(ResultCode.UNWILLING_TO_PERFORM, UNWILLING);
                    }
                    newSam = m.getValues()[0];
                }
                kept.add(m);
            }
            if (oldPassword != null && newPassword == null) {
                throw new LDAPException(ResultCode.UNWILLING_TO_PERFORM, PASSWORD_REFUSED);
            }
            Guid guid = Guid.fromWire(current.getAttributeValueBytes("objectGUID"), 0);
            if (oldPassword != null && !passwordMatches(guid, oldPassword)) {
                throw new LDAPException(ResultCode.CONSTRAINT_VIOLATION, OLD_PASSWORD_WRONG);
            }
            Pending pending = new Pending(null, null, List.of(), guid,
                    newPassword == null ? null : SaltedHash.of(newPassword, random));
            if (newSam != null && !newSam.equalsIgnoreCase(current.getAttributeValue("sAMAccountName"))) {
                pending = reserveSam(newSam, pending);
            }
            Instant now = clock.instant();
            if (newPassword != null) {
                kept.add(new Modification(ModificationType.REPLACE, "pwdLastSet", Long.toString(fileTime(now))));
            }
            kept.add(new Modification(ModificationType.REPLACE, "whenChanged", generalizedTime(now)));
            kept.add(new Modification(ModificationType.REPLACE, "uSNChanged", Long.toString(usn.incrementAndGet())));
            request.setProperty(PENDING, pending);
            request.setRequest(new ModifyRequest(modify.getDN(), kept, withoutSdFlags(modify.getControls())));
        } finally {
            if (oldPassword != null) {
                Arrays.fill(oldPassword, (byte) 0);
            }
            if (newPassword != null) {
                Arrays.fill(newPassword, (byte) 0);
            }
        }
    }

    private Pending reserveSam(String sam, Pending pending) throws LDAPException {
        synchronized (names) {
            if (pendingSams.contains(key(sam)) || exists("sAMAccountName", sam)) {
                throw new LDAPException(ResultCode.ENTRY_ALREADY_EXISTS, ACCOUNT_EXISTS);
            }
            pendingSams.add(key(sam));
            return new Pending(null, sam, List.of(), pending.guid(), pending.hash());
        }
    }

    @Override
    public void processModifyResult(InMemoryInterceptedModifyResult result) {
        Pending p = (Pending) result.getProperty(PENDING);
        if (p == null) {
            return;
        }
        if (result.getResult().getResultCode() == ResultCode.SUCCESS && p.hash() != null) {
            passwords.put(p.guid(), p.hash());
        }
        release(p);
    }

    /** A deleted account's hash goes with it (and with a tree delete, every account below). */
    @Override
    public void processDeleteRequest(InMemoryInterceptedDeleteRequest request) throws LDAPException {
        requireBind(request);
        DN dn = parseDn(request.getRequest().getDN());
        if (server.getEntry(dn.toString(), "1.1") == null) {
            throw noSuchObject(dn);
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
            throw new LDAPException(ResultCode.NOT_ALLOWED_ON_NONLEAF, NOT_LEAF);
        }
        request.setProperty(PENDING, gone);
    }

    @Override
    public void processDeleteResult(InMemoryInterceptedDeleteResult result) {
        @SuppressWarnings("unchecked")
        List<Guid> gone = (List<Guid>) result.getProperty(PENDING);
        if (gone != null && result.getResult().getResultCode() == ResultCode.SUCCESS) {
            gone.forEach(passwords::remove);
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
        request.setProperty(SD_FLAGS, sdFlags(search.getControls()));
        search.setControls(withoutSdFlags(search.getControls()));
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
                    out.setAttribute("currentTime", generalizedTime(clock.instant()));
                }
                if (asks(asked, "highestCommittedUSN")) {
                    out.setAttribute("highestCommittedUSN", Long.toString(usn.get()));
                }
            }
            byte[] sd = out.getAttributeValueBytes("nTSecurityDescriptor");
            if (sd != null) {
                Object flags = result.getProperty(SD_FLAGS);
                out.setAttribute("nTSecurityDescriptor",
                        restrict(sd, flags == null ? DEFAULT_SD_FLAGS : (Integer) flags));
            }
            // constructed: returned only when asked for by name, and only on a base search
            if (dn != null && result.getRequest().getScope() == SearchScope.BASE
                    && explicitlyAsks(asked, "tokenGroups")) {
                List<byte[]> groups = new ArrayList<>();
                for (Sid g : tokenGroups(dn)) {
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

    /**
     * The transitive groups of an account, as AD's {@code tokenGroups}: its primary group (by RID)
     * and every group whose {@code member} names it or one of its groups, builtin ones included.
     */
    Set<Sid> tokenGroups(DN account) throws LDAPException {
        Entry e = server.getEntry(account.toString(), "objectSid", "primaryGroupID");
        Set<Sid> out = new LinkedHashSet<>();
        if (e == null || !e.hasAttribute("objectSid")) {
            return out;
        }
        Deque<String> todo = new ArrayDeque<>();
        todo.add(account.toString());
        Long primary = e.getAttributeValueAsLong("primaryGroupID");
        if (primary != null) {
            for (SearchResultEntry g : server.search(domainNc.toString(), SearchScope.SUB, Filter.createEqualityFilter(
                    "objectSid", domainSid.withRid(primary).toBinary()), "objectSid").getSearchEntries()) {
                if (out.add(sid(g.getAttributeValueBytes("objectSid")))) {
                    todo.add(g.getDN());
                }
            }
        }
        while (!todo.isEmpty()) {
            for (SearchResultEntry g : server.search(domainNc.toString(), SearchScope.SUB,
                    Filter.createEqualityFilter("member", todo.poll()), "objectSid").getSearchEntries()) {
                Sid sid = sid(g.getAttributeValueBytes("objectSid"));
                if (sid != null && out.add(sid)) {
                    todo.add(g.getDN());
                }
            }
        }
        return out;
    }

    // ---- helpers

    private DN requireBind(InMemoryInterceptedRequest request) throws LDAPException {
        DN who = bound.get(request.getConnectionID());
        if (who == null) {
            throw new LDAPException(ResultCode.OPERATIONS_ERROR, BIND_REQUIRED);
        }
        return who;
    }

    private Guid guidOf(DN dn) throws LDAPException {
        Entry e = server.getEntry(dn.toString(), "objectGUID");
        byte[] b = e == null ? null : e.getAttributeValueBytes("objectGUID");
        return b == null || b.length != Guid.WIRE_LENGTH ? null : Guid.fromWire(b, 0);
    }

    /** Whether any object of the domain has this value (an equality index makes it a look-up). */
    private boolean exists(String attribute, String value) throws LDAPException {
        return server.search(domainNc.toString(), SearchScope.SUB, Filter.createEqualityFilter(attribute, value), "1.1")
                .getEntryCount() > 0;
    }

    /** AD's answer for a missing object names the closest existing ancestor. */
    private LDAPException noSuchObject(DN dn) throws LDAPException {
        DN best = dn.getParent();
        while (best != null && !best.isNullDN() && server.getEntry(best.toString(), "1.1") == null) {
            best = best.getParent();
        }
        String matched = best == null ? "" : best.toString();
        return new LDAPException(ResultCode.NO_SUCH_OBJECT, "0000208D: NameErr: DSID-0310028B, "
                + "problem 2001 (NO_OBJECT), data 0, best match of:\n\t'" + matched + "'\n", matched, null);
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

    /** The classes with all their superclasses, top first, as AD stores {@code objectClass}. */
    private String[] objectClassChain(String[] given) throws LDAPException {
        if (given == null || given.length == 0) {
            throw new LDAPException(ResultCode.OBJECT_CLASS_VIOLATION, OBJECT_CLASS_VIOLATION);
        }
        List<String> chain = new ArrayList<>();
        ObjectClassDefinition deepest = null;
        for (String c : given) {
            ObjectClassDefinition d = schema.getObjectClass(c);
            if (d == null) {
                throw new LDAPException(ResultCode.OBJECT_CLASS_VIOLATION, OBJECT_CLASS_VIOLATION);
            }
            if (deepest == null || d.getSuperiorClasses(schema, true).contains(deepest)) {
                deepest = d;
            }
        }
        for (ObjectClassDefinition d = deepest; d != null; ) {
            chain.add(0, d.getNameOrOID());
            String[] sup = d.getSuperiorClasses();
            d = sup.length == 0 ? null : schema.getObjectClass(sup[0]);
        }
        return chain.toArray(new String[0]);
    }

    /** The schema object an {@code objectCategory} names, by the most specific class. */
    private static String category(String objectClass) {
        switch (objectClass.toLowerCase(Locale.ROOT)) {
            case "computer":
                return "Computer";
            case "user":
                return "Person";
            case "group":
                return "Group";
            case "organizationalunit":
                return "Organizational-Unit";
            case "domaindns":
                return "Domain-DNS";
            case "builtindomain":
                return "Builtin-Domain";
            case "crossref":
                return "Cross-Ref";
            case "crossrefcontainer":
                return "Cross-Ref-Container";
            case "dmd":
                return "DMD";
            case "configuration":
                return "Configuration";
            default:
                return "Container";
        }
    }

    /** AD's default SD of new objects, trimmed: owner, group, full control to admins and SYSTEM, read to users. */
    private byte[] defaultSecurityDescriptor(Sid owner) {
        Sid domainAdmins = domainSid.withRid(RID_DOMAIN_ADMINS);
        return securityDescriptor(owner, domainAdmins, List.of(new Ace(FULL_CONTROL, domainAdmins),
                new Ace(FULL_CONTROL, LOCAL_SYSTEM), new Ace(READ_DS, AUTHENTICATED_USERS)));
    }

    /** Like AD: {@code $} then six and twelve random characters, e.g. {@code $K31000-8GQ4JE4SN0V2}. */
    private String generatedAccountName() {
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUV";
        StringBuilder sb = new StringBuilder("$");
        for (int i = 0; i < 18; i++) {
            if (i == 6) {
                sb.append('-');
            }
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /** The SD_FLAGS a request asks for; without the control a DC returns owner, group and DACL. */
    private static int sdFlags(Control[] controls) throws LDAPException {
        for (Control c : controls) {
            if (SD_FLAGS_OID.equals(c.getOID())) {
                try {
                    ASN1Element[] seq = ASN1Sequence.decodeAsSequence(c.getValue().getValue()).elements();
                    return ASN1Integer.decodeAsInteger(seq[0]).intValue();
                } catch (Exception e) {
                    throw new LDAPException(ResultCode.PROTOCOL_ERROR, "00000057: LdapErr: DSID-0C090B0A, "
                            + "comment: Error processing control, data 0, v4563");
                }
            }
        }
        return DEFAULT_SD_FLAGS;
    }

    private static Control[] withoutSdFlags(Control[] controls) {
        return Arrays.stream(controls).filter(c -> !SD_FLAGS_OID.equals(c.getOID())).toArray(Control[]::new);
    }

    /**
     * A {@code unicodePwd} value: exactly one, the UTF-16LE of the password in double quotes
     * (MS-ADTS 3.1.1.3.1.5.1). Returns the UTF-16LE inside the quotes; the caller wipes it.
     */
    private static byte[] unquotedPassword(byte[][] values) throws LDAPException {
        if (values == null || values.length != 1) {
            throw new LDAPException(ResultCode.UNWILLING_TO_PERFORM, PASSWORD_REFUSED);
        }
        byte[] v = values[0];
        int n = v.length;
        if (n < 4 || n % 2 != 0 || v[0] != '"' || v[1] != 0 || v[n - 2] != '"' || v[n - 1] != 0) {
            throw new LDAPException(ResultCode.UNWILLING_TO_PERFORM, PASSWORD_REFUSED);
        }
        return Arrays.copyOfRange(v, 2, n - 2);
    }

    /** A simple bind's password is UTF-8 (RFC 4513 5.1.1); the DC compares its UTF-16. Null if malformed. */
    private static byte[] utf8ToUtf16Le(byte[] utf8) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(utf8));
            byte[] out = new byte[chars.remaining() * 2];
            for (int i = 0; chars.hasRemaining(); i += 2) {
                char c = chars.get();
                out[i] = (byte) c;
                out[i + 1] = (byte) (c >>> 8);
            }
            Arrays.fill(chars.array(), '\0');
            return out;
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean asks(List<String> asked, String attribute) {
        return asked.isEmpty() || asked.contains("*") || explicitlyAsks(asked, attribute);
    }

    private static boolean explicitlyAsks(List<String> asked, String attribute) {
        return asked.stream().anyMatch(attribute::equalsIgnoreCase);
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static Sid sid(byte[] binary) {
        try {
            return binary == null ? null : Sid.fromBinary(binary);
        } catch (ConnectorException e) {
            return null;
        }
    }

    /** AD's GeneralizedTime: seconds, a ".0" fraction, UTC. */
    static String generalizedTime(Instant t) {
        return GENERALIZED_TIME.format(t);
    }

    /** A FILETIME: 100-ns intervals since 1601-01-01 UTC, as pwdLastSet holds it. */
    static long fileTime(Instant t) {
        return FILETIME_UNIX_EPOCH + t.getEpochSecond() * 10_000_000L + t.getNano() / 100;
    }

    /** A random (version 4) GUID, as Windows' UuidCreate makes objectGUIDs. */
    static Guid randomGuid(SecureRandom random) {
        byte[] b = new byte[16];
        random.nextBytes(b);
        b[6] = (byte) ((b[6] & 0x0F) | 0x40);
        b[8] = (byte) ((b[8] & 0x3F) | 0x80);
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (b[i] & 0xFF);
            lsb = (lsb << 8) | (b[8 + i] & 0xFF);
        }
        return new Guid(new UUID(msb, lsb));
    }

    static byte[] guidBytes(Guid g) {
        byte[] b = new byte[Guid.WIRE_LENGTH];
        g.toWire(b, 0);
        return b;
    }

    // ---- security descriptors (MS-DTYP 2.4.6, self-relative; little-endian)

    private static final int SE_DACL_PRESENT = 0x0004;
    private static final int SE_SACL_PRESENT = 0x0010;
    private static final int SE_SELF_RELATIVE = 0x8000;
    private static final int SD_HEADER = 20;
    /** GENERIC_ALL as AD stores it for directory objects. */
    static final long FULL_CONTROL = 0x000F01FF;
    /** READ_CONTROL | LIST_OBJECT | READ_PROPERTY | LIST_CHILDREN. */
    static final long READ_DS = 0x00020094;
    static final Sid LOCAL_SYSTEM = new Sid(5, List.of(18L));
    static final Sid AUTHENTICATED_USERS = new Sid(5, List.of(11L));

    /** An ACCESS_ALLOWED_ACE (MS-DTYP 2.4.4.2) without inheritance flags. */
    record Ace(long mask, Sid trustee) {
    }

    /** Owner, group and a DACL of allow ACEs; ACL_REVISION 2 (no object ACEs). */
    static byte[] securityDescriptor(Sid owner, Sid group, List<Ace> dacl) {
        int aclSize = 8;
        for (Ace a : dacl) {
            aclSize += 8 + a.trustee().toBinary().length;
        }
        ByteBuffer acl = ByteBuffer.allocate(aclSize).order(ByteOrder.LITTLE_ENDIAN);
        acl.put((byte) 2).put((byte) 0).putShort((short) aclSize).putShort((short) dacl.size()).putShort((short) 0);
        for (Ace a : dacl) {
            byte[] sid = a.trustee().toBinary();
            acl.put((byte) 0).put((byte) 0).putShort((short) (8 + sid.length)).putInt((int) a.mask()).put(sid);
        }
        return selfRelative(SE_DACL_PRESENT, owner.toBinary(), group.toBinary(), null, acl.array());
    }

    /**
     * The parts of {@code sd} an SD_FLAGS value asks for, as a DC returns them: absent parts have
     * offset 0 and their PRESENT bit cleared.
     */
    static byte[] restrict(byte[] sd, int flags) {
        ByteBuffer in = ByteBuffer.wrap(sd).order(ByteOrder.LITTLE_ENDIAN);
        int control = in.getShort(2) & 0xFFFF;
        byte[] owner = (flags & OWNER_SECURITY_INFORMATION) != 0 ? sidAt(sd, in.getInt(4)) : null;
        byte[] group = (flags & GROUP_SECURITY_INFORMATION) != 0 ? sidAt(sd, in.getInt(8)) : null;
        byte[] sacl = (flags & SACL_SECURITY_INFORMATION) != 0 ? aclAt(sd, in.getInt(12)) : null;
        byte[] dacl = (flags & DACL_SECURITY_INFORMATION) != 0 ? aclAt(sd, in.getInt(16)) : null;
        control &= ~(SE_DACL_PRESENT | SE_SACL_PRESENT | SE_SELF_RELATIVE);
        return selfRelative(control | (dacl == null ? 0 : SE_DACL_PRESENT) | (sacl == null ? 0 : SE_SACL_PRESENT),
                owner, group, sacl, dacl);
    }

    private static byte[] selfRelative(int control, byte[] owner, byte[] group, byte[] sacl, byte[] dacl) {
        int size = SD_HEADER + length(owner) + length(group) + length(sacl) + length(dacl);
        ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        out.put((byte) 1).put((byte) 0).putShort((short) (control | SE_SELF_RELATIVE));
        int offset = SD_HEADER;
        for (byte[] part : new byte[][] {owner, group, sacl, dacl}) {
            out.putInt(part == null ? 0 : offset);
            offset += length(part);
        }
        for (byte[] part : new byte[][] {owner, group, sacl, dacl}) {
            if (part != null) {
                out.put(part);
            }
        }
        return out.array();
    }

    private static byte[] sidAt(byte[] sd, int offset) {
        return offset == 0 ? null : Arrays.copyOfRange(sd, offset, offset + 8 + 4 * (sd[offset + 1] & 0xFF));
    }

    private static byte[] aclAt(byte[] sd, int offset) {
        return offset == 0 ? null
                : Arrays.copyOfRange(sd, offset, offset + ((sd[offset + 2] & 0xFF) | (sd[offset + 3] & 0xFF) << 8));
    }

    private static int length(byte[] part) {
        return part == null ? 0 : part.length;
    }

    /** The names an add or modify reserved, and what to store once the server has the entry. */
    private record Pending(DN dn, String sam, List<String> spns, Guid guid, SaltedHash hash) {
        Pending with(Guid g, SaltedHash h) {
            return new Pending(dn, sam, spns, g, h);
        }
    }

    /** SHA-256 over a random salt and the password's UTF-16LE: enough to recognise it, not to recover it. */
    private record SaltedHash(byte[] salt, byte[] digest) {
        static SaltedHash of(byte[] utf16le, SecureRandom random) {
            byte[] salt = new byte[16];
            random.nextBytes(salt);
            return new SaltedHash(salt, digest(salt, utf16le));
        }

        boolean matches(byte[] utf16le) {
            return MessageDigest.isEqual(digest, digest(salt, utf16le));
        }

        private static byte[] digest(byte[] salt, byte[] utf16le) {
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                sha.update(salt);
                return sha.digest(utf16le);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-256", e);
            }
        }

        @Override
        public String toString() {
            return "SaltedHash[redacted]";
        }
    }
}
