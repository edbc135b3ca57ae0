package org.odjc.diagnostics;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.odjc.failure.FailureCode;

/** The pure judgements of the checks: measured values in, a finding out. */
public final class Rules {
    /** Windows' and MIT's default Kerberos tolerance is 5 minutes; warn well before it. */
    public static final Duration CLOCK_WARN = Duration.ofMinutes(2);
    public static final Duration CLOCK_FAIL = Duration.ofMinutes(5);
    /** A DC's or the connector's certificate this close to expiry is worth an admin's attention. */
    public static final Duration CERTIFICATE_WARN = Duration.ofDays(14);

    private Rules() {
    }

    /** {@code skew} is the DC's clock minus ours (rootDSE currentTime, corrected by half the round trip). */
    public static Finding clock(String target, Duration skew) {
        Duration abs = skew.abs();
        String detail = "the DC's clock is " + describe(abs) + (skew.isNegative() ? " behind" : " ahead of")
                + " this host's (to within a second: the DC reports whole seconds)";
        if (abs.compareTo(CLOCK_FAIL) > 0) {
            return Finding.fail("clock", target, FailureCode.AD_KERBEROS_CLOCK_SKEW, detail + " (Kerberos allows 5 min)");
        }
        if (abs.compareTo(CLOCK_WARN) > 0) {
            return Finding.warn("clock", target, FailureCode.DIAG_CLOCK_DRIFT, detail + " (warns above 2 min)");
        }
        return Finding.pass("clock", target, detail);
    }

    /** A certificate's validity at {@code now}: expired or not yet valid fails, close to expiry warns. */
    public static Finding certificate(String check, String target, Instant notBefore, Instant notAfter, Instant now,
            FailureCode soon, FailureCode invalid) {
        return certificate(check, target, notBefore, notAfter, now, Optional.empty(), soon, invalid);
    }

    /**
     * As above, for a certificate of a peer whose clock was measured: {@code peerSkew} is the peer's
     * clock minus ours. A certificate that is outside its validity by our clock but inside it by the
     * peer's is not failed: the clock check fails for the cause, and this finding says the offset
     * explains it (a DC provisioned minutes ago, seen from a host whose clock is behind, is "valid only
     * from" a time still to come here; failing both would send the admin to the certificate).
     */
    public static Finding certificate(String check, String target, Instant notBefore, Instant notAfter, Instant now,
            Optional<Duration> peerSkew, FailureCode soon, FailureCode invalid) {
        boolean invalidHere = now.isBefore(notBefore) || !now.isBefore(notAfter);
        if (invalidHere && peerSkew.isPresent()) {
            Instant peerNow = now.plus(peerSkew.get());
            if (!peerNow.isBefore(notBefore) && peerNow.isBefore(notAfter)) {
                String here = now.isBefore(notBefore) ? "valid only from " + notBefore : "expired " + notAfter;
                return Finding.skip(check, target, "by this host's clock the certificate is " + here
                        + ", but the peer's clock is " + describe(peerSkew.get().abs())
                        + (peerSkew.get().isNegative() ? " behind" : " ahead of")
                        + " this host's, and by the peer's clock it is valid until " + notAfter
                        + ": the clock offset explains it (see the clock check)");
            }
        }
        if (now.isBefore(notBefore)) {
            return Finding.fail(check, target, invalid, "valid only from " + notBefore);
        }
        if (!now.isBefore(notAfter)) {
            return Finding.fail(check, target, invalid, "expired " + notAfter);
        }
        long days = Duration.between(now, notAfter).toDays();
        String detail = "valid until " + notAfter + " (" + days + " days)";
        return Duration.between(now, notAfter).compareTo(CERTIFICATE_WARN) < 0
                ? Finding.warn(check, target, soon, detail) : Finding.pass(check, target, detail);
    }

