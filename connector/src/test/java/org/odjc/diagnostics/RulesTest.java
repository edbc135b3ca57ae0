package org.odjc.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.odjc.failure.FailureCode;

class RulesTest {
    static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void clockSkewWarnsAboveTwoMinutesAndFailsAboveFiveEitherWay() {
        assertThat(Rules.clock("dc1", Duration.ofSeconds(119)).status()).isEqualTo(Status.PASS);
        assertThat(Rules.clock("dc1", Duration.ofSeconds(-121)).code()).contains(FailureCode.DIAG_CLOCK_DRIFT);
        assertThat(Rules.clock("dc1", Duration.ofSeconds(299)).status()).isEqualTo(Status.WARN);
        assertThat(Rules.clock("dc1", Duration.ofSeconds(301)).code()).contains(FailureCode.AD_KERBEROS_CLOCK_SKEW);
        assertThat(Rules.clock("dc1", Duration.ofMinutes(-6)).status()).isEqualTo(Status.FAIL);
        assertThat(Rules.clock("dc1", Duration.ofMinutes(-6)).detail()).contains("6 min 0 s behind");
    }

    @Test
    void aCertificateFailsOutsideItsValidityAndWarnsInItsLastTwoWeeks() {
        Finding valid = Rules.certificate("dc", "dc1:636", NOW.minusSeconds(60), NOW.plus(Duration.ofDays(30)), NOW,
                FailureCode.DIAG_CERTIFICATE_EXPIRING, FailureCode.AD_TLS_UNTRUSTED);
        Finding soon = Rules.certificate("dc", "dc1:636", NOW.minusSeconds(60), NOW.plus(Duration.ofDays(13)), NOW,
                FailureCode.DIAG_CERTIFICATE_EXPIRING, FailureCode.AD_TLS_UNTRUSTED);
        Finding expired = Rules.certificate("dc", "dc1:636", NOW.minus(Duration.ofDays(90)), NOW.minusSeconds(1), NOW,
                FailureCode.DIAG_CERTIFICATE_EXPIRING, FailureCode.AD_TLS_UNTRUSTED);
        Finding early = Rules.certificate("dc", "dc1:636", NOW.plusSeconds(60), NOW.plus(Duration.ofDays(90)), NOW,
                FailureCode.DIAG_CERTIFICATE_EXPIRING, FailureCode.AD_TLS_UNTRUSTED);

        assertThat(valid.status()).isEqualTo(Status.PASS);
        assertThat(valid.detail()).contains("(30 days)");
        assertThat(soon.code()).contains(FailureCode.DIAG_CERTIFICATE_EXPIRING);
        assertThat(expired.code()).contains(FailureCode.AD_TLS_UNTRUSTED);
        assertThat(early.status()).isEqualTo(Status.FAIL);
    }

    @Test
    void aCertificateOutsideItsValidityOnlyByThisHostsClockIsPutDownToTheMeasuredOffset() {
        Instant issued = NOW.plusSeconds(120);
        Finding explained = Rules.certificate("dc", "dc1:636", issued, NOW.plus(Duration.ofDays(90)), NOW,
                Optional.of(Duration.ofMinutes(6)), FailureCode.DIAG_CERTIFICATE_EXPIRING, FailureCode.AD_TLS_UNTRUSTED);
        Finding tooEarlyEvenForTheDc = Rules.certificate("dc", "dc1:636", NOW.plus(Duration.ofMinutes(10)),
                NOW.plus(Duration.ofDays(90)), NOW, Optional.of(Duration.ofMinutes(6)),
                FailureCode.DIAG_CERTIFICATE_EXPIRING, FailureCode.AD_TLS_UNTRUSTED);
        Finding expiredHereOnly = Rules.certificate("dc", "dc1:636", NOW.minus(Duration.ofDays(90)),
                NOW.minusSeconds(30), NOW, Optional.of(Duration.ofMinutes(-3)),
                FailureCode.DIAG_CERTIFICATE_EXPIRING, FailureCode.AD_TLS_UNTRUSTED);
        Finding expiredForBoth = Rules.certificate("dc", "dc1:636", NOW.minus(Duration.ofDays(90)),
                NOW.minusSeconds(30), NOW, Optional.of(Duration.ofMinutes(3)),
                FailureCode.DIAG_CERTIFICATE_EXPIRING, FailureCode.AD_TLS_UNTRUSTED);

        assertThat(explained.status()).isEqualTo(Status.SKIP);
        assertThat(explained.detail()).contains("valid only from " + issued).contains("6 min 0 s ahead of")
                .contains("the clock offset explains it");
        assertThat(tooEarlyEvenForTheDc.code()).contains(FailureCode.AD_TLS_UNTRUSTED);
        assertThat(expiredHereOnly.status()).isEqualTo(Status.SKIP);
        assertThat(expiredHereOnly.detail()).contains("expired").contains("behind");
        assertThat(expiredForBoth.status()).isEqualTo(Status.FAIL);
    }

