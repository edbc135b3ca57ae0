package org.odjc.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.odjc.domain.DistinguishedName;
import org.odjc.domain.DomainDnsName;
import org.odjc.domain.MachinePassword;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.odj.Lab;
import org.odjc.odj.OdjCodec;

/**
 * The exactly-once rule, step by step: every crash point and every dispatcher answer of
 * docs/architecture.md §5, on a fake directory, an in-memory journal and a scripted dispatcher.
 */
class JoinWorkflowTest {
    static final String AUTOPILOT = "OU=Autopilot,DC=corp,DC=example,DC=test";
    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    final FakeDirectory directory = new FakeDirectory();
    final List<org.odjc.domain.DcInfo> dcs = List.of(Lab.dc());
    final ComputerProvisioner provisioner = new ComputerProvisioner((d, dc) -> dcs, directory,
            new SplittableRandom(5));
    final MemoryJournal journal = new MemoryJournal();
    final ScriptedCloud cloud = new ScriptedCloud();
    final JoinWorkflow workflow = new JoinWorkflow(provisioner, journal, cloud, "c1", this::policy,
            Clock.fixed(NOW, ZoneOffset.UTC));

    JoinWorkflowTest() throws Exception {
    }

    private Optional<DomainPolicy> policy(DomainDnsName d) {
        if (!d.lowerCase().equals("corp.example.test")) {
            return Optional.empty();
        }
        return Optional.of(new DomainPolicy(OuAllowList.of(List.of(new OuAllowList.Entry(dn(AUTOPILOT), false))),
                Optional.of(dn(AUTOPILOT)), Optional.empty()));
    }

    @Test
    void aRequestIsJournaledStepByStepAndReportedOnceWithTheAccountsPassword() throws Exception {
        JournalEntry last = workflow.process(request("r-1", "corp.example.test", null), lease("r-1", 1));

        assertThat(last.state()).isEqualTo(RequestState.DONE);
        assertThat(journal.states("r-1")).containsExactly(RequestState.RECEIVED, RequestState.NAME_CHOSEN,
                RequestState.ACCOUNT_CREATED, RequestState.REPORTED, RequestState.DONE);
        assertThat(journal.transactions).as("RECEIVED+NAME_CHOSEN, ACCOUNT_CREATED, REPORTED+DONE").containsExactly(2, 1, 2);
        assertThat(directory.computers()).hasSize(1);
        FakeDirectory.Entry account = directory.entries.get(directory.computers().get(0));
        assertThat(account.description).isEqualTo("odjc request=r-1 connector=c1");
        assertThat(cloud.reports).hasSize(1);
        Report report = cloud.reports.get(0);
        assertThat(report.token).isEqualTo(1);
        assertThat(report.password).isEqualTo(account.password);
        assertThat(last.sid()).contains(account.sid);
    }

    @Test
    void theAccountsObjectGuidAndTagAreJournaledWithAccountCreatedBeforeTheBlobLeaves() throws Exception {
        cloud.reportFailures.add(new ConnectorException(FailureCode.CLOUD_UNREACHABLE, "read timed out"));
        JournalEntry last = workflow.process(request("r-guid", "corp.example.test", null), lease("r-guid", 1));

        assertThat(last.state()).isEqualTo(RequestState.ACCOUNT_CREATED);
        assertThat(journal.accounts).hasSize(1);
        OwnedAccount owned = journal.accounts.get(0);
        DirectoryAccount stored = directory.open(Lab.dc()).read(directory.computers().get(0));
        assertThat(owned.objectGuid()).isEqualTo(stored.objectGuid());
        assertThat(owned.tag()).isEqualTo("odjc request=r-guid connector=c1").isEqualTo(stored.description());
        assertThat(owned.requestId().value()).isEqualTo("r-guid");
        assertThat(owned.disabledAt()).isEmpty();
    }

    @Test
    void aFirstLeaseSkipsTheAdoptionSearchAndALaterOneMakesIt() throws Exception {
        workflow.process(request("r-first", "corp.example.test", null), lease("r-first", 1));
        assertThat(directory.tagSearches).as("token 1, unknown to the journal: nobody can have tried it").isEmpty();

        workflow.process(request("r-again", "corp.example.test", null), lease("r-again", 2));
        assertThat(directory.tagSearches).containsExactly("odjc request=r-again connector=");
    }

