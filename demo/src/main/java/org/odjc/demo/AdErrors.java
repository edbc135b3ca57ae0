package org.odjc.demo;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;

/**
 * AD's result codes and diagnostic texts for the refusals the emulator makes: the Win32 error,
 * which {@code AdResultClassifier} reads, then the DSID (where in the DC's code: it differs between
 * Windows builds; these come from captured messages), the problem and data fields. The connector
 * decides by these texts, so they are AD's, not the in-memory server's.
 */
final class AdErrors {
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
    /** ERROR_DS_UNWILLING_TO_PERFORM: e.g. a client writing an attribute only the DC may set. */
    static final String UNWILLING = "00002035: SvcErr: DSID-031A1254, problem 5003 (WILL_NOT_PERFORM), data 0\n";
    static final String NOT_LEAF = "0000208C: UpdErr: DSID-030F0F2A, problem 6003 (CANT_ON_NON_LEAF), data 0\n";
    static final String OBJECT_CLASS_VIOLATION =
            "00002014: UpdErr: DSID-03151785, problem 6002 (OBJ_CLASS_VIOLATION), data 0\n";

    private AdErrors() {
    }

    /** AD's answer for a missing object names the closest existing ancestor. */
    static LDAPException noSuchObject(InMemoryDirectoryServer server, DN dn) throws LDAPException {
        DN best = dn.getParent();
        while (best != null && !best.isNullDN() && server.getEntry(best.toString(), "1.1") == null) {
            best = best.getParent();
        }
        String matched = best == null ? "" : best.toString();
        return new LDAPException(ResultCode.NO_SUCH_OBJECT, "0000208D: NameErr: DSID-0310028B, "
                + "problem 2001 (NO_OBJECT), data 0, best match of:\n\t'" + matched + "'\n", matched, null);
    }
}
