package org.odjc.demo;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.odjc.domain.Sid;
import org.odjc.failure.ConnectorException;
import org.odjc.provisioning.DirectoryAccount;

/**
 * The SAM's rules for users and computers, as a DC applies them on every add and rename: the
 * objectSid from the domain's RID pool, sAMAccountType, primaryGroupID and the default
 * userAccountControl; a domain-wide unique {@code sAMAccountName} (made up, like AD, when an add
 * has none) and forest-wide unique SPNs; and {@code tokenGroups}, the transitive groups a bind's
 * token holds. The connector relies on each (it reads the SID back, and maps a taken name to its
 * own failure code), so the emulator enforces them. The userAccountControl bits the core knows are
 * the core's ({@link DirectoryAccount}).
 *
 * <p>Names that must be unique are checked and reserved under one lock until the server has stored
 * the entry (then the directory itself holds them, or nobody).
 */
final class SamAccounts {
    /** The first RID a fresh domain hands to accounts created after promotion. */
    static final long FIRST_RID = 1100;
    /** {@code accountExpires} of an account that never expires. */
    static final long NEVER = Long.MAX_VALUE;

    static final long RID_DOMAIN_ADMINS = 512;
    static final long RID_DOMAIN_USERS = 513;
    static final long RID_DOMAIN_COMPUTERS = 515;
    static final long RID_DOMAIN_CONTROLLERS = 516;
    // userAccountControl bits the core has no use for (MS-ADTS 2.2.16)
    static final long UF_PASSWD_NOTREQD = 0x20;
    static final long UF_NORMAL_ACCOUNT = 0x200;
    static final long UF_SERVER_TRUST_ACCOUNT = 0x2000;
    /** groupType's GROUP_TYPE_RESOURCE_GROUP: a domain-local (builtin) group. */
    static final long GROUP_TYPE_RESOURCE_GROUP = 0x4;
    static final long SAM_GROUP_OBJECT = 0x10000000L;
    static final long SAM_ALIAS_OBJECT = 0x20000000L;
    static final long SAM_NORMAL_USER_ACCOUNT = 0x30000000L;
    static final long SAM_MACHINE_ACCOUNT = 0x30000001L;

    /** The names an add or rename reserved until the server has stored (or refused) it. */
    record Reservation(DN dn, String sam, List<String> spns) {
        static final Reservation NONE = new Reservation(null, null, List.of());
    }

    private final Supplier<InMemoryDirectoryServer> server;
    private final DN domainNc;
    private final Sid domainSid;
    private final Clock clock;
    private final SecureRandom random;
    private final AtomicLong nextRid = new AtomicLong(FIRST_RID);
    /** Guards the look-up and reservation of unique names; the sets hold names of adds in flight. */
    private final Object names = new Object();
    private final Set<DN> pendingDns = new HashSet<>();
    private final Set<String> pendingSams = new HashSet<>();
    private final Set<String> pendingSpns = new HashSet<>();

    SamAccounts(Supplier<InMemoryDirectoryServer> server, DN domainNc, Sid domainSid, Clock clock, SecureRandom random) {
        this.server = server;
        this.domainNc = domainNc;
        this.domainSid = domainSid;
        this.clock = clock;
        this.random = random;
    }

    Sid domainAdmins() {
        return domainSid.withRid(RID_DOMAIN_ADMINS);
    }

    /** The next SID of the domain's RID pool. */
    Sid allocateSid() {
        return domainSid.withRid(nextRid.getAndIncrement());
    }

    static boolean isAccount(Entry e) {
        return Arrays.stream(e.getObjectClassValues() == null ? new String[0] : e.getObjectClassValues())
                .anyMatch(c -> c.equalsIgnoreCase("user") || c.equalsIgnoreCase("computer"));
    }

    /** The SAM's part of a new user or computer: SID, account type, primary group, flags, expiry. */
    void stamp(Entry e, Sid sid, boolean passwordGiven) {
        boolean computer = Arrays.stream(e.getObjectClassValues()).anyMatch("computer"::equalsIgnoreCase);
        e.setAttribute("objectSid", sid.toBinary());
        if (!e.hasAttribute("userAccountControl")) {
            // AD's defaults for an account added without flags: a workstation account, or a disabled user
            long uac = computer ? DirectoryAccount.WORKSTATION_TRUST_ACCOUNT | UF_PASSWD_NOTREQD
                    : UF_NORMAL_ACCOUNT | UF_PASSWD_NOTREQD | DirectoryAccount.ACCOUNTDISABLE;
            e.setAttribute("userAccountControl", Long.toString(uac));
        }
        long uac = Long.parseLong(e.getAttributeValue("userAccountControl"));
        boolean trust = (uac & (DirectoryAccount.WORKSTATION_TRUST_ACCOUNT | UF_SERVER_TRUST_ACCOUNT)) != 0;
        e.setAttribute("sAMAccountType", Long.toString(trust ? SAM_MACHINE_ACCOUNT : SAM_NORMAL_USER_ACCOUNT));
        if (!e.hasAttribute("primaryGroupID")) {
            long group = (uac & UF_SERVER_TRUST_ACCOUNT) != 0 ? RID_DOMAIN_CONTROLLERS
                    : (uac & DirectoryAccount.WORKSTATION_TRUST_ACCOUNT) != 0 ? RID_DOMAIN_COMPUTERS : RID_DOMAIN_USERS;
            e.setAttribute("primaryGroupID", Long.toString(group));
        }
        e.setAttribute("pwdLastSet", Long.toString(passwordGiven ? OperationalAttributes.fileTime(clock.instant()) : 0));
        e.setAttribute("accountExpires", Long.toString(NEVER));
    }

