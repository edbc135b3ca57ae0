package org.odjc.ldap;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

/**
 * The one place that reads AD's (and Samba's) LDAP result codes and diagnostic texts and turns
 * them into permanent failure codes. Texts seen in practice (tests hold the captured strings):
 * <ul>
 * <li>bind, both: {@code 80090308: LdapErr: DSID-0C0903A9, comment: AcceptSecurityContext error, data 52e, v1db1};
 *     the {@code data} value is the Win32 error (52e bad password, 525 no such user, 530/531 logon
 *     hours/workstation, 532 password expired, 533 disabled, 701 account expired, 773 must change,
 *     775 locked out);</li>
 * <li>quota, AD: {@code 0000216D: SvcErr: DSID-031A1236, problem 5003 (WILL_NOT_PERFORM), data 0}
 *     (ERROR_DS_MACHINE_ACCOUNT_QUOTA_EXCEEDED; Samba does not enforce the quota);</li>
 * <li>unicodePwd over a plain connection, AD: {@code 0000001F: SvcErr: … problem 5003 (WILL_NOT_PERFORM)};
 *     a simple bind over plain LDAP, Samba: result 8, {@code BindSimple: Transport encryption required.};</li>
 * <li>Samba, missing parent: {@code 00002030: objectclass: Cannot add …, parent does not exist!};
 *     duplicate name: {@code 00002071: samldb: samAccountName 'X$' already in use!} (result 68);
 *     no rights: {@code acl: unable to get access to …} (result 50).</li>
 * </ul>
 * Kerberos failures arrive as local errors whose cause carries the JDK's Kerberos message.
 */
public final class AdResultClassifier {
    private static final Pattern DATA = Pattern.compile("data ([0-9a-fA-F]{1,8})\\b");
    private static final Pattern WIN32_PREFIX = Pattern.compile("^([0-9A-Fa-f]{8}):");

    private AdResultClassifier() {
    }

    /** The coded failure for {@code e}; {@code context} says what was being done (no secrets). */
    public static ConnectorException classify(LDAPException e, String context) {
        ResultCode rc = e.getResultCode();
        String diagnostic = e.getDiagnosticMessage() == null ? "" : e.getDiagnosticMessage().strip();
        String detail = context + ": " + rc.getName() + " (" + rc.intValue() + ")"
                + (diagnostic.isEmpty() ? messageOf(e) : ": " + diagnostic);
        return new ConnectorException(code(rc, diagnostic, e), detail, e);
    }

    static FailureCode code(ResultCode rc, String diagnostic, Throwable cause) {
        String win32 = win32Error(diagnostic);
        if ("0000216d".equals(win32)) {
            return FailureCode.AD_QUOTA_EXCEEDED;
        }
        FailureCode tls = tlsFailure(cause);
        if (tls != null) {
            return tls;
        }
        FailureCode kerberos = kerberosFailure(cause);
        if (kerberos != null) {
            return kerberos;
        }
        switch (rc.intValue()) {
            case 49: // invalidCredentials
                return bindFailure(dataCode(diagnostic));
            case 50: // insufficientAccessRights
                return FailureCode.AD_INSUFFICIENT_ACCESS;
            case 19: // constraintViolation; Samba: 0000202F: samldb: spn[HOST/X] would cause a conflict
                return isSpnConflict(diagnostic) ? FailureCode.AD_SPN_CONFLICT : FailureCode.AD_CONSTRAINT_VIOLATION;
            case 32: // noSuchObject
                return FailureCode.AD_NO_SUCH_OBJECT;
            case 68: // entryAlreadyExists: the DN, or (AD 00000524, Samba 00002071) the sAMAccountName
                return FailureCode.AD_ALREADY_EXISTS;
            case 8: // strongAuthRequired
            case 13: // confidentialityRequired
                return FailureCode.AD_ENCRYPTION_REQUIRED;
            case 53: // unwillingToPerform
                return "0000001f".equals(win32) ? FailureCode.AD_ENCRYPTION_REQUIRED : FailureCode.AD_UNWILLING;
            case 51: // busy
            case 52: // unavailable
            case 3: // timeLimitExceeded
            case 81: // server down (client side)
            case 85: // timeout (client side)
            case 91: // connect error (client side)
                return FailureCode.AD_DC_UNREACHABLE;
            default:
                return FailureCode.AD_UNEXPECTED;
        }
    }

