package org.odjc.provisioning;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;
import org.odjc.domain.ComputerName;
import org.odjc.domain.DistinguishedName;
import org.odjc.domain.DomainDnsName;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.odj.OdjCodec;

/**
 * A leased join request from start to result, exactly once (docs/architecture.md §5):
 * <ul>
 * <li>each state is journaled before the side effect it announces: {@code NAME_CHOSEN} before the
 *     add, {@code ACCOUNT_CREATED} before the blob leaves; the password and blob never touch the journal;</li>
 * <li>an account already tagged with the request's id (an earlier attempt, ours or another
 *     connector's) is adopted, never duplicated; adopting re-tags it with this connector's id;</li>
 * <li>a report the dispatcher refuses (lease lost) deletes the account made for it; a report whose
 *     fate is unknown keeps it, and recovery asks the dispatcher;</li>
 * <li>a password is only reset under a lease the dispatcher has just granted or confirmed, so a
 *     blob it accepted is never invalidated.</li>
 * </ul>
 * Thread-safe if its ports are; requests with different ids may run in parallel.
 */
public final class JoinWorkflow implements RequestProcessor {
    private final ComputerProvisioner provisioner;
    private final JoinJournal journal;
    private final CloudChannel cloud;
    private final String connectorId;
    private final Function<DomainDnsName, Optional<DomainPolicy>> domains;
    private final Clock clock;

    /**
     * @param connectorId this connector's id at the dispatcher; part of every tag it writes
     * @param domains what the configuration allows per domain (empty: not served)
     */
    public JoinWorkflow(ComputerProvisioner provisioner, JoinJournal journal, CloudChannel cloud, String connectorId,
            Function<DomainDnsName, Optional<DomainPolicy>> domains, Clock clock) {
        this.provisioner = provisioner;
        this.journal = journal;
        this.cloud = cloud;
        this.connectorId = connectorId;
        this.domains = domains;
        this.clock = clock;
    }

    /** The {@code description} of accounts made for {@code id} by this connector. */
    public String tag(RequestId id) {
        return adoptTag(id) + connectorId;
    }

    /**
     * What every attempt at {@code id}, by any connector, starts its tag with. It ends inside the
     * tag, never at the space after the id: LDAP substring matching drops a trailing space
     * (RFC 4518's insignificant-space handling), so {@code request=r-1 *} would also find
     * {@code request=r-10}'s account; an inner space is kept.
     */
    static String adoptTag(RequestId id) {
        return "odjc request=" + id.value() + " connector=";
    }

    /**
     * Processes a request under a lease just granted or confirmed.
     *
     * @return the last journal entry: closed, or {@code ACCOUNT_CREATED} when the report's fate is
     *         unknown (then {@link #recover()} settles it once the dispatcher answers)
     * @throws ConnectorException only when the journal cannot be written
     */
    @Override
    public JournalEntry process(JoinRequest request, Lease lease) throws ConnectorException {
        // Tokens start at 1 and every lease adds one: on a first lease that this journal has never
        // seen, no attempt (ours or another connector's) can have tagged an account, so the
        // adoption search (unindexed: description) is skipped.
        boolean earlierAttemptPossible = lease.fencingToken() > 1 || journal.latest(request.id()).isPresent();
        // RECEIVED goes to disk with the next entry: until NAME_CHOSEN nothing was written anywhere,
        // so a crash before it loses nothing (three fsyncs per request instead of five).
        Attempt attempt = new Attempt(JournalEntry.received(request, lease.fencingToken(), clock.instant()), lease);
        Optional<DomainPolicy> policy = domains.apply(request.domain());
        if (policy.isEmpty()) {
            return fail(attempt, lease, new ConnectorException(FailureCode.PROV_DOMAIN_NOT_SERVED,
                    request.domain().toString()));
        }
        ProvisionRequest provision = new ProvisionRequest(request.domain(), request.name(),
                request.ou().or(policy.get()::defaultOu), policy.get().dc(), ReusePolicy.NEVER, policy.get().allowList(),
                tag(request.id()), earlierAttemptPossible ? Optional.of(adoptTag(request.id())) : Optional.empty());
        try {
            provisioner.provision(provision, attempt);
        } catch (ConnectorException e) {
            return fail(attempt, lease, e);
        }
        if (attempt.reportUnknown) {
            return attempt.entry;
        }
        JournalEntry reported = attempt.entry.next(RequestState.REPORTED, "", clock.instant());
        JournalEntry done = reported.next(RequestState.DONE, "reported", clock.instant());
        attempt.write(reported, done);
        return done;
    }

    /**
     * Hands a request back untried: its domain is paused ({@code why} is the code that paused it, a
     * HALT or LATCH, so the report says retryable and the dispatcher leases it again, here once the
     * domain resumes or to another connector). Nothing is written to the directory.
     *
     * @throws ConnectorException only when the journal cannot be written
     */
    @Override
    public JournalEntry handBack(JoinRequest request, Lease lease, ConnectorException why) throws ConnectorException {
        Attempt attempt = new Attempt(JournalEntry.received(request, lease.fencingToken(), clock.instant()), lease);
        return fail(attempt, lease, new ConnectorException(why.code(), "not attempted: domain " + request.domain()
                + " is paused by " + why.code().id() + ": " + why.getMessage()));
    }

