package org.odjc.provisioning;

import java.util.Objects;
import java.util.Optional;

/**
 * How to reach and authenticate to a domain's DCs. Secrets are referenced, never held: a file
 * path or an environment variable for the bind password, a keytab path for Kerberos.
 *
 * @param user simple bind: the UPN, e.g. {@code svc-odjc@corp.example.com}
 * @param passwordFile simple bind: a file holding the password (one trailing newline ignored)
 * @param passwordEnv simple bind: an environment variable holding it
 * @param keytab Kerberos: the keytab holding the principal's keys
 * @param principal Kerberos: e.g. {@code svc-odjc@CORP.EXAMPLE.COM}
 * @param krb5Conf Kerberos: a krb5.conf to use instead of the system's; empty for the DC found
 * @param caFile PEM CA certificates to trust instead of the system trust store
 * @param insecureSkipTlsVerify trust any certificate: for labs only, loudly logged
 */
public record DirectoryAccess(
        BindMode mode,
        Optional<String> user,
        Optional<String> passwordFile,
        Optional<String> passwordEnv,
        Optional<String> keytab,
        Optional<String> principal,
        Optional<String> krb5Conf,
        Optional<String> caFile,
        boolean insecureSkipTlsVerify) {

    /** LDAPS (636) or StartTLS (389) with a simple bind, or Kerberos (SASL GSSAPI with sealing) on 389. */
    public enum BindMode {
        LDAPS, STARTTLS, KERBEROS
    }

    public DirectoryAccess {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(passwordFile, "passwordFile");
        Objects.requireNonNull(passwordEnv, "passwordEnv");
        Objects.requireNonNull(keytab, "keytab");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(krb5Conf, "krb5Conf");
        Objects.requireNonNull(caFile, "caFile");
    }

    /** What is missing or contradictory, or empty when the settings can work. */
    public Optional<String> problem() {
        if (mode == BindMode.KERBEROS) {
            if (keytab.isEmpty() || principal.isEmpty()) {
                return Optional.of("Kerberos needs a keytab and a principal");
            }
            if (user.isPresent() || passwordFile.isPresent() || passwordEnv.isPresent()) {
                return Optional.of("Kerberos takes a keytab and principal, not a user and password");
            }
            return Optional.empty();
        }
        if (user.isEmpty()) {
            return Optional.of(mode.name().toLowerCase() + " needs a user (UPN)");
        }
        if (passwordFile.isPresent() == passwordEnv.isPresent()) {
            return Optional.of("give the password in exactly one of a file or an environment variable");
        }
        if (keytab.isPresent() || principal.isPresent()) {
            return Optional.of("a keytab and principal are for Kerberos binds only");
        }
        if (caFile.isPresent() && insecureSkipTlsVerify) {
            return Optional.of("a CA file and skipping TLS verification contradict each other");
        }
        return Optional.empty();
    }
}
