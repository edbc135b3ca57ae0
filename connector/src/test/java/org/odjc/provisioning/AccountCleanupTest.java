package org.odjc.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.odjc.domain.DistinguishedName;
import org.odjc.domain.DomainDnsName;
import org.odjc.domain.DomainFacts;
import org.odjc.domain.Guid;
import org.odjc.domain.MachinePassword;
import org.odjc.domain.SecurityDescriptor;
import org.odjc.domain.Sid;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.provisioning.AccountCleanup.Action;
import org.odjc.provisioning.AccountCleanup.Outcome;
import org.odjc.testing.SettableClock;

/** The never-used rule and the disable, grace, delete sequence, on an in-memory directory and ledger. */
class AccountCleanupTest {
    static final Instant CREATED = Instant.parse("2026-10-01T08:00:00Z");
    static final CleanupPolicy POLICY = new CleanupPolicy(Duration.ofDays(30), Duration.ofDays(7));
    static final DomainDnsName DOMAIN = domain();

    final SettableClock clock = new SettableClock(CREATED.plus(Duration.ofDays(31)));
    final Accounts directory = new Accounts();
    final Ledger ledger = new Ledger();
    final AccountCleanup cleanup = new AccountCleanup(clock);

    @Test
    void aDryRunListsAnUnusedOldAccountAndChangesNothing() throws Exception {
        OwnedAccount a = ours("AP1", unused("AP1"));

        List<Outcome> out = cleanup.run(directory, ledger, DOMAIN, POLICY, false);

        assertThat(out).singleElement().satisfies(o -> {
            assertThat(o.action()).isEqualTo(Action.DISABLE);
            assertThat(o.done()).isFalse();
            assertThat(o.why()).contains("never used").contains(CREATED.toString());
        });
        assertThat(directory.writes).isEmpty();
        assertThat(ledger.disabled).isEmpty();
        assertThat(a.disabledAt()).isEmpty();
    }