    /**
     * Samba names the SPN ({@code spn[HOST/X] would cause a conflict}); AD since 2012 R2 reports
     * ERROR_DS_SPN_VALUE_NOT_UNIQUE_IN_FOREST (8647, 0x21C7) on servicePrincipalName (MS-ADTS
     * 3.1.1.5.1.3).
     */
    private static boolean isSpnConflict(String diagnostic) {
        return diagnostic.contains("spn[") || "000021c7".equals(win32Error(diagnostic));
    }

    private static FailureCode bindFailure(String data) {
        if (data == null) {
            return FailureCode.AD_BIND_INVALID;
        }
        switch (data) {
            case "532":
            case "773":
                return FailureCode.AD_BIND_PASSWORD_EXPIRED;
            case "530":
            case "531":
            case "533":
            case "701":
            case "775":
                return FailureCode.AD_BIND_ACCOUNT_RESTRICTED;
            default: // 52e, 525 and anything new
                return FailureCode.AD_BIND_INVALID;
        }
    }

    /** The {@code data XXX} of an AcceptSecurityContext error, lower case; null if none. */
    static String dataCode(String diagnostic) {
        Matcher m = DATA.matcher(diagnostic);
        return m.find() ? m.group(1).toLowerCase(Locale.ROOT) : null;
    }

    /** The leading {@code XXXXXXXX:} Win32/DS error of a diagnostic text, lower case; null if none. */
    static String win32Error(String diagnostic) {
        Matcher m = WIN32_PREFIX.matcher(diagnostic);
        return m.find() ? m.group(1).toLowerCase(Locale.ROOT) : null;
    }

    private static FailureCode tlsFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SSLException || c instanceof java.security.cert.CertificateException) {
                return FailureCode.AD_TLS_UNTRUSTED;
            }
            String m = c.getMessage() == null ? "" : c.getMessage();
            // HostNameSSLSocketVerifier reports a name mismatch as a connect error without an SSLException
            if (m.contains("not valid for") && m.contains("certificate") || m.contains("hostname verification")) {
                return FailureCode.AD_TLS_UNTRUSTED;
            }
        }
        return null;
    }

    /** JDK Kerberos messages (sun.security.krb5.KrbException texts, javax.security.auth.login). */
    private static FailureCode kerberosFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = c.getMessage() == null ? "" : c.getMessage();
            if (m.contains("Clock skew too great")) {
                return FailureCode.AD_KERBEROS_CLOCK_SKEW;
            }
            if (m.contains("Cannot contact any KDC") || m.contains("Receive timed out") && isKerberos(c)) {
                return FailureCode.AD_KERBEROS_KDC_UNREACHABLE;
            }
            if (m.contains("Pre-authentication information was invalid") || m.contains("Checksum failed")
                    || m.contains("Integrity check on decrypted field failed")
                    || m.contains("Unable to obtain password from user")
                    || m.contains("Client not found in Kerberos database")
                    || m.contains("No key to store") || m.contains("Cannot find key of appropriate type")) {
                return FailureCode.AD_KERBEROS_CREDENTIALS;
            }
        }
        return null;
    }

    private static boolean isKerberos(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getClass().getName().contains("krb5") || c instanceof javax.security.auth.login.LoginException) {
                return true;
            }
        }
        return false;
    }

    private static String messageOf(LDAPException e) {
        String m = e.getExceptionMessage();
        return m == null || m.isBlank() ? "" : ": " + m;
    }
}