    @Test
    void aCertificatesFindingDoesNotRepeatTheWordItsTargetEndsWith() {
        for (Instant notAfter : List.of(NOW.plus(Duration.ofDays(30)), NOW.minusSeconds(1))) {
            Finding f = Rules.certificate("dispatcher", "c-1 client certificate", NOW.minus(Duration.ofDays(90)), notAfter, NOW,
                    FailureCode.DIAG_CERTIFICATE_EXPIRING, FailureCode.AD_TLS_UNTRUSTED);
            Finding early = Rules.certificate("dc", "dc1 certificate", NOW.plusSeconds(60), notAfter.plus(Duration.ofDays(90)),
                    NOW, FailureCode.DIAG_CERTIFICATE_EXPIRING, FailureCode.AD_TLS_UNTRUSTED);

            for (Finding x : List.of(f, early)) {
                assertThat(x.target() + " " + x.detail()).doesNotContainPattern("(?i)certificate (the )?certificate");
            }
        }
    }

    @Test
    void freeSpaceFailsUnder100MbAndWarnsUnder1Gb() {
        assertThat(Rules.freeSpace("/var/lib/odjc", 99L << 20).status()).isEqualTo(Status.FAIL);
        assertThat(Rules.freeSpace("/var/lib/odjc", 900L << 20).status()).isEqualTo(Status.WARN);
        assertThat(Rules.freeSpace("/var/lib/odjc", 2L << 30).status()).isEqualTo(Status.PASS);
    }

    @Test
    void theQuotaLimitsOnlyWhereCreateIsNotDelegatedWithWindowsDefaults() {
        java.util.Optional<String> windows = java.util.Optional.empty(); // Windows AD's rootDSE has no vendorName
        var used = new org.odjc.provisioning.MachineAccountQuota(10, 10, windows);
        var nearly = new org.odjc.provisioning.MachineAccountQuota(10, 8, windows);
        var plenty = new org.odjc.provisioning.MachineAccountQuota(10, 2, windows);
        var beyond = new org.odjc.provisioning.MachineAccountQuota(10, 11, windows);

        assertThat(Rules.quota("OU=a", false, used, 3).code()).contains(FailureCode.AD_QUOTA_EXCEEDED);
        assertThat(Rules.quota("OU=a", false, beyond, 3).status()).isEqualTo(Status.FAIL);
        assertThat(Rules.quota("OU=a", false, nearly, 3).code()).contains(FailureCode.DIAG_QUOTA_LOW);
        assertThat(Rules.quota("OU=a", false, plenty, 3).detail()).startsWith("8 more join(s)");
        assertThat(Rules.quota("OU=a", true, used, 3).status()).isEqualTo(Status.PASS);
        assertThat(Rules.quota("OU=a", false, new org.odjc.provisioning.MachineAccountQuota(10, 0,
                java.util.Optional.of("Samba Team (https://www.samba.org)")), 3).detail()).contains("the DC is Samba");
    }

    @Test
    void theKeytabMustHoldThePrincipalAtTheAccountsKeyVersionAndNotOnlyWeakKeys() {
        List<KeytabKey> keys = List.of(new KeytabKey("svc-odjc@CORP.EXAMPLE.COM", 3, 18),
                new KeytabKey("svc-odjc@CORP.EXAMPLE.COM", 3, 17), new KeytabKey("svc-odjc@CORP.EXAMPLE.COM", 2, 18));
        List<KeytabKey> rc4 = List.of(new KeytabKey("svc-odjc@CORP.EXAMPLE.COM", 3, 23));

        assertThat(Rules.keytab("svc-odjc@corp.example.com", keys, java.util.OptionalLong.of(3), false).status())
                .isEqualTo(Status.PASS);
        assertThat(Rules.keytab("svc-odjc@CORP.EXAMPLE.COM", keys, java.util.OptionalLong.of(4), false).code())
                .contains(FailureCode.DIAG_KEYTAB_STALE);
        assertThat(Rules.keytab("svc-odjc@CORP.EXAMPLE.COM", keys, java.util.OptionalLong.empty(), true).code())
                .contains(FailureCode.DIAG_KEYTAB_STALE);
        assertThat(Rules.keytab("other@CORP.EXAMPLE.COM", keys, java.util.OptionalLong.of(3), false).code())
                .contains(FailureCode.AD_KERBEROS_CREDENTIALS);
        assertThat(Rules.keytab("svc-odjc@CORP.EXAMPLE.COM", rc4, java.util.OptionalLong.of(3), false).code())
                .contains(FailureCode.DIAG_KEYTAB_WEAK);
    }

    @Test
    void aReportFailsOnlyWhenAFindingFailsAndAFindingCarriesACodeExactlyWhenItIsBad() {
        Finding pass = Finding.pass("dns", "x", "ok");
        Finding warn = Finding.warn("dns", "y", FailureCode.DIAG_NO_PDC_RECORD, "no record");

        assertThat(new Report(List.of(pass, warn)).exitCode()).isZero();
        assertThat(new Report(List.of(pass, warn)).worst()).isEqualTo(Status.WARN);
        assertThat(new Report(List.of(pass, Finding.fail("dc", "z", FailureCode.DIAG_PORT_CLOSED, "closed"))).exitCode())
                .isEqualTo(1);
        assertThat(warn.remedy()).contains(FailureCode.DIAG_NO_PDC_RECORD.remedy());
        assertThatThrownBy(() -> new Finding("dns", "x", Status.FAIL, Optional.empty(), "no code"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Finding("dns", "x", Status.PASS, Optional.of(FailureCode.DC_NOT_IN_DNS), "code"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
