package org.odjc.provisioning;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * How to reach and authenticate to a domain's DCs: a {@link Bind} (simple over TLS, or Kerberos)
 * and the TLS trust of simple binds. Secrets are referenced, never held here but for
 * {@link PasswordSource.InMemory} (setup).
 *
 * @param bind how to authenticate
 * @param caFile PEM CA certificates to trust instead of the system trust store
 * @param insecureSkipTlsVerify trust any certificate: for labs only, loudly logged
 */
public record DirectoryAccess(Bind bind, Optional<String> caFile, boolean insecureSkipTlsVerify) {

    /** LDAPS (636) or StartTLS (389) with a simple bind, or Kerberos (SASL GSSAPI with sealing) on 389. */
    public enum BindMode {
        LDAPS, STARTTLS, KERBEROS
    }

    /** The TLS of a simple bind: LDAPS on 636 or StartTLS on 389. */
    public enum Transport {
        LDAPS, STARTTLS
    }

    /** How the connector authenticates: exactly one of a simple bind or Kerberos. */
    public sealed interface Bind {
        /** Who binds: the simple bind's UPN or the Kerberos principal. */
        String account();

        BindMode mode();

        /**
         * The one function that applies to this bind: the exhaustive match of Java 17 (no pattern
         * switch yet), so a third kind of bind fails to compile wherever binds are told apart.
         */
        <T> T match(Function<? super Simple, ? extends T> simple, Function<? super Kerberos, ? extends T> kerberos);

        /**
         * A simple bind over TLS.
         *
         * @param user the UPN, e.g. {@code svc-odjc@corp.example.com}
         * @param password where the password comes from
         */
        record Simple(Transport transport, String user, PasswordSource password) implements Bind {
            public Simple {
                Objects.requireNonNull(transport, "transport");
                Objects.requireNonNull(password, "password");
                if (user == null || user.isBlank()) {
                    throw new IllegalArgumentException(transport.name().toLowerCase(Locale.ROOT) + " needs a user (UPN)");
                }
            }

            @Override
            public String account() {
                return user;
            }

            @Override
            public BindMode mode() {
                return transport == Transport.LDAPS ? BindMode.LDAPS : BindMode.STARTTLS;
            }

            @Override
            public <T> T match(Function<? super Simple, ? extends T> simple, Function<? super Kerberos, ? extends T> kerberos) {
                return simple.apply(this);
            }
        }

        /**
         * SASL GSSAPI from a keytab, sealed.
         *
         * @param principal e.g. {@code svc-odjc@CORP.EXAMPLE.COM}
         * @param keytab the keytab holding the principal's keys
         * @param krb5Conf a krb5.conf to use instead of the system's; empty for the DC found
         */
        record Kerberos(String principal, String keytab, Optional<String> krb5Conf) implements Bind {
            public Kerberos {
                Objects.requireNonNull(krb5Conf, "krb5Conf");
                if (principal == null || principal.isBlank() || keytab == null || keytab.isBlank()) {
                    throw new IllegalArgumentException("Kerberos needs a keytab and a principal");
                }
            }

            @Override
            public String account() {
                return principal;
            }

            @Override
            public BindMode mode() {
                return BindMode.KERBEROS;
            }

            @Override
            public <T> T match(Function<? super Simple, ? extends T> simple, Function<? super Kerberos, ? extends T> kerberos) {
                return kerberos.apply(this);
            }
        }

        /**
         * The bind the configuration's flat settings describe ({@code mode}, {@code user},
         * {@code passwordFile} …); fails with the admin-facing reason when they are missing or
         * contradict each other.
         */
        static Bind of(BindMode mode, Optional<String> user, Optional<String> passwordFile, Optional<String> passwordEnv,
                Optional<String> keytab, Optional<String> principal, Optional<String> krb5Conf) {
            Objects.requireNonNull(mode, "mode");
            if (mode == BindMode.KERBEROS) {
                if (keytab.isEmpty() || principal.isEmpty()) {
                    throw new IllegalArgumentException("Kerberos needs a keytab and a principal");
                }
                if (user.isPresent() || passwordFile.isPresent() || passwordEnv.isPresent()) {
                    throw new IllegalArgumentException("Kerberos takes a keytab and principal, not a user and password");
                }
                return new Kerberos(principal.get(), keytab.get(), krb5Conf);
            }
            Transport transport = mode == BindMode.LDAPS ? Transport.LDAPS : Transport.STARTTLS;
            if (user.isEmpty()) {
                throw new IllegalArgumentException(mode.name().toLowerCase(Locale.ROOT) + " needs a user (UPN)");
            }
            if (passwordFile.isPresent() == passwordEnv.isPresent()) {
                throw new IllegalArgumentException("give the password in exactly one of a file or an environment variable");
            }
            if (keytab.isPresent() || principal.isPresent()) {
                throw new IllegalArgumentException("a keytab and principal are for Kerberos binds only");
            }
            PasswordSource password = passwordFile.isPresent() ? new PasswordSource.File(passwordFile.get())
                    : new PasswordSource.Environment(passwordEnv.get());
            return new Simple(transport, user.get(), password);
        }
    }

    public DirectoryAccess {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(caFile, "caFile");
        if (bind instanceof Bind.Simple && caFile.isPresent() && insecureSkipTlsVerify) {
            throw new IllegalArgumentException("a CA file and skipping TLS verification contradict each other");
        }
    }

    /** The bind's mode, for what differs only by port or name. */
    public BindMode mode() {
        return bind.mode();
    }

    /** This access with {@code bind} instead (the same TLS trust). */
    public DirectoryAccess withBind(Bind other) {
        return new DirectoryAccess(other, caFile, insecureSkipTlsVerify);
    }
}