    @Test
    void applyDisablesFirstWaitsOutTheGracePeriodAndThenDeletes() throws Exception {
        ours("AP1", unused("AP1"));

        assertThat(cleanup.run(directory, ledger, DOMAIN, POLICY, true)).extracting(Outcome::action, Outcome::done)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Action.DISABLE, true));
        assertThat(directory.writes).containsExactly("disable CN=AP1,OU=Autopilot,DC=corp,DC=example,DC=test");
        assertThat(ledger.disabled).containsValue(clock.instant());

        clock.advance(Duration.ofDays(6));
        assertThat(cleanup.run(directory, ledger, DOMAIN, POLICY, true)).extracting(Outcome::action)
                .containsExactly(Action.WAIT);
        assertThat(directory.writes).hasSize(1);

        clock.advance(Duration.ofDays(1));
        assertThat(cleanup.run(directory, ledger, DOMAIN, POLICY, true)).extracting(Outcome::action, Outcome::done)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Action.DELETE, true));
        assertThat(directory.writes).last().isEqualTo("delete CN=AP1,OU=Autopilot,DC=corp,DC=example,DC=test");
        assertThat(ledger.deleted).hasSize(1);
        assertThat(cleanup.run(directory, ledger, DOMAIN, POLICY, true)).as("closed in the journal").isEmpty();
    }

    @Test
    void anAccountThatLoggedOnIsKeptWhicheverSignalShowsIt() throws Exception {
        AccountActivity u = unused("X");
        assertThat(AccountCleanup.use(u, CREATED)).isEmpty();
        assertThat(AccountCleanup.use(with(u, Optional.of(CREATED.plusSeconds(600)), Optional.empty(), Optional.empty(), 0), CREATED))
                .get().asString().contains("lastLogonTimestamp");
        assertThat(AccountCleanup.use(with(u, Optional.empty(), Optional.of(CREATED.plusSeconds(600)), Optional.empty(), 0), CREATED))
                .get().asString().contains("lastLogon");
        assertThat(AccountCleanup.use(with(u, Optional.empty(), Optional.empty(), Optional.empty(), 3), CREATED))
                .get().asString().contains("logonCount 3");
        assertThat(AccountCleanup.use(with(u, Optional.empty(), Optional.empty(), Optional.of(CREATED.plus(Duration.ofDays(2))), 0), CREATED))
                .get().asString().contains("password changed");
        assertThat(AccountCleanup.use(with(u, Optional.empty(), Optional.empty(), Optional.of(CREATED.plusSeconds(59)), 0), CREATED))
                .as("pwdLastSet of the add itself, a second or so after whenCreated's truncated second").isEmpty();
        Instant adopted = CREATED.plus(Duration.ofDays(3));
        assertThat(AccountCleanup.use(with(u, Optional.empty(), Optional.empty(), Optional.of(adopted.plusSeconds(1)), 0), adopted))
                .as("the connector's own reset when a request adopted the account").isEmpty();
        assertThat(AccountCleanup.use(with(u, Optional.empty(), Optional.empty(), Optional.of(adopted.plus(Duration.ofMinutes(6))), 0),
                adopted)).get().asString().contains("password changed");
    }

    @Test
    void aUsedAccountIsSettledWithApplyAndNeverLookedUpAgain() throws Exception {
        OwnedAccount used = ours("USED", with(unused("USED"), Optional.of(CREATED.plusSeconds(3600)), Optional.empty(),
                Optional.empty(), 0));

        assertThat(cleanup.run(directory, ledger, DOMAIN, POLICY, false)).extracting(Outcome::action, Outcome::done)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Action.USED, false));
        assertThat(ledger.used).as("a dry run records nothing").isEmpty();
        assertThat(cleanup.run(directory, ledger, DOMAIN, POLICY, true)).extracting(Outcome::action, Outcome::done)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Action.USED, true));
        assertThat(ledger.used).containsKey(used.objectGuid());
        directory.lookups.clear();

        assertThat(cleanup.run(directory, ledger, DOMAIN, POLICY, true)).isEmpty();
        assertThat(directory.lookups).isEmpty();
        assertThat(directory.writes).isEmpty();
    }

    @Test
    void aUsedAccountAndAYoungOneAreKeptAndNeverWritten() throws Exception {
        ours("USED", with(unused("USED"), Optional.of(CREATED.plusSeconds(3600)), Optional.empty(), Optional.empty(), 0));
        AccountActivity young = unused("YOUNG");
        ours("YOUNG", new AccountActivity(young.dn(), young.objectGuid(), young.userAccountControl(), young.description(),
                clock.instant().minus(Duration.ofDays(29)), Optional.empty(), Optional.empty(), Optional.empty(), 0));

        List<Outcome> out = cleanup.run(directory, ledger, DOMAIN, POLICY, true);

        assertThat(out).extracting(Outcome::action).containsExactly(Action.USED, Action.KEEP);
        assertThat(out.get(0).why()).contains("logged on");
        assertThat(out.get(1).why()).contains("younger than 30d");
        assertThat(directory.writes).isEmpty();
    }

    @Test
    void anAccountWhoseTagWasChangedIsLeftAlone() throws Exception {
        AccountActivity retagged = unused("AP1");
        ours("AP1", new AccountActivity(retagged.dn(), retagged.objectGuid(), retagged.userAccountControl(),
                "odjc request=AP1 connector=c2", retagged.whenCreated(), Optional.empty(), Optional.empty(), Optional.empty(), 0));

        assertThat(cleanup.run(directory, ledger, DOMAIN, POLICY, true)).singleElement()
                .satisfies(o -> assertThat(o.action()).isEqualTo(Action.KEEP));
        assertThat(directory.writes).isEmpty();
    }

    @Test
    void anAccountWithOurTagButAGuidTheJournalNeverRecordedIsNeverLookedAt() throws Exception {
        AccountActivity forged = unused("FORGED");
        directory.accounts.put(forged.objectGuid(), forged); // in the directory, tag and all, but not in the ledger

        assertThat(cleanup.run(directory, ledger, DOMAIN, POLICY, true)).isEmpty();
        assertThat(directory.lookups).isEmpty();
        assertThat(directory.writes).isEmpty();
    }

    @Test
    void anAccountReEnabledAfterCleanupDisabledItIsAnAdminsDecision() throws Exception {
        ours("AP1", unused("AP1"));
        cleanup.run(directory, ledger, DOMAIN, POLICY, true);
        AccountActivity disabled = directory.accounts.values().iterator().next();
        directory.accounts.put(disabled.objectGuid(), uac(disabled, NewComputerAccount.USER_ACCOUNT_CONTROL)); // re-enabled

        clock.advance(Duration.ofDays(30));
        List<Outcome> out = cleanup.run(directory, ledger, DOMAIN, POLICY, true);

        assertThat(out).singleElement().satisfies(o -> {
            assertThat(o.action()).isEqualTo(Action.KEEP);
            assertThat(o.why()).contains("re-enabled");
        });
        assertThat(directory.writes).hasSize(1);
    }

    @Test
    void anAccountFoundDisabledWithoutOurRecordStartsItsGracePeriodNowInsteadOfBeingDeleted() throws Exception {
        AccountActivity a = unused("AP1");
        ours("AP1", uac(a, a.userAccountControl() | DirectoryAccount.ACCOUNTDISABLE));

        assertThat(cleanup.run(directory, ledger, DOMAIN, POLICY, true)).extracting(Outcome::action)
                .containsExactly(Action.RECORD_DISABLED);
        assertThat(directory.writes).isEmpty();
        assertThat(ledger.disabled).containsValue(clock.instant());
    }

    @Test
    void anAccountNoLongerInTheDirectoryIsClosedInTheJournalOnlyWithApply() throws Exception {
        OwnedAccount a = ours("AP1", unused("AP1"));
        directory.accounts.clear();

        assertThat(cleanup.run(directory, ledger, DOMAIN, POLICY, false)).extracting(Outcome::action)
                .containsExactly(Action.GONE);
        assertThat(ledger.deleted).isEmpty();
        cleanup.run(directory, ledger, DOMAIN, POLICY, true);
        assertThat(ledger.deleted).containsKey(a.objectGuid());
    }

    @Test
    void aRefusedDisableIsReportedWithItsCodeAndTheOtherAccountsStillRun() throws Exception {
        ours("AP1", unused("AP1"));
        ours("AP2", unused("AP2"));
        directory.refuse = "CN=AP1,OU=Autopilot,DC=corp,DC=example,DC=test";

        List<Outcome> out = cleanup.run(directory, ledger, DOMAIN, POLICY, true);

        assertThat(out.get(0).failure()).get().extracting(ConnectorException::code).isEqualTo(FailureCode.AD_INSUFFICIENT_ACCESS);
        assertThat(out.get(0).done()).isFalse();
        assertThat(out.get(1).done()).isTrue();
        assertThat(ledger.disabled).hasSize(1);
    }

    // ---- fixtures

    private static DomainDnsName domain() {
        try {
            return DomainDnsName.parse("corp.example.test");
        } catch (ConnectorException e) {
            throw new IllegalStateException(e);
        }
    }

    static AccountActivity unused(String name) throws ConnectorException {
        return new AccountActivity(DistinguishedName.parse("CN=" + name + ",OU=Autopilot,DC=corp,DC=example,DC=test"),
                new Guid(java.util.UUID.nameUUIDFromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8))),
                NewComputerAccount.USER_ACCOUNT_CONTROL, "odjc request=" + name + " connector=c1", CREATED,
                Optional.of(CREATED.plusMillis(400)), Optional.empty(), Optional.empty(), 0);
    }

    static AccountActivity with(AccountActivity a, Optional<Instant> lastLogonTimestamp, Optional<Instant> lastLogon,
            Optional<Instant> pwdLastSet, long logonCount) {
        return new AccountActivity(a.dn(), a.objectGuid(), a.userAccountControl(), a.description(), a.whenCreated(),
                pwdLastSet.or(a::pwdLastSet), lastLogonTimestamp, lastLogon, logonCount);
    }

    static AccountActivity uac(AccountActivity a, long uac) {
        return new AccountActivity(a.dn(), a.objectGuid(), uac, a.description(), a.whenCreated(), a.pwdLastSet(),
                a.lastLogonTimestamp(), a.lastLogon(), a.logonCount());
    }

    OwnedAccount ours(String request, AccountActivity a) throws ConnectorException {
        directory.accounts.put(a.objectGuid(), a);
        OwnedAccount o = new OwnedAccount(a.objectGuid(), new RequestId(request), DOMAIN, a.dn(),
                Sid.parse("S-1-5-21-1-2-3-1104"), "odjc request=" + request + " connector=c1", CREATED, CREATED, Optional.empty());
        ledger.accounts.put(o.objectGuid(), o);
        return o;
    }

    static final class Ledger implements AccountLedger {
        final Map<Guid, OwnedAccount> accounts = new LinkedHashMap<>();
        final Map<Guid, Instant> disabled = new HashMap<>();
        final Map<Guid, Instant> deleted = new HashMap<>();
        final Map<Guid, Instant> used = new HashMap<>();

        @Override
        public List<OwnedAccount> owned(DomainDnsName domain) {
            return accounts.values().stream().filter(a -> !deleted.containsKey(a.objectGuid()) && !used.containsKey(a.objectGuid()))
                    .map(a -> new OwnedAccount(a.objectGuid(), a.requestId(), a.domain(), a.dn(), a.sid(), a.tag(),
                            a.createdAt(), a.passwordSetAt(), Optional.ofNullable(disabled.get(a.objectGuid()))))
                    .toList();
        }

        @Override
        public void disabled(Guid objectGuid, Instant at) {
            disabled.putIfAbsent(objectGuid, at);
        }

        @Override
        public void used(Guid objectGuid, Instant at, String evidence) {
            used.putIfAbsent(objectGuid, at);
        }

        @Override
        public void deleted(Guid objectGuid, Instant at, String why) {
            deleted.put(objectGuid, at);
        }
    }

    /** Only what cleanup uses; the rest is not called. */
    static final class Accounts implements DirectorySession {
        final Map<Guid, AccountActivity> accounts = new LinkedHashMap<>();
        final List<String> writes = new ArrayList<>();
        final List<Guid> lookups = new ArrayList<>();
        String refuse;

        @Override
        public Optional<AccountActivity> activity(Guid objectGuid) {
            lookups.add(objectGuid);
            return Optional.ofNullable(accounts.get(objectGuid));
        }

        @Override
        public void disable(DistinguishedName dn) throws ConnectorException {
            if (dn.toString().equals(refuse)) {
                throw new ConnectorException(FailureCode.AD_INSUFFICIENT_ACCESS, "disabling " + dn);
            }
            AccountActivity a = byDn(dn);
            accounts.put(a.objectGuid(), uac(a, a.userAccountControl() | DirectoryAccount.ACCOUNTDISABLE));
            writes.add("disable " + dn);
        }

        @Override
        public void delete(DistinguishedName dn) {
            accounts.remove(byDn(dn).objectGuid());
            writes.add("delete " + dn);
        }

        private AccountActivity byDn(DistinguishedName dn) {
            return accounts.values().stream().filter(a -> a.dn().equals(dn)).findFirst().orElseThrow();
        }

        @Override
        public DomainFacts domainFacts() {
            throw new UnsupportedOperationException();
        }

        @Override
        public DistinguishedName computersContainer() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Identity identity() {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<SecurityDescriptor.Ace> dacl(DistinguishedName dn) {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.util.OptionalLong keyVersion(Sid sid) {
            throw new UnsupportedOperationException();
        }

        @Override
        public MachineAccountQuota machineAccountQuota(Sid creator) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Identity principal(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void addAces(DistinguishedName dn, List<SecurityDescriptor.Ace> aces) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean exists(DistinguishedName dn) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<DistinguishedName> organizationalUnits(int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<DirectoryAccount> findBySamAccountName(String samAccountName) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void add(NewComputerAccount account) {
            throw new UnsupportedOperationException();
        }

        @Override
        public DirectoryAccount read(DistinguishedName dn) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void resetPassword(DistinguishedName dn, MachinePassword password, boolean enable, String description) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<DirectoryAccount> findTagged(String tagPrefix) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }
}
