package org.odjc.provisioning;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.odjc.domain.DomainDnsName;
import org.odjc.failure.ConnectorException;

/**
 * Cleanup of computer accounts the connector created for devices that never joined (issue 7, item 4).
 * Only accounts in the journal's {@link AccountLedger} are looked at, found again by
 * {@code objectGUID}, and each must still carry the exact tag the connector wrote: an account anyone
 * else created is never read, let alone changed, even if it carries a copied tag.
 *
 * <p>Never used means all of:
 * <ul>
 * <li>no {@code lastLogonTimestamp}: Windows AD writes it at a computer's first logon (MS-ADA1
 *     "Last-Logon-Timestamp"; later only every 9-14 days, but an absent value is never stale).
 *     Samba 4.17 writes it too: after {@code net ads testjoin} with an ODJ-applied password the
 *     account had {@code lastLogonTimestamp}, {@code lastLogon} and {@code logonCount 2};</li>
 * <li>no logon seen by the DC asked ({@code lastLogon}, {@code logonCount}; not replicated, so only
 *     ever more evidence of use, never less);</li>
 * <li>the password not changed since the connector set it: {@code pwdLastSet} no later than
 *     {@link #PASSWORD_MARGIN} after {@code whenCreated} (AD and Samba set both in the add) or
 *     after the journal's {@code passwordSetAt} (a reset when a request adopted the account). A
 *     joined Windows machine changes its password every 30 days; Samba's testjoin does not change
 *     it, so this alone would not show a recent join;</li>
 * <li>created longer than the policy's {@code olderThan} ago.</li>
 * </ul>
 *
 * <p>With {@code apply}: an account seen used is recorded so and not looked up again (a logon
 * cannot be undone: it is no longer cleanup's business); an account that qualifies and is enabled
 * is disabled ({@code userAccountControl} ACCOUNTDISABLE) and the time journaled; one the journal says cleanup disabled
 * at least {@code grace} ago, still disabled and still unused, is deleted. One re-enabled since is
 * an admin's decision and left alone. Each change is made, then journaled: a crash in between
 * leaves an account disabled without a record (the next run records it then, so the grace period
 * only gets longer) or deleted without a record (the next run finds it gone and records that).
 * Not thread-safe per ledger: one run at a time.
 */
public final class AccountCleanup {
    /**
     * How far {@code pwdLastSet} may lie after the connector's own setting and still be it:
     * {@code whenCreated} has second resolution, and the journal's time is the connector's clock,
     * which may be off the DC's by up to Kerberos' 5-minute tolerance.
     */
    public static final Duration PASSWORD_MARGIN = Duration.ofMinutes(5);

    /** What cleanup does, or would do, with one account. */
    public enum Action {
        /** Qualifies and is enabled: disable it and start the grace period. */
        DISABLE,
        /** Qualifies and is already disabled without our record: record it, the grace period starts now. */
        RECORD_DISABLED,
        /** Disabled by cleanup, grace period still running. */
        WAIT,
        /** Disabled by cleanup longer than the grace period and still unused. */
        DELETE,
        /** Left alone for now; {@code why} says why. */
        KEEP,
        /** Logged on or its password changed: never a candidate again, so (with apply) no longer looked up. */
        USED,
        /** Not in the directory any more: the journal's record is closed. */
        GONE
    }

    /**
     * One account's judgement, and with {@code apply} whether it was carried out.
     *
     * @param found the account as the directory holds it; empty when gone or unreadable
     * @param done with apply: the action was carried out and journaled
     * @param failure the code the directory or journal answered; the account is then unchanged or only partly done
     */
    public record Outcome(OwnedAccount account, Optional<AccountActivity> found, Action action, String why, boolean done,
            Optional<ConnectorException> failure) {
        public Outcome {
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(found, "found");
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(why, "why");
            Objects.requireNonNull(failure, "failure");
        }

        /** Everything but KEEP and USED: what a dry run lists. */
        public boolean isCandidate() {
            return action != Action.KEEP && action != Action.USED;
        }
    }

    /** A judgement before anything is done. */
    public record Judgement(Action action, String why) {
    }

    private final Clock clock;

    public AccountCleanup(Clock clock) {
        this.clock = clock;
    }

