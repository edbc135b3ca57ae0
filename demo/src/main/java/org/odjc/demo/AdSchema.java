package org.odjc.demo;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.schema.Schema;
import com.unboundid.ldif.LDIFException;

/**
 * The part of Active Directory's schema the demo touches, with AD's attribute and class OIDs
 * (MS-ADA1/2/3, MS-ADSC), so the in-memory server refuses what a DC refuses: an attribute a class
 * does not allow (a misspelt name in an add, {@code unicodePwd} on an OU), a second value of a
 * single-valued attribute, an object class it does not know. Matching follows AD: names compare
 * case-insensitively, SIDs and GUIDs as octets, DNs as DNs, numbers as integers.
 *
 * <p>Syntaxes are the RFC 4517 ones the SDK can check; AD announces its own OIDs for a few of them
 * (Large Integer {@code 1.2.840.113556.1.4.906} for USNs and FILETIMEs, NT-Sec-Desc {@code …907}),
 * which only change what a schema browser shows. DN-Binary ({@code …903}) has no RFC counterpart.
 * The class hierarchy is AD's; the MUST lists are what a DC enforces on an add after it filled in
 * its own attributes, simplified where AD uses auxiliary classes (securityPrincipal, samDomain).
 */
final class AdSchema {
    private static final String STRING =
            "EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15";
    private static final String OCTETS = "EQUALITY octetStringMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.40";
    private static final String INTEGER =
            "EQUALITY integerMatch ORDERING integerOrderingMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.27";
    private static final String DN = "EQUALITY distinguishedNameMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.12";
    private static final String TIME =
            "EQUALITY generalizedTimeMatch ORDERING generalizedTimeOrderingMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.24";
    private static final String BOOLEAN = "EQUALITY booleanMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.7";
    private static final String DN_BINARY = "EQUALITY caseIgnoreMatch SYNTAX 1.2.840.113556.1.4.903";

    private static final String[][] ATTRIBUTES = {
        // {OID, name, matching and syntax, "1" when single-valued}
        {"2.5.4.0", "objectClass", "EQUALITY objectIdentifierMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.38", ""},
        {"2.5.4.3", "cn", STRING, "1"},
        {"2.5.4.11", "ou", STRING, ""},
        {"0.9.2342.19200300.100.1.25", "dc", STRING, "1"},
        {"1.2.840.113556.1.4.1", "name", STRING, "1"},
        {"2.5.4.13", "description", STRING, ""},
        {"2.5.4.49", "distinguishedName", DN, "1"},
        {"1.2.840.113556.1.2.1", "instanceType", INTEGER, "1"},
        {"1.2.840.113556.1.4.782", "objectCategory", DN, "1"},
        {"1.2.840.113556.1.4.2", "objectGUID", OCTETS, "1"},
        {"1.2.840.113556.1.4.146", "objectSid", OCTETS, "1"},
        {"1.2.840.113556.1.2.2", "whenCreated", TIME, "1"},
        {"1.2.840.113556.1.2.3", "whenChanged", TIME, "1"},
        {"1.2.840.113556.1.2.19", "uSNCreated", INTEGER, "1"},
        {"1.2.840.113556.1.2.120", "uSNChanged", INTEGER, "1"},
        {"1.2.840.113556.1.2.281", "nTSecurityDescriptor", OCTETS, "1"},
        {"1.2.840.113556.1.4.375", "systemFlags", INTEGER, "1"},
        {"1.2.840.113556.1.4.868", "isCriticalSystemObject", BOOLEAN, "1"},
        {"1.2.840.113556.1.2.169", "showInAdvancedViewOnly", BOOLEAN, "1"},
        {"1.2.840.113556.1.4.618", "wellKnownObjects", DN_BINARY, ""},
        {"1.2.840.113556.1.4.1411", "ms-DS-MachineAccountQuota", INTEGER, "1"},
        {"1.2.840.113556.1.4.221", "sAMAccountName", STRING, "1"},
        {"1.2.840.113556.1.4.302", "sAMAccountType", INTEGER, "1"},
        {"1.2.840.113556.1.4.656", "userPrincipalName", STRING, "1"},
        {"1.2.840.113556.1.4.8", "userAccountControl", INTEGER, "1"},
        {"1.2.840.113556.1.4.98", "primaryGroupID", INTEGER, "1"},
        {"1.2.840.113556.1.4.96", "pwdLastSet", INTEGER, "1"},
        {"1.2.840.113556.1.4.159", "accountExpires", INTEGER, "1"},
        {"1.2.840.113556.1.4.150", "adminCount", INTEGER, "1"},
        {"1.2.840.113556.1.4.90", "unicodePwd", OCTETS, "1"},
        {"1.2.840.113556.1.4.619", "dNSHostName", STRING, "1"},
        {"1.2.840.113556.1.4.771", "servicePrincipalName", STRING, ""},
        {"1.2.840.113556.1.4.1410", "mS-DS-CreatorSID", OCTETS, "1"},
        {"1.2.840.113556.1.4.1963", "msDS-SupportedEncryptionTypes", INTEGER, "1"},
        {"1.2.840.113556.1.4.1301", "tokenGroups", OCTETS, ""},
        {"2.5.4.31", "member", DN, ""},
        {"1.2.840.113556.1.2.102", "memberOf", DN, ""},
        {"1.2.840.113556.1.4.750", "groupType", INTEGER, "1"},
        {"1.2.840.113556.1.2.16", "nCName", DN, "1"},
        {"1.2.840.113556.1.4.87", "nETBIOSName", STRING, "1"},
        {"1.2.840.113556.1.4.28", "dnsRoot", STRING, ""},
    };

