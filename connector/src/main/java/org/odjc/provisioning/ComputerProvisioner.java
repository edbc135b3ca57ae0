package org.odjc.provisioning;

import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.odjc.domain.ComputerName;
import org.odjc.domain.DcInfo;
import org.odjc.domain.DistinguishedName;
import org.odjc.domain.DomainDnsName;
import org.odjc.domain.DomainFacts;
import org.odjc.domain.MachinePassword;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.Disposition;
import org.odjc.failure.FailureCode;
import org.odjc.odj.OdjBlobFactory;
import org.odjc.odj.OdjProvisionData;

/**
 * The provisioning use case: a cross-platform {@code djoin /provision}. Locates a writable DC,
 * binds, resolves the OU (checking the allow-list before any write), chooses a free name, creates
 * the account with a random password (or resets an existing one the caller may reuse), reads its
 * SID and builds the blob. Anything that fails after the add deletes the account again, so
 * nothing half-made is left. Thread-safe if its ports are; one call uses one session.
 */
public final class ComputerProvisioner {
    /** Names drawn for a prefix before giving up. */
    public static final int MAX_NAME_DRAWS = 16;

    private final DcLocator locator;
    private final Directory directory;
    private final RandomGenerator random;

    public ComputerProvisioner(DcLocator locator, Directory directory, RandomGenerator random) {
        this.locator = locator;
        this.directory = directory;
        this.random = random;
    }

    /**
     * Hands a new blob over while its account is still fresh: if it fails, an account this call
     * created is deleted again (a reset password of a reused account cannot be given back).
     */
    @FunctionalInterface
    public interface Delivery {
        void deliver(Provisioned provisioned) throws ConnectorException;

        /** Called before each add with what it will write, so a journal can record it first. */
        default void adding(ComputerName name, DistinguishedName dn) throws ConnectorException {
        }
    }

    public Provisioned provision(ProvisionRequest request) throws ConnectorException {
        return provision(request, p -> { });
    }

    public Provisioned provision(ProvisionRequest request, Delivery delivery) throws ConnectorException {
        if (request.ou().isPresent() && !request.allowList().permits(request.ou().get())) {
            throw notAllowed(request.ou().get());
        }
        return onFirstReachableDc(request.domain(), request.dc(),
                (session, dc) -> provisionOn(session, dc, request, delivery));
    }

    /**
     * Deletes the computer account whose {@code description} is exactly {@code tag} (a prefix
     * search, then an exact match, so {@code connector=c1} never takes {@code connector=c10}'s).
     * An account another connector adopted carries that connector's tag and is left alone.
     *
     * @return the DN deleted, or empty when no account carries the tag
     */
    public Optional<DistinguishedName> deleteTagged(DomainDnsName domain, Optional<DomainDnsName> dc, String tag)
            throws ConnectorException {
        return onFirstReachableDc(domain, dc, (session, used) -> {
            Optional<DirectoryAccount> tagged = session.findTagged(tag).filter(a -> a.description().equals(tag));
            if (tagged.isPresent()) {
                session.delete(tagged.get().dn());
            }
            return tagged.map(DirectoryAccount::dn);
        });
    }

    /** Work on one session; the DC it is bound to comes along for the blob and messages. */
    @FunctionalInterface
    private interface OnSession<T> {
        T apply(DirectorySession session, DcInfo dc) throws ConnectorException;
    }

    /**
     * Runs {@code work} on the first located DC that can be reached, failing over to the next one
     * when a DC is away (RETRY); anything else (credentials, trust) ends it at once.
     */
    private <T> T onFirstReachableDc(DomainDnsName domain, Optional<DomainDnsName> explicitDc, OnSession<T> work)
            throws ConnectorException {
        List<DcInfo> dcs = locator.locate(domain, explicitDc);
        ConnectorException unreachable = null;
        for (DcInfo dc : dcs) {
            DirectorySession session;
            try {
                session = directory.open(dc);
            } catch (ConnectorException e) {
                if (e.code().disposition() != Disposition.RETRY) {
                    throw e;
                }
                unreachable = e;
                continue;
            }
            try (session) {
                return work.apply(session, dc);
            }
        }
        throw new ConnectorException(FailureCode.DC_NONE_USABLE, dcs.size() + " DC(s) of " + domain + " tried"
                + (unreachable == null ? "" : "; last: " + unreachable.getMessage()), unreachable);
    }

