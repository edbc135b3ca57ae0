package org.odjc.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPResult;
import com.unboundid.ldap.sdk.ResultCode;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

/**
 * The classifier against diagnostic texts as DCs send them. "Samba" rows were captured from the
 * Samba 4.17 DC of scripts/samba-dc on 2026-11-30 (ldapadd/ldapwhoami); "AD" rows are the texts
 * Windows Server DCs return, as Microsoft documents them (the quota text is what a Samba DC can
 * never produce, since it does not enforce ms-DS-MachineAccountQuota).
 */
class AdResultClassifierTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "AD quota exceeded  | 53 | 0000216D: SvcErr: DSID-031A1236, problem 5003 (WILL_NOT_PERFORM), data 0 | AD-001",
        "AD no rights       | 50 | 00000005: SecErr: DSID-03152857, problem 4003 (INSUFF_ACCESS_RIGHTS), data 0 | AD-002",
        "Samba no rights    | 50 | 00002098: acl: unable to get access to CN=X,OU=Y,DC=corp,DC=example,DC=test | AD-002",
        "Samba bad password | 49 | 80090308: LdapErr: DSID-0C0903A9, comment: AcceptSecurityContext error, data 52e, v1db1 | AD-007",
        "AD no such user    | 49 | 80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 525, v4563 | AD-007",
        "AD pwd expired     | 49 | 80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 532, v4563 | AD-008",
        "AD must change     | 49 | 80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 773, v4563 | AD-008",
        "AD disabled        | 49 | 80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 533, v4563 | AD-009",
        "AD expired account | 49 | 80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 701, v4563 | AD-009",
        "AD locked out      | 49 | 80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 775, v4563 | AD-009",
        "Samba plain bind   | 8  | BindSimple: Transport encryption required. | AD-011",
        "AD plain unicodePwd| 53 | 0000001F: SvcErr: DSID-031A12D2, problem 5003 (WILL_NOT_PERFORM), data 0 | AD-011",
        "Samba no parent    | 32 | '00002030: objectclass: Cannot add CN=X1,OU=Nope,DC=corp,DC=example,DC=test, parent does not exist!' | AD-004",
        "Samba dup sam      | 68 | 00002071: samldb: samAccountName 'XDUP$' already in use! | AD-005",
        "Samba dup dn       | 68 | Entry CN=XDUP,CN=Computers,DC=corp,DC=example,DC=test already exists | AD-005",
        "Samba spn conflict | 19 | 0000202F: samldb: spn[HOST/ODJDUP1] would cause a conflict | AD-019",
        "AD spn not unique  | 19 | 000021C7: AtrErr: DSID-03200BBA, #1: 0: 000021C7: DSID-03200BBA, problem 1005 (CONSTRAINT_ATT_TYPE), data 0, Att 90303 (servicePrincipalName) | AD-019",
        "AD other constraint| 19 | 0000052D: Constraint violation - check_password_restrictions | AD-003",
        "AD other unwilling | 53 | 00000057: SvcErr: DSID-031A1236, problem 5003 (WILL_NOT_PERFORM), data 0 | AD-013",
        "busy               | 51 | '' | AD-006",
        "server down        | 81 | '' | AD-006",
        "timeout            | 85 | '' | AD-006",
        "connect error      | 91 | '' | AD-006",
        "something new      | 80 | 'other' | AD-014",
    })
    void mapsWhatTheDcSaidToAPermanentCode(String what, int resultCode, String diagnostic, String expected) {
        // as the SDK builds it from the server's reply: the text is the result's diagnostic message
        LDAPResult reply = new LDAPResult(1, ResultCode.valueOf(resultCode), diagnostic, null, (String[]) null, null);
        ConnectorException e = AdResultClassifier.classify(new LDAPException(reply), "adding CN=X");
        assertThat(e.code().id()).as(what).isEqualTo(expected);
        assertThat(e.getMessage()).startsWith(expected + " ").contains("adding CN=X");
    }

    @Test
    void aCertificateFailureIsATrustProblemWhateverTheResultCode() {
        LDAPException e = new LDAPException(ResultCode.CONNECT_ERROR, "connect failed",
                new SSLHandshakeException("PKIX path building failed"));
        assertThat(AdResultClassifier.classify(e, "connecting").code()).isEqualTo(FailureCode.AD_TLS_UNTRUSTED);
    }

    @Test
    void kerberosMessagesFromTheJdkHaveTheirOwnCodes() {
        assertThat(kerberos("Clock skew too great (37)")).isEqualTo(FailureCode.AD_KERBEROS_CLOCK_SKEW);
        assertThat(kerberos("Pre-authentication information was invalid (24)")).isEqualTo(FailureCode.AD_KERBEROS_CREDENTIALS);
        assertThat(kerberos("Client not found in Kerberos database (6)")).isEqualTo(FailureCode.AD_KERBEROS_CREDENTIALS);
    }

    private static FailureCode kerberos(String message) {
        LDAPException e = new LDAPException(ResultCode.LOCAL_ERROR, "GSSAPI",
                new javax.security.auth.login.LoginException(message));
        return AdResultClassifier.classify(e, "binding").code();
    }
}