    @Test
    void theJournalNeverHoldsThePasswordOrTheBlob() throws Exception {
        workflow.process(request("r-2", "corp.example.test", null), lease("r-2", 1));
        String everything = journal.entries.toString();
        String password = new String(directory.entries.get(directory.computers().get(0)).password.copyUnits());
        assertThat(everything).doesNotContain(password).doesNotContain(password.substring(0, 8));
    }

    @Test
    void aDomainThisConnectorDoesNotServeFailsWithoutAWrite() throws Exception {
        JournalEntry last = workflow.process(request("r-3", "other.example.test", null), lease("r-3", 1));

        assertThat(last.state()).isEqualTo(RequestState.FAILED);
        assertThat(last.code()).contains("PROV-010");
        assertThat(directory.writes).isEmpty();
        assertThat(cloud.failures).containsExactly("PROV-010 retryable=false");
    }

    @Test
    void insufficientRightsOnTheOuFailTheRequestForGoodWithoutARetry() throws Exception {
        directory.failNext.put("add", new ConnectorException(FailureCode.AD_INSUFFICIENT_ACCESS,
                "00002098: SecErr: DSID-03150F94, problem 4003 (INSUFF_ACCESS_RIGHTS)"));

        JournalEntry last = workflow.process(request("r-rights", "corp.example.test", null), lease("r-rights", 1));

        assertThat(last.state()).isEqualTo(RequestState.FAILED);
        assertThat(last.code()).contains("AD-002");
        assertThat(cloud.failures).as("failed once, not handed back for another lease").containsExactly("AD-002 retryable=false");
        assertThat(directory.computers()).isEmpty();
    }

    @Test
    void aBindFaultOfTheDomainHandsTheRequestBackForALaterLease() throws Exception {
        directory.failNext.put("open", new ConnectorException(FailureCode.AD_BIND_INVALID, "data 52e"));

        JournalEntry last = workflow.process(request("r-bind", "corp.example.test", null), lease("r-bind", 1));

        assertThat(last.code()).contains("AD-007");
        assertThat(cloud.failures).containsExactly("AD-007 retryable=true");
    }

    @Test
    void anOuOutsideTheAllowListFailsWithoutAWrite() throws Exception {
        JournalEntry last = workflow.process(request("r-4", "corp.example.test", "OU=Other,DC=corp,DC=example,DC=test"),
                lease("r-4", 1));

        assertThat(last.code()).contains("PROV-001");
        assertThat(directory.writes).isEmpty();
    }

    @Test
    void aLeaseLostAtReportTimeDeletesTheAccountAndReportsNothing() throws Exception {
        cloud.reportFailures.add(new ConnectorException(FailureCode.CLOUD_LEASE_LOST, "token 1 < 2"));

        JournalEntry last = workflow.process(request("r-5", "corp.example.test", null), lease("r-5", 1));

        assertThat(last.code()).contains("CLOUD-001");
        assertThat(directory.computers()).isEmpty();
        assertThat(cloud.failures).isEmpty();
    }

    @Test
    void aReportOfUnknownFateKeepsTheAccountUntilTheDispatcherSaysItHasIt() throws Exception {
        cloud.reportFailures.add(new ConnectorException(FailureCode.CLOUD_UNREACHABLE, "read timed out"));

        JournalEntry last = workflow.process(request("r-6", "corp.example.test", null), lease("r-6", 1));
        assertThat(last.state()).isEqualTo(RequestState.ACCOUNT_CREATED);
        assertThat(directory.computers()).hasSize(1);

        cloud.statuses.put("r-6", new RemoteStatus.Finished(true));
        workflow.recover();
        assertThat(journal.latestState("r-6")).isEqualTo(RequestState.DONE);
        assertThat(directory.computers()).hasSize(1);
        assertThat(journal.unfinished()).isEmpty();
    }