    /**
     * Settles every request a crash left open, asking the dispatcher about each: it holds our
     * result (close); another connector's (delete our account, close); still leased to us (adopt
     * the account, reset its password under that lease, report); gone (delete our account, close).
     *
     * @throws ConnectorException {@code CLOUD-002} when the dispatcher cannot be asked (try later)
     */
    @Override
    public void recover() throws ConnectorException {
        for (JournalEntry open : journal.unfinished()) {
            settle(open);
        }
    }

    JournalEntry settle(JournalEntry open) throws ConnectorException {
        RequestId id = open.request().id();
        RemoteStatus status = cloud.status(id);
        if (status instanceof RemoteStatus.LeasedToUs leased) {
            return process(open.request(), leased.lease());
        }
        if (status instanceof RemoteStatus.Finished finished && finished.ours()) {
            return close(open, RequestState.DONE, "the dispatcher holds our result");
        }
        String why = status instanceof RemoteStatus.NotOurs notOurs ? notOurs.why() : "another connector finished it";
        if (open.state() != RequestState.RECEIVED) { // from NAME_CHOSEN on, an account may exist
            Optional<DomainPolicy> policy = domains.apply(open.request().domain());
            Optional<DistinguishedName> deleted = provisioner.deleteTagged(open.request().domain(),
                    policy.flatMap(DomainPolicy::dc), tag(id));
            if (deleted.isPresent()) {
                why += "; deleted " + deleted.get();
            }
        }
        return close(open, RequestState.DONE, why);
    }

    private JournalEntry close(JournalEntry last, RequestState state, String detail) throws ConnectorException {
        JournalEntry closed = last.next(state, detail, clock.instant());
        journal.append(closed);
        return closed;
    }

    /**
     * Journals the failure and reports it: retryable unless the request itself cannot succeed
     * (FAIL_REQUEST, which includes missing rights on the OU: AD-001, AD-002). A HALT or LATCH (the
     * domain's bind, DCs or an account left behind) is retryable: another connector, or this one once
     * the domain resumes, may well succeed. A lost lease is not reported: it is not ours to.
     */
    private JournalEntry fail(Attempt attempt, Lease lease, ConnectorException e) throws ConnectorException {
        String detail = e.getMessage();
        if (e.code() != FailureCode.CLOUD_LEASE_LOST) {
            try {
                cloud.report(lease, new JoinResult.Failed(e.code(), e.getMessage(), e.code().disposition().retryable()));
            } catch (ConnectorException notReported) {
                detail += " (not reported: " + notReported.code().id() + ")"; // the lease runs out; it comes back
            }
        }
        JournalEntry failed = attempt.entry.withCode(e.code().id()).next(RequestState.FAILED, detail, clock.instant());
        attempt.write(failed);
        return failed;
    }

    /** The journal writes and the report of one attempt, called by the provisioner at each step. */
    private final class Attempt implements ComputerProvisioner.Delivery {
        private final Lease lease;
        private JournalEntry entry;
        private JournalEntry unwritten; // RECEIVED, until the first durable write takes it along
        private boolean reportUnknown;

        Attempt(JournalEntry received, Lease lease) {
            this.entry = received;
            this.unwritten = received;
            this.lease = lease;
        }

        /** Appends {@code entries} (after RECEIVED, the first time) in one durable transaction. */
        void write(JournalEntry... entries) throws ConnectorException {
            write(Optional.empty(), entries);
        }

        private void write(Optional<OwnedAccount> account, JournalEntry... entries) throws ConnectorException {
            JournalEntry[] all = entries;
            if (unwritten != null) {
                all = new JournalEntry[entries.length + 1];
                all[0] = unwritten;
                System.arraycopy(entries, 0, all, 1, entries.length);
            }
            if (account.isPresent()) {
                journal.appendWithAccount(account.get(), all);
            } else {
                journal.append(all);
            }
            unwritten = null;
        }

        @Override
        public void adding(ComputerName name, DistinguishedName dn) throws ConnectorException {
            entry = entry.withName(name, dn).next(RequestState.NAME_CHOSEN, "", clock.instant());
            write(entry);
        }

        /** A throw here makes the provisioner delete an account it created; so only a definite refusal throws. */
        @Override
        public void deliver(Provisioned p) throws ConnectorException {
            entry = entry.withName(p.name(), p.account().dn()).withAccount(p.account().sid(), p.dc().hostName().value())
                    .next(RequestState.ACCOUNT_CREATED, p.reused() ? "adopted an earlier attempt's account" : "",
                            clock.instant());
            // the GUID goes to the journal with ACCOUNT_CREATED, before the blob leaves: cleanup
            // later touches only accounts the journal vouches for
            write(Optional.of(new OwnedAccount(p.account().objectGuid(), entry.request().id(), entry.request().domain(),
                    p.account().dn(), p.account().sid(), tag(entry.request().id()), entry.at(), entry.at(), Optional.empty())),
                    entry);
            JoinResult.Succeeded result = new JoinResult.Succeeded(p.name(), p.account().dn(), p.account().sid(),
                    p.dc().hostName().value(), OdjCodec.encode(p.blob()));
            try {
                cloud.report(lease, result);
            } catch (ConnectorException e) {
                if (e.code() == FailureCode.CLOUD_LEASE_LOST) {
                    throw e;
                }
                reportUnknown = true;
            } finally {
                result.wipe();
                p.wipe();
            }
        }
    }
}
