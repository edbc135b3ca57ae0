package org.odjc.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.odjc.provisioning.DirectoryAccess.Bind;
import org.odjc.provisioning.DirectoryAccess.BindMode;
import org.odjc.provisioning.DirectoryAccess.Transport;

class DirectoryAccessTest {
    private static final Optional<String> NONE = Optional.empty();

    @Test
    void aSimpleBindFromAFileOrAVariableBecomesTheMatchingPasswordSource() {
        assertThat(Bind.of(BindMode.STARTTLS, Optional.of("svc@corp"), Optional.of("/pw"), NONE, NONE, NONE, NONE))
                .isEqualTo(new Bind.Simple(Transport.STARTTLS, "svc@corp", new PasswordSource.File("/pw")));
        assertThat(Bind.of(BindMode.LDAPS, Optional.of("svc@corp"), NONE, Optional.of("PW"), NONE, NONE, NONE))
                .isEqualTo(new Bind.Simple(Transport.LDAPS, "svc@corp", new PasswordSource.Environment("PW")));
    }

    @Test
    void aKerberosBindKeepsItsKeytabPrincipalAndKrb5Conf() {
        Bind b = Bind.of(BindMode.KERBEROS, NONE, NONE, NONE, Optional.of("/k.keytab"), Optional.of("svc@CORP"),
                Optional.of("/krb5.conf"));

        assertThat(b).isEqualTo(new Bind.Kerberos("svc@CORP", "/k.keytab", Optional.of("/krb5.conf")));
        assertThat(b.account()).isEqualTo("svc@CORP");
        assertThat(b.mode()).isEqualTo(BindMode.KERBEROS);
    }

    @Test
    void missingOrContradictorySettingsAreRefusedWithTheReason() {
        Optional<String> u = Optional.of("svc@corp");
        assertThatThrownBy(() -> Bind.of(BindMode.LDAPS, NONE, Optional.of("/pw"), NONE, NONE, NONE, NONE))
                .hasMessage("ldaps needs a user (UPN)");
        assertThatThrownBy(() -> Bind.of(BindMode.LDAPS, u, NONE, NONE, NONE, NONE, NONE))
                .hasMessage("give the password in exactly one of a file or an environment variable");
        assertThatThrownBy(() -> Bind.of(BindMode.LDAPS, u, Optional.of("/pw"), Optional.of("PW"), NONE, NONE, NONE))
                .hasMessage("give the password in exactly one of a file or an environment variable");
        assertThatThrownBy(() -> Bind.of(BindMode.STARTTLS, u, Optional.of("/pw"), NONE, Optional.of("/k"), NONE, NONE))
                .hasMessage("a keytab and principal are for Kerberos binds only");
        assertThatThrownBy(() -> Bind.of(BindMode.KERBEROS, NONE, NONE, NONE, Optional.of("/k"), NONE, NONE))
                .hasMessage("Kerberos needs a keytab and a principal");
        assertThatThrownBy(() -> Bind.of(BindMode.KERBEROS, u, NONE, NONE, Optional.of("/k"), Optional.of("p@R"), NONE))
                .hasMessage("Kerberos takes a keytab and principal, not a user and password");
    }

    @Test
    void theRecordsThemselvesRefuseBlankNames() {
        assertThatThrownBy(() -> new Bind.Simple(Transport.LDAPS, " ", new PasswordSource.Environment("PW")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Bind.Kerberos("svc@CORP", "", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCaFileAndSkippingVerificationContradictForASimpleBind() {
        Bind simple = new Bind.Simple(Transport.LDAPS, "svc@corp", new PasswordSource.Environment("PW"));

        assertThatThrownBy(() -> new DirectoryAccess(simple, Optional.of("/ca.pem"), true))
                .hasMessage("a CA file and skipping TLS verification contradict each other");
        assertThat(new DirectoryAccess(simple, Optional.of("/ca.pem"), false).mode()).isEqualTo(BindMode.LDAPS);
    }

    @Test
    void matchAppliesTheFunctionOfTheBindsKind() {
        Bind simple = new Bind.Simple(Transport.STARTTLS, "svc@corp", new PasswordSource.Environment("PW"));
        Bind kerberos = new Bind.Kerberos("svc@CORP", "/k", Optional.empty());

        assertThat(simple.<String>match(s -> "simple " + s.user(), k -> "kerberos")).isEqualTo("simple svc@corp");
        assertThat(kerberos.<String>match(s -> "simple", k -> "kerberos " + k.principal())).isEqualTo("kerberos svc@CORP");
    }
}