    /** Free space in the state directory: under 100 MB fails (the journal must grow), under 1 GB warns. */
    public static Finding freeSpace(String target, long freeBytes) {
        String detail = (freeBytes / (1024 * 1024)) + " MB free";
        if (freeBytes < 100L * 1024 * 1024) {
            return Finding.fail("local", target, FailureCode.DIAG_DISK_LOW, detail);
        }
        if (freeBytes < 1024L * 1024 * 1024) {
            return Finding.warn("local", target, FailureCode.DIAG_DISK_LOW, detail);
        }
        return Finding.pass("local", target, detail);
    }

    /**
     * How many more joins an identity without Create Computer objects on {@code ou} has left:
     * FAIL at none (AD answers 0x216D), WARN below {@code warnBelow}.
     */
    public static Finding quota(String ou, boolean delegated, org.odjc.provisioning.MachineAccountQuota q, int warnBelow) {
        String samba = q.samba() ? " (the DC is Samba, which neither enforces the quota nor writes ms-DS-CreatorSID:"
                + " Windows AD would count what this identity created)" : "";
        if (delegated) {
            return Finding.pass("quota", ou, "Create Computer objects is delegated here: ms-DS-MachineAccountQuota ("
                    + q.quota() + ") does not limit joins" + samba);
        }
        String detail = q.remaining() + " more join(s): ms-DS-MachineAccountQuota " + q.quota() + ", " + q.created()
                + " computer(s) already created by this identity" + samba;
        if (q.remaining() == 0) {
            return Finding.fail("quota", ou, FailureCode.AD_QUOTA_EXCEEDED, detail);
        }
        if (q.remaining() < warnBelow) {
            return Finding.warn("quota", ou, FailureCode.DIAG_QUOTA_LOW, detail);
        }
        return Finding.pass("quota", ou, detail);
    }

    /**
     * The keytab against the account: it must hold keys for {@code principal} (case-insensitive,
     * as AD compares), its newest key version must be the account's {@code msDS-KeyVersionNumber}
     * (empty when the bind failed and it could not be read), and not only RC4/DES keys.
     *
     * @param bindRefused the Kerberos bind failed with the keytab (then a stale key is the likely cause)
     */
    public static Finding keytab(String principal, java.util.List<KeytabKey> keys, java.util.OptionalLong accountKvno,
            boolean bindRefused) {
        java.util.List<KeytabKey> mine = keys.stream().filter(k -> k.principal().equalsIgnoreCase(principal)).toList();
        if (mine.isEmpty()) {
            return Finding.fail("keytab", principal, FailureCode.AD_KERBEROS_CREDENTIALS, "the keytab holds no key for "
                    + principal + "; it holds " + keys.stream().map(KeytabKey::principal).distinct().toList());
        }
        int kvno = mine.stream().mapToInt(KeytabKey::kvno).max().orElseThrow();
        String enctypes = mine.stream().filter(k -> k.kvno() == kvno).map(k -> Integer.toString(k.enctype())).distinct()
                .collect(java.util.stream.Collectors.joining(","));
        String held = "keytab key version " + kvno + ", encryption types " + enctypes;
        if (accountKvno.isPresent() && accountKvno.getAsLong() != kvno) {
            return Finding.fail("keytab", principal, FailureCode.DIAG_KEYTAB_STALE, held + "; the account's"
                    + " msDS-KeyVersionNumber is " + accountKvno.getAsLong());
        }
        if (accountKvno.isEmpty() && bindRefused) {
            return Finding.fail("keytab", principal, FailureCode.DIAG_KEYTAB_STALE, held + "; the KDC refused it, so"
                    + " the account's password (and key version) most likely changed since the keytab was made");
        }
        if (mine.stream().filter(k -> k.kvno() == kvno).allMatch(KeytabKey::weak)) {
            return Finding.warn("keytab", principal, FailureCode.DIAG_KEYTAB_WEAK, held + " (RC4/DES only)");
        }
        return Finding.pass("keytab", principal, held + (accountKvno.isPresent() ? "; matches the account" : ""));
    }

    static String describe(Duration d) {
        if (d.toMinutes() > 0) {
            return d.toMinutes() + " min " + d.toSecondsPart() + " s";
        }
        return d.toMillis() + " ms";
    }
}
