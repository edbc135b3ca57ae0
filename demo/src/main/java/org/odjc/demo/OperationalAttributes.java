package org.odjc.demo;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.schema.ObjectClassDefinition;
import com.unboundid.ldap.sdk.schema.Schema;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.odjc.domain.Guid;
import org.odjc.domain.Sid;

/**
 * What AD's directory service agent maintains itself, on every object and on the rootDSE: the
 * whole objectClass chain, the naming attributes, instanceType, objectCategory, objectGUID, the
 * timestamps and USNs, the default security descriptor; and the rootDSE's constructed
 * {@code currentTime} (the diagnostics' clock check) and {@code highestCommittedUSN}. A client may
 * not write any of them; the connector reads several back, so the emulator fills them as a DC does.
 */
final class OperationalAttributes {
    /** Attributes the DC maintains; a client that writes them is refused. */
    private static final Set<String> SYSTEM_ONLY = Set.of("objectsid", "objectguid", "whencreated", "whenchanged",
            "usncreated", "usnchanged", "samaccounttype", "distinguishedname", "name", "ms-ds-creatorsid",
            "tokengroups", "instancetype");
    private static final DateTimeFormatter GENERALIZED_TIME =
            DateTimeFormatter.ofPattern("uuuuMMddHHmmss'.0Z'").withZone(ZoneOffset.UTC);
    /** 100-ns intervals between 1601-01-01 (FILETIME's epoch) and 1970-01-01. */
    private static final long FILETIME_UNIX_EPOCH = 116_444_736_000_000_000L;

    private final Schema schema;
    private final DN domainNc;
    private final DN configurationNc;
    private final Sid domainAdmins;
    private final Clock clock;
    private final SecureRandom random;
    private final AtomicLong usn;

    OperationalAttributes(Schema schema, DN domainNc, DN configurationNc, Sid domainAdmins, Clock clock,
            SecureRandom random, long firstUsn) {
        this.schema = schema;
        this.domainNc = domainNc;
        this.configurationNc = configurationNc;
        this.domainAdmins = domainAdmins;
        this.clock = clock;
        this.random = random;
        this.usn = new AtomicLong(firstUsn);
    }

    static boolean systemOnly(String attribute) {
        return SYSTEM_ONLY.contains(attribute.toLowerCase(Locale.ROOT));
    }

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
            e.setAttribute("nTSecurityDescriptor", AdSecurityDescriptors.defaultFor(owner, domainAdmins));
        }
    }

    /** The next change's USN. */
    long nextUsn() {
        return usn.incrementAndGet();
    }

    /** The rootDSE's {@code highestCommittedUSN}. */
    long highestCommittedUsn() {
        return usn.get();
    }

    /** The rootDSE's {@code currentTime}. */
    String currentTime() {
        return generalizedTime(clock.instant());
    }

    /** The classes with all their superclasses, top first, as AD stores {@code objectClass}. */
    private String[] objectClassChain(String[] given) throws LDAPException {
        if (given == null || given.length == 0) {
            throw new LDAPException(ResultCode.OBJECT_CLASS_VIOLATION, AdErrors.OBJECT_CLASS_VIOLATION);
        }
        List<String> chain = new ArrayList<>();
        ObjectClassDefinition deepest = null;
        for (String c : given) {
            ObjectClassDefinition d = schema.getObjectClass(c);
            if (d == null) {
                throw new LDAPException(ResultCode.OBJECT_CLASS_VIOLATION, AdErrors.OBJECT_CLASS_VIOLATION);
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
}