    @Test
    void afterACrashWhileStillLeasedTheAccountIsAdoptedItsPasswordResetAndReportedUnderTheConfirmedToken()
            throws Exception {
        crashAfterTheAdd("r-7");
        MachinePassword lost = directory.entries.get(directory.computers().get(0)).password;
        cloud.statuses.put("r-7", new RemoteStatus.LeasedToUs(lease("r-7", 2)));

        workflow.recover();

        assertThat(directory.computers()).as("adopted, not duplicated").hasSize(1);
        FakeDirectory.Entry account = directory.entries.get(directory.computers().get(0));
        assertThat(account.password).isNotEqualTo(lost);
        Report report = cloud.reports.get(cloud.reports.size() - 1);
        assertThat(report.token).isEqualTo(2);
        assertThat(report.password).isEqualTo(account.password);
        assertThat(journal.latestState("r-7")).isEqualTo(RequestState.DONE);
    }

    @Test
    void afterACrashBetweenChoosingTheNameAndTheAddTheRequestIsDoneOnce() throws Exception {
        JoinRequest r = request("r-8", "corp.example.test", null);
        journal.append(JournalEntry.received(r, 1, NOW).withName(name("AP8"), dn("CN=AP8," + AUTOPILOT))
                .next(RequestState.NAME_CHOSEN, "", NOW));
        cloud.statuses.put("r-8", new RemoteStatus.LeasedToUs(lease("r-8", 2)));

        workflow.recover();

        assertThat(directory.computers()).hasSize(1);
        assertThat(cloud.reports).hasSize(1);
        assertThat(journal.latestState("r-8")).isEqualTo(RequestState.DONE);
    }

    @Test
    void whenAnotherConnectorFinishedTheRequestOurAccountIsDeleted() throws Exception {
        crashAfterTheAdd("r-9");
        cloud.statuses.put("r-9", new RemoteStatus.Finished(false));

        workflow.recover();

        assertThat(directory.computers()).isEmpty();
        assertThat(journal.latest(new RequestId("r-9")).orElseThrow().detail()).contains("another connector").contains("deleted");
    }

    @Test
    void aCancelledOrReassignedRequestsAccountIsDeleted() throws Exception {
        crashAfterTheAdd("r-10");
        cloud.statuses.put("r-10", new RemoteStatus.NotOurs("cancelled by the requester"));

        workflow.recover();

        assertThat(directory.computers()).isEmpty();
        assertThat(journal.latestState("r-10")).isEqualTo(RequestState.DONE);
    }

    @Test
    void anAccountAnotherConnectorAdoptedIsNeverDeletedByUs() throws Exception {
        crashAfterTheAdd("r-11");
        // connector c2 took the request over after our lease ran out, and adopted our account
        JoinWorkflow other = new JoinWorkflow(provisioner, new MemoryJournal(), new ScriptedCloud(), "c2", this::policy,
                Clock.fixed(NOW, ZoneOffset.UTC));
        other.process(request("r-11", "corp.example.test", null), lease("r-11", 2));
        assertThat(directory.entries.get(directory.computers().get(0)).description)
                .isEqualTo("odjc request=r-11 connector=c2");

        cloud.statuses.put("r-11", new RemoteStatus.Finished(false));
        workflow.recover();

        assertThat(directory.computers()).as("c2's blob must keep working").hasSize(1);
    }

    @Test
    void aDcOutageIsReportedAsRetryable() throws Exception {
        directory.failNext.put("open", new ConnectorException(FailureCode.AD_DC_UNREACHABLE, "connect timed out"));

        JournalEntry last = workflow.process(request("r-12", "corp.example.test", null), lease("r-12", 1));

        assertThat(last.state()).isEqualTo(RequestState.FAILED);
        assertThat(cloud.failures).containsExactly("DC-001 retryable=true");
    }