    /**
     * The checks on a new account, in this order: the parent and the DN, the sAMAccountName
     * anywhere in the domain (AD makes one up when the add has none), then each SPN.
     */
    Reservation reserveAccount(DN dn, Entry e) throws LDAPException {
        if (!e.hasAttribute("sAMAccountName")) {
            e.setAttribute("sAMAccountName", generatedAccountName());
        }
        String[] spns = e.getAttributeValues("servicePrincipalName");
        return reserve(dn, e.getAttributeValue("sAMAccountName"), spns == null ? List.of() : List.of(spns));
    }

    /** The checks on any new object: its parent exists and its DN is free. */
    Reservation reserveName(DN dn) throws LDAPException {
        return reserve(dn, null, List.of());
    }

    private Reservation reserve(DN dn, String sam, List<String> spns) throws LDAPException {
        synchronized (names) {
            DN parent = dn.getParent();
            if (parent == null || server.get().getEntry(parent.toString(), "1.1") == null) {
                throw AdErrors.noSuchObject(server.get(), dn);
            }
            if (pendingDns.contains(dn) || server.get().getEntry(dn.toString(), "1.1") != null) {
                throw new LDAPException(ResultCode.ENTRY_ALREADY_EXISTS, AdErrors.NAME_EXISTS);
            }
            if (sam != null && (pendingSams.contains(key(sam)) || exists("sAMAccountName", sam))) {
                throw new LDAPException(ResultCode.ENTRY_ALREADY_EXISTS, AdErrors.ACCOUNT_EXISTS);
            }
            for (String spn : spns) {
                if (pendingSpns.contains(key(spn)) || exists("servicePrincipalName", spn)) {
                    throw new LDAPException(ResultCode.CONSTRAINT_VIOLATION, AdErrors.SPN_EXISTS);
                }
            }
            pendingDns.add(dn);
            if (sam != null) {
                pendingSams.add(key(sam));
            }
            spns.forEach(s -> pendingSpns.add(key(s)));
            return new Reservation(dn, sam, spns);
        }
    }

    /** A new sAMAccountName of an existing account, checked like one in an add. */
    Reservation reserveSam(String sam) throws LDAPException {
        synchronized (names) {
            if (pendingSams.contains(key(sam)) || exists("sAMAccountName", sam)) {
                throw new LDAPException(ResultCode.ENTRY_ALREADY_EXISTS, AdErrors.ACCOUNT_EXISTS);
            }
            pendingSams.add(key(sam));
            return new Reservation(null, sam, List.of());
        }
    }

    void release(Reservation r) {
        synchronized (names) {
            if (r.dn() != null) {
                pendingDns.remove(r.dn());
            }
            if (r.sam() != null) {
                pendingSams.remove(key(r.sam()));
            }
            r.spns().forEach(s -> pendingSpns.remove(key(s)));
        }
    }

    /**
     * The transitive groups of an account, as AD's {@code tokenGroups}: its primary group (by RID)
     * and every group whose {@code member} names it or one of its groups, builtin ones included.
     */
    Set<Sid> tokenGroups(DN account) throws LDAPException {
        InMemoryDirectoryServer s = server.get();
        Entry e = s.getEntry(account.toString(), "objectSid", "primaryGroupID");
        Set<Sid> out = new LinkedHashSet<>();
        if (e == null || !e.hasAttribute("objectSid")) {
            return out;
        }
        Deque<String> todo = new ArrayDeque<>();
        todo.add(account.toString());
        Long primary = e.getAttributeValueAsLong("primaryGroupID");
        if (primary != null) {
            for (SearchResultEntry g : s.search(domainNc.toString(), SearchScope.SUB, Filter.createEqualityFilter(
                    "objectSid", domainSid.withRid(primary).toBinary()), "objectSid").getSearchEntries()) {
                if (out.add(sid(g.getAttributeValueBytes("objectSid")))) {
                    todo.add(g.getDN());
                }
            }
        }
        while (!todo.isEmpty()) {
            for (SearchResultEntry g : s.search(domainNc.toString(), SearchScope.SUB,
                    Filter.createEqualityFilter("member", todo.poll()), "objectSid").getSearchEntries()) {
                Sid sid = sid(g.getAttributeValueBytes("objectSid"));
                if (sid != null && out.add(sid)) {
                    todo.add(g.getDN());
                }
            }
        }
        return out;
    }

    /**
     * AD's default owner: an object a Domain Admin creates is owned by Domain Admins, anything else
     * by its creator. ({@code mS-DS-CreatorSID} is written only when the creation is charged to
     * {@code ms-DS-MachineAccountQuota}, never for an admin, so the embedded directory never sets it.)
     */
    Sid ownerFor(DN creator) throws LDAPException {
        Entry who = server.get().getEntry(creator.toString(), "objectSid");
        Sid sid = who == null ? null : sid(who.getAttributeValueBytes("objectSid"));
        return sid == null || tokenGroups(creator).contains(domainAdmins()) ? domainAdmins() : sid;
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

    /** Whether any object of the domain has this value (an equality index makes it a look-up). */
    private boolean exists(String attribute, String value) throws LDAPException {
        return server.get().search(domainNc.toString(), SearchScope.SUB, Filter.createEqualityFilter(attribute, value),
                "1.1").getEntryCount() > 0;
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    static Sid sid(byte[] binary) {
        try {
            return binary == null ? null : Sid.fromBinary(binary);
        } catch (ConnectorException e) {
            return null;
        }
    }
}