    /**
     * Judges every account the ledger holds for {@code domain} on {@code session}'s DC and, with
     * {@code apply}, disables, deletes and journals. A failure on one account is recorded in its
     * outcome and the others still run.
     *
     * @throws ConnectorException only when the ledger cannot be read
     */
    public List<Outcome> run(DirectorySession session, AccountLedger ledger, DomainDnsName domain, CleanupPolicy policy,
            boolean apply) throws ConnectorException {
        Instant now = clock.instant();
        List<Outcome> out = new ArrayList<>();
        for (OwnedAccount account : ledger.owned(domain)) {
            Optional<AccountActivity> found;
            try {
                found = session.activity(account.objectGuid());
            } catch (ConnectorException e) {
                out.add(new Outcome(account, Optional.empty(), Action.KEEP, "could not be read", false, Optional.of(e)));
                continue;
            }
            Judgement j = judge(account, found, now, policy);
            if (!apply || j.action() == Action.KEEP || j.action() == Action.WAIT) {
                out.add(new Outcome(account, found, j.action(), j.why(), false, Optional.empty()));
                continue;
            }
            try {
                switch (j.action()) {
                    case DISABLE -> {
                        session.disable(found.orElseThrow().dn());
                        ledger.disabled(account.objectGuid(), now);
                    }
                    case RECORD_DISABLED -> ledger.disabled(account.objectGuid(), now);
                    case USED -> ledger.used(account.objectGuid(), now, j.why());
                    case DELETE -> {
                        session.delete(found.orElseThrow().dn());
                        ledger.deleted(account.objectGuid(), now, "deleted by cleanup: " + j.why());
                    }
                    case GONE -> ledger.deleted(account.objectGuid(), now, "not in the directory any more");
                    default -> throw new IllegalStateException(j.action().name());
                }
                out.add(new Outcome(account, found, j.action(), j.why(), true, Optional.empty()));
            } catch (ConnectorException e) {
                out.add(new Outcome(account, found, j.action(), j.why(), false, Optional.of(e)));
            }
        }
        return out;
    }

    /** The rule, without side effects (see the class comment). */
    public static Judgement judge(OwnedAccount account, Optional<AccountActivity> found, Instant now, CleanupPolicy policy) {
        if (found.isEmpty()) {
            return new Judgement(Action.GONE, "no object with objectGUID " + account.objectGuid() + " in the directory");
        }
        AccountActivity a = found.get();
        if (!a.description().equals(account.tag())) {
            return new Judgement(Action.KEEP, "its description is no longer the connector's tag: someone else holds it");
        }
        if (!a.isComputer()) {
            return new Judgement(Action.KEEP, "not a computer account (userAccountControl 0x"
                    + Long.toHexString(a.userAccountControl()) + ")");
        }
        Optional<String> used = use(a, account.passwordSetAt());
        if (used.isPresent()) {
            return new Judgement(Action.USED, used.get());
        }
        if (a.whenCreated().plus(policy.olderThan()).isAfter(now)) {
            return new Judgement(Action.KEEP, "never used, but created " + a.whenCreated() + ": younger than "
                    + days(policy.olderThan()));
        }
        String unused = "never used (no logon, password unchanged since creation), created " + a.whenCreated();
        if (account.disabledAt().isEmpty()) {
            return a.isDisabled()
                    ? new Judgement(Action.RECORD_DISABLED, unused + "; found disabled without a record of cleanup's, so the "
                            + days(policy.grace()) + " grace period starts now")
                    : new Judgement(Action.DISABLE, unused);
        }
        Instant disabledAt = account.disabledAt().get();
        if (!a.isDisabled()) {
            return new Judgement(Action.KEEP, "re-enabled since cleanup disabled it at " + disabledAt
                    + ": an admin's decision, left alone");
        }
        Instant deletable = disabledAt.plus(policy.grace());
        if (deletable.isAfter(now)) {
            return new Judgement(Action.WAIT, unused + "; disabled at " + disabledAt + ", deletable after " + deletable);
        }
        return new Judgement(Action.DELETE, unused + "; disabled at " + disabledAt + ", over the " + days(policy.grace())
                + " grace period");
    }

    /** Evidence the account was used, or empty when there is none. */
    static Optional<String> use(AccountActivity a, Instant passwordSetAt) {
        if (a.lastLogonTimestamp().isPresent()) {
            return Optional.of("logged on (lastLogonTimestamp " + a.lastLogonTimestamp().get() + ")");
        }
        if (a.lastLogon().isPresent() || a.logonCount() > 0) {
            return Optional.of("logged on at this DC (lastLogon " + a.lastLogon().map(Object::toString).orElse("-")
                    + ", logonCount " + a.logonCount() + ")");
        }
        Instant ours = a.whenCreated().isAfter(passwordSetAt) ? a.whenCreated() : passwordSetAt;
        if (a.pwdLastSet().isPresent() && a.pwdLastSet().get().isAfter(ours.plus(PASSWORD_MARGIN))) {
            return Optional.of("password changed at " + a.pwdLastSet().get() + ", after the connector set it at " + ours);
        }
        return Optional.empty();
    }

    private static String days(Duration d) {
        return d.toSeconds() % 86_400 == 0 ? d.toDays() + "d" : d.toSeconds() % 3600 == 0 ? d.toHours() + "h"
                : d.toMinutes() + "m";
    }
}