    private Provisioned provisionOn(DirectorySession s, DcInfo dc, ProvisionRequest r, Delivery delivery)
            throws ConnectorException {
        DomainFacts facts = s.domainFacts();
        if (!facts.dnsDomainName().equalsIgnoreCase(r.domain())) {
            throw new ConnectorException(FailureCode.DC_WRONG_DOMAIN,
                    dc.hostName() + " serves " + facts.dnsDomainName() + ", not " + r.domain());
        }
        DistinguishedName ou = r.ou().isPresent() ? r.ou().get() : s.computersContainer();
        if (!r.allowList().permits(ou)) {
            throw notAllowed(ou);
        }
        // A missing OU shows in the add itself (noSuchObject, nothing written): one search fewer
        // per account, which counts on a DC whose readers wait for the password-hashing add.
        MachinePassword password = MachinePassword.random(random);
        try {
            Optional<DirectoryAccount> earlier = r.adoptTag().isPresent() ? s.findTagged(r.adoptTag().get())
                    : Optional.empty();
            if (earlier.isPresent()) {
                Provisioned adopted = reuse(s, dc, facts, r.withReuse(ReusePolicy.OWN), ou, nameOf(earlier.get()),
                        earlier.get(), password);
                delivery.deliver(adopted);
                return adopted;
            }
            if (r.name() instanceof NameRequest.Exact exact) {
                return provisionExact(s, dc, facts, r, ou, exact.name(), password, delivery);
            }
            return provisionDrawn(s, dc, facts, r, ou, (NameRequest.Prefix) r.name(), password, delivery);
        } catch (ConnectorException | RuntimeException e) {
            password.wipe();
            throw e;
        }
    }

    private Provisioned provisionExact(DirectorySession s, DcInfo dc, DomainFacts facts, ProvisionRequest r,
            DistinguishedName ou, ComputerName name, MachinePassword password, Delivery delivery)
            throws ConnectorException {
        Optional<DirectoryAccount> existing = s.findBySamAccountName(name.samAccountName());
        if (existing.isPresent()) {
            Provisioned reused = reuse(s, dc, facts, r, ou, name, existing.get(), password);
            delivery.deliver(reused);
            return reused;
        }
        NewComputerAccount account = NewComputerAccount.of(ou, name, facts.dnsDomainName(), password, r.description());
        if (s.exists(account.dn())) {
            throw new ConnectorException(FailureCode.PROV_NAME_TAKEN_IN_OU, account.dn() + " is another object");
        }
        delivery.adding(name, account.dn());
        try {
            add(s, account, dc);
        } catch (ConnectorException e) {
            if (e.code() != FailureCode.AD_ALREADY_EXISTS) {
                throw e;
            }
            // the name was taken between the look-up and the add (another connector, replication):
            // the same fact as an account found by the look-up, so the same code, not a second one
            Optional<DirectoryAccount> appeared = s.findBySamAccountName(name.samAccountName());
            throw appeared.isPresent()
                    ? new ConnectorException(FailureCode.PROV_ACCOUNT_EXISTS, appeared.get().dn()
                            + " appeared while this request added it (another connector, or replication)", e)
                    : new ConnectorException(FailureCode.PROV_NAME_TAKEN_IN_OU, account.dn()
                            + " was taken by another object while this request added it", e);
        }
        return completeCreated(s, dc, facts, name, account.dn(), password, delivery);
    }

    private Provisioned provisionDrawn(DirectorySession s, DcInfo dc, DomainFacts facts, ProvisionRequest r,
            DistinguishedName ou, NameRequest.Prefix prefix, MachinePassword password, Delivery delivery)
            throws ConnectorException {
        // No look-up before the add: the DC checks the CN in the OU, the sAMAccountName across the
        // domain and the SPNs across the forest atomically as part of the add (AD: 0x524 or 0x2185;
        // Samba: samldb), where a look-up could only race it. A collision just draws again.
        for (int draw = 0; draw < MAX_NAME_DRAWS; draw++) {
            ComputerName name = prefix.draw(random);
            NewComputerAccount account = NewComputerAccount.of(ou, name, facts.dnsDomainName(), password, r.description());
            delivery.adding(name, account.dn());
            try {
                add(s, account, dc);
            } catch (ConnectorException e) {
                if (e.code() == FailureCode.AD_ALREADY_EXISTS || e.code() == FailureCode.AD_SPN_CONFLICT) {
                    continue;
                }
                throw e;
            }
            return completeCreated(s, dc, facts, name, account.dn(), password, delivery);
        }
        throw new ConnectorException(FailureCode.PROV_NO_FREE_NAME,
                MAX_NAME_DRAWS + " names drawn for prefix " + prefix.prefix() + " in " + ou + " were all taken");
    }