    @Test
    void recoveryLeavesEverythingOpenWhenTheDispatcherCannotBeAsked() throws Exception {
        crashAfterTheAdd("r-13");
        cloud.statusFailure = new ConnectorException(FailureCode.CLOUD_UNREACHABLE, "connection refused");

        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(workflow::recover, ConnectorException.class)
                .code()).isEqualTo(FailureCode.CLOUD_UNREACHABLE);
        assertThat(directory.computers()).hasSize(1);
        assertThat(journal.latestState("r-13")).isEqualTo(RequestState.ACCOUNT_CREATED);
    }

    /** The account exists with our tag; the journal says ACCOUNT_CREATED; the report never left. */
    private void crashAfterTheAdd(String id) throws Exception {
        cloud.reportFailures.add(new ConnectorException(FailureCode.CLOUD_UNREACHABLE, "process killed"));
        workflow.process(request(id, "corp.example.test", null), lease(id, 1));
        assertThat(journal.latestState(id)).isEqualTo(RequestState.ACCOUNT_CREATED);
        cloud.reports.clear();
    }

    private static JoinRequest request(String id, String domain, String ou) throws ConnectorException {
        return new JoinRequest(new RequestId(id), DomainDnsName.parse(domain),
                ou == null ? Optional.empty() : Optional.of(dn(ou)), NameRequest.Prefix.parse("AP"), "device-" + id);
    }

    private static Lease lease(String id, long token) {
        return new Lease(new RequestId(id), token, NOW.plusSeconds(300));
    }

    private static DistinguishedName dn(String s) {
        try {
            return DistinguishedName.parse(s);
        } catch (ConnectorException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static org.odjc.domain.ComputerName name(String s) throws ConnectorException {
        return org.odjc.domain.ComputerName.parse(s);
    }

    static final class MemoryJournal implements JoinJournal {
        final List<JournalEntry> entries = new ArrayList<>();
        final List<Integer> transactions = new ArrayList<>();

        @Override
        public synchronized void append(JournalEntry... appended) {
            entries.addAll(List.of(appended));
            transactions.add(appended.length);
        }

        final List<OwnedAccount> accounts = new ArrayList<>();

        @Override
        public synchronized void appendWithAccount(OwnedAccount account, JournalEntry... appended) {
            append(appended);
            accounts.add(account);
        }

        @Override
        public synchronized Optional<JournalEntry> latest(RequestId id) {
            for (int i = entries.size() - 1; i >= 0; i--) {
                if (entries.get(i).request().id().equals(id)) {
                    return Optional.of(entries.get(i));
                }
            }
            return Optional.empty();
        }

        @Override
        public synchronized List<JournalEntry> unfinished() {
            Map<RequestId, JournalEntry> last = new LinkedHashMap<>();
            entries.forEach(e -> last.put(e.request().id(), e));
            return last.values().stream().filter(e -> !e.state().isClosed()).toList();
        }

        List<RequestState> states(String id) {
            return entries.stream().filter(e -> e.request().id().value().equals(id)).map(JournalEntry::state).toList();
        }

        RequestState latestState(String id) {
            return latest(new RequestId(id)).orElseThrow().state();
        }
    }

    record Report(long token, MachinePassword password) {
    }

    static final class ScriptedCloud implements CloudChannel {
        final List<Report> reports = new ArrayList<>();
        final List<String> failures = new ArrayList<>();
        final Deque<ConnectorException> reportFailures = new ArrayDeque<>();
        final Map<String, RemoteStatus> statuses = new LinkedHashMap<>();
        ConnectorException statusFailure;

        @Override
        public void report(Lease lease, JoinResult result) throws ConnectorException {
            if (result instanceof JoinResult.Succeeded ok) {
                ConnectorException fail = reportFailures.poll();
                if (fail != null) {
                    throw fail;
                }
                var blob = OdjCodec.decode(ok.blob());
                MachinePassword pw = blob.win7Blob().orElseThrow().machinePassword();
                reports.add(new Report(lease.fencingToken(), MachinePassword.fromWire(pw.copyUnits())));
            } else if (result instanceof JoinResult.Failed failed) {
                failures.add(failed.code().id() + " retryable=" + failed.retryable());
            }
        }

        @Override
        public RemoteStatus status(RequestId id) throws ConnectorException {
            if (statusFailure != null) {
                throw statusFailure;
            }
            return statuses.get(id.value());
        }
    }
}