    private static final String[] CLASSES = {
        "( 2.5.6.0 NAME 'top' ABSTRACT MUST objectClass MAY ( cn $ name $ description $ distinguishedName $ "
            + "instanceType $ objectCategory $ objectGUID $ whenCreated $ whenChanged $ uSNCreated $ uSNChanged $ "
            + "nTSecurityDescriptor $ systemFlags $ isCriticalSystemObject $ showInAdvancedViewOnly $ memberOf ) )",
        "( 1.2.840.113556.1.5.66 NAME 'domain' SUP top ABSTRACT MUST dc )",
        "( 1.2.840.113556.1.5.67 NAME 'domainDNS' SUP domain STRUCTURAL "
            + "MAY ( objectSid $ wellKnownObjects $ ms-DS-MachineAccountQuota ) )",
        "( 1.2.840.113556.1.3.23 NAME 'container' SUP top STRUCTURAL MUST cn )",
        "( 1.2.840.113556.1.5.4 NAME 'builtinDomain' SUP top STRUCTURAL MAY objectSid )",
        "( 2.5.6.5 NAME 'organizationalUnit' SUP top STRUCTURAL MUST ou )",
        "( 2.5.6.6 NAME 'person' SUP top STRUCTURAL MUST cn )",
        "( 2.5.6.7 NAME 'organizationalPerson' SUP person STRUCTURAL )",
        "( 1.2.840.113556.1.5.9 NAME 'user' SUP organizationalPerson STRUCTURAL "
            + "MUST ( objectSid $ sAMAccountName ) MAY ( sAMAccountType $ userPrincipalName $ userAccountControl $ "
            + "primaryGroupID $ pwdLastSet $ accountExpires $ adminCount $ unicodePwd $ servicePrincipalName $ "
            + "msDS-SupportedEncryptionTypes $ tokenGroups ) )",
        "( 1.2.840.113556.1.3.30 NAME 'computer' SUP user STRUCTURAL MAY ( dNSHostName $ mS-DS-CreatorSID ) )",
        "( 1.2.840.113556.1.5.8 NAME 'group' SUP top STRUCTURAL MUST ( groupType $ objectSid $ sAMAccountName ) "
            + "MAY ( member $ sAMAccountType $ adminCount ) )",
        "( 1.2.840.113556.1.5.12 NAME 'configuration' SUP top STRUCTURAL MUST cn )",
        "( 1.2.840.113556.1.3.9 NAME 'dMD' SUP top STRUCTURAL MUST cn )",
        "( 1.2.840.113556.1.5.7000.53 NAME 'crossRefContainer' SUP top STRUCTURAL )",
        "( 1.2.840.113556.1.3.11 NAME 'crossRef' SUP top STRUCTURAL MUST ( cn $ nCName $ dnsRoot ) MAY nETBIOSName )",
    };

    private AdSchema() {
    }

    static Schema schema() {
        String[] ldif = new String[4 + ATTRIBUTES.length + CLASSES.length];
        int i = 0;
        ldif[i++] = "dn: cn=schema";
        ldif[i++] = "objectClass: top";
        ldif[i++] = "objectClass: subschema";
        ldif[i++] = "cn: schema";
        for (String[] a : ATTRIBUTES) {
            ldif[i++] = "attributeTypes: ( " + a[0] + " NAME '" + a[1] + "' " + a[2]
                    + ("1".equals(a[3]) ? " SINGLE-VALUE" : "") + " )";
        }
        for (String c : CLASSES) {
            ldif[i++] = "objectClasses: " + c;
        }
        try {
            return new Schema(new Entry(ldif));
        } catch (LDIFException e) {
            throw new IllegalStateException("the embedded AD schema does not parse", e);
        }
    }
}