    /** RFC 4511 4.7: an add answered noSuchObject means the parent (the OU) does not exist. */
    private static void add(DirectorySession s, NewComputerAccount account, DcInfo dc) throws ConnectorException {
        try {
            s.add(account);
        } catch (ConnectorException e) {
            if (e.code() == FailureCode.AD_NO_SUCH_OBJECT) {
                throw new ConnectorException(FailureCode.PROV_NO_SUCH_OU,
                        account.dn().parent().orElseThrow() + " on " + dc.hostName(), e);
            }
            throw e;
        }
    }

    /** After the add: read the SID, build and deliver the blob, or delete the account again. */
    private Provisioned completeCreated(DirectorySession s, DcInfo dc, DomainFacts facts, ComputerName name,
            DistinguishedName dn, MachinePassword password, Delivery delivery) throws ConnectorException {
        try {
            DirectoryAccount created = s.read(dn);
            Provisioned done = new Provisioned(name, created, dc, blob(facts, dc, name, password, created), false);
            delivery.deliver(done);
            return done;
        } catch (ConnectorException | RuntimeException e) {
            compensate(s, dn, e);
            throw e;
        }
    }

    private Provisioned reuse(DirectorySession s, DcInfo dc, DomainFacts facts, ProvisionRequest r,
            DistinguishedName ou, ComputerName name, DirectoryAccount existing, MachinePassword password)
            throws ConnectorException {
        if (r.reuse() == ReusePolicy.NEVER) {
            throw new ConnectorException(FailureCode.PROV_ACCOUNT_EXISTS, existing.dn().toString());
        }
        if (!existing.isComputer()) {
            throw new ConnectorException(FailureCode.PROV_NAME_TAKEN_IN_OU,
                    existing.dn() + " has sAMAccountName " + name.samAccountName() + " but is not a computer account");
        }
        DistinguishedName parent = existing.dn().parent().orElseThrow();
        if (!r.allowList().permits(parent)) {
            throw notAllowed(parent);
        }
        if (r.ou().isPresent() && !parent.equals(ou)) {
            throw new ConnectorException(FailureCode.PROV_EXISTS_ELSEWHERE, existing.dn() + " is not in " + ou);
        }
        if (r.reuse() == ReusePolicy.OWN && !existing.belongsTo(s.identity())) {
            throw new ConnectorException(FailureCode.PROV_REUSE_BLOCKED, existing.dn() + " owned by "
                    + existing.owner().map(Object::toString).orElse("?") + ", bound as " + s.identity().name());
        }
        s.resetPassword(existing.dn(), password, true, r.description());
        DirectoryAccount account = s.read(existing.dn());
        return new Provisioned(name, account, dc, blob(facts, dc, name, password, account), true);
    }

    /** The computer name of an account: its CN (Windows names the object {@code CN=<NAME>}). */
    private static ComputerName nameOf(DirectoryAccount account) throws ConnectorException {
        String cn = account.dn().rdnValue();
        return ComputerName.parse(cn);
    }

    private static OdjProvisionData blob(DomainFacts facts, DcInfo dc, ComputerName name, MachinePassword password,
            DirectoryAccount account) throws ConnectorException {
        if (!facts.domainSid().isDomainOf(account.sid())) {
            throw new ConnectorException(FailureCode.PROV_UNEXPECTED_SID,
                    account.dn() + " has SID " + account.sid() + ", not in " + facts.domainSid());
        }
        return OdjBlobFactory.build(OdjBlobFactory.Spec.of(facts, dc, name, password, account.sid().rid()));
    }

    private static void compensate(DirectorySession s, DistinguishedName dn, Exception cause) throws ConnectorException {
        try {
            s.delete(dn);
        } catch (ConnectorException deleteFailed) {
            ConnectorException orphan = new ConnectorException(FailureCode.PROV_ORPHAN_LEFT,
                    dn + " (the step after the add failed: " + cause.getMessage() + "; deleting it failed: "
                            + deleteFailed.getMessage() + ")", cause);
            orphan.addSuppressed(deleteFailed);
            throw orphan;
        }
    }

    private static ConnectorException notAllowed(DistinguishedName ou) {
        return new ConnectorException(FailureCode.PROV_OU_NOT_ALLOWED, ou.toString());
    }
}
