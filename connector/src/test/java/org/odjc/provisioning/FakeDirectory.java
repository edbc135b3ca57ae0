package org.odjc.provisioning;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.odjc.domain.DcInfo;
import org.odjc.domain.DistinguishedName;
import org.odjc.domain.DomainFacts;
import org.odjc.domain.Guid;
import org.odjc.domain.MachinePassword;
import org.odjc.domain.Sid;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.odj.Lab;

/**
 * An in-memory directory that behaves like AD where provisioning cares: unique sAMAccountName,
 * RIDs from a counter, adds below missing parents fail. Counts writes so tests can assert that
 * refused requests wrote nothing; failures can be injected per operation.
 */
final class FakeDirectory implements Directory {
    static final Sid ADMIN = sid("S-1-5-21-4179786682-758193429-3305259385-500");
    static final Sid DOMAIN_ADMINS = sid("S-1-5-21-4179786682-758193429-3305259385-512");
    static final Sid SOMEONE_ELSE = sid("S-1-5-21-4179786682-758193429-3305259385-1999");

    final Map<DistinguishedName, Entry> entries = new LinkedHashMap<>();
    final List<String> writes = new ArrayList<>();
    final List<String> tagSearches = new ArrayList<>();
    final List<DcInfo> opened = new ArrayList<>();
    DomainFacts facts;
    Identity identity = new Identity("Administrator@corp.example.test", ADMIN, Set.of(DOMAIN_ADMINS));
    long nextRid = 1100;
    /** Operation name ("add", "read", "delete", "open", …) → failure to throw once. */
    final Map<String, ConnectorException> failNext = new LinkedHashMap<>();
    /** Runs at the start of the next add only: another writer that gets there first. */
    java.util.concurrent.Callable<?> beforeNextAdd;

    static final class Entry {
        String sam;
        Sid sid;
        Guid guid = new Guid(UUID.randomUUID());
        long uac;
        Optional<Sid> owner = Optional.empty();
        Optional<Sid> creator = Optional.empty();
        String description = "";
        MachinePassword password;
    }

    FakeDirectory() throws Exception {
        facts = Lab.domain();
        container("DC=corp,DC=example,DC=test");
        container("CN=Computers,DC=corp,DC=example,DC=test");
        container("OU=Autopilot,DC=corp,DC=example,DC=test");
        container("OU=Other,DC=corp,DC=example,DC=test");
    }

    void container(String dn) throws ConnectorException {
        entries.put(DistinguishedName.parse(dn), new Entry());
    }

    /** An existing computer account, as if someone created it earlier. */
    Entry computer(String ou, String name, Sid owner) throws ConnectorException {
        Entry e = new Entry();
        e.sam = name + "$";
        e.sid = facts.domainSid().withRid(nextRid++);
        e.uac = 4096 | DirectoryAccount.ACCOUNTDISABLE;
        e.owner = Optional.of(owner);
        entries.put(DistinguishedName.parse(ou).child("CN", name), e);
        return e;
    }

    static Sid sid(String s) {
        try {
            return Sid.parse(s);
        } catch (ConnectorException e) {
            throw new IllegalArgumentException(e);
        }
    }

    void maybeFail(String op) throws ConnectorException {
        ConnectorException e = failNext.remove(op);
        if (e != null) {
            throw e;
        }
    }

    List<DistinguishedName> computers() {
        return entries.entrySet().stream().filter(e -> e.getValue().sam != null).map(Map.Entry::getKey).toList();
    }

    @Override
    public DirectorySession open(DcInfo dc) throws ConnectorException {
        maybeFail("open");
        opened.add(dc);
        return new DirectorySession() {
            @Override
            public DomainFacts domainFacts() {
                return facts;
            }

            @Override
            public DistinguishedName computersContainer() throws ConnectorException {
                return DistinguishedName.parse("CN=Computers,DC=corp,DC=example,DC=test");
            }

            @Override
            public Identity identity() {
                return identity;
            }

            @Override
            public java.util.List<org.odjc.domain.SecurityDescriptor.Ace> dacl(DistinguishedName dn) {
                throw new UnsupportedOperationException("the provisioning fakes read no security descriptors");
            }

            @Override
            public java.util.OptionalLong keyVersion(org.odjc.domain.Sid sid) {
                throw new UnsupportedOperationException("the provisioning fakes keep no keys");
            }

            @Override
            public MachineAccountQuota machineAccountQuota(org.odjc.domain.Sid creator) {
                throw new UnsupportedOperationException("the provisioning fakes keep no quota");
            }

            @Override
            public Identity principal(String name) {
                throw new UnsupportedOperationException("the provisioning fakes look up no principals");
            }

            @Override
            public void addAces(DistinguishedName dn, java.util.List<org.odjc.domain.SecurityDescriptor.Ace> aces) {
                throw new UnsupportedOperationException("the provisioning fakes write no security descriptors");
            }

            @Override
            public java.util.List<DistinguishedName> organizationalUnits(int limit) {
                throw new UnsupportedOperationException("the provisioning fakes list no OUs");
            }

            @Override
            public boolean exists(DistinguishedName dn) {
                return entries.containsKey(dn);
            }

            @Override
            public Optional<DirectoryAccount> findBySamAccountName(String sam) {
                return entries.entrySet().stream().filter(e -> sam.equalsIgnoreCase(e.getValue().sam)).findFirst()
                        .map(e -> account(e.getKey(), e.getValue()));
            }

            @Override
            public void add(NewComputerAccount a) throws ConnectorException {
                maybeFail("add");
                if (beforeNextAdd != null) {
                    java.util.concurrent.Callable<?> race = beforeNextAdd;
                    beforeNextAdd = null;
                    try {
                        race.call();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
                if (entries.containsKey(a.dn()) || findBySamAccountName(a.samAccountName()).isPresent()) {
                    throw new ConnectorException(FailureCode.AD_ALREADY_EXISTS, a.dn().toString());
                }
                if (!entries.containsKey(a.dn().parent().orElseThrow())) {
                    throw new ConnectorException(FailureCode.AD_NO_SUCH_OBJECT, "parent of " + a.dn() + " does not exist");
                }
                Entry e = new Entry();
                e.sam = a.samAccountName();
                e.sid = facts.domainSid().withRid(nextRid++);
                e.uac = NewComputerAccount.USER_ACCOUNT_CONTROL;
                e.owner = Optional.of(DOMAIN_ADMINS);
                e.description = a.description();
                e.password = MachinePassword.fromWire(a.password().copyUnits());
                entries.put(a.dn(), e);
                writes.add("add " + a.dn());
            }

            @Override
            public Optional<DirectoryAccount> findTagged(String tagPrefix) throws ConnectorException {
                maybeFail("findTagged");
                tagSearches.add(tagPrefix);
                return entries.entrySet().stream()
                        .filter(e -> e.getValue().sam != null && e.getValue().description.startsWith(tagPrefix))
                        .findFirst().map(e -> account(e.getKey(), e.getValue()));
            }

            @Override
            public DirectoryAccount read(DistinguishedName dn) throws ConnectorException {
                maybeFail("read");
                return account(dn, entries.get(dn));
            }

            @Override
            public void delete(DistinguishedName dn) throws ConnectorException {
                maybeFail("delete");
                entries.remove(dn);
                writes.add("delete " + dn);
            }

            @Override
            public void resetPassword(DistinguishedName dn, MachinePassword pw, boolean enable, String description)
                    throws ConnectorException {
                maybeFail("reset");
                Entry e = entries.get(dn);
                e.password = MachinePassword.fromWire(pw.copyUnits());
                e.description = description;
                if (enable) {
                    e.uac &= ~DirectoryAccount.ACCOUNTDISABLE;
                }
                writes.add("reset " + dn);
            }

            @Override
            public Optional<AccountActivity> activity(org.odjc.domain.Guid objectGuid) {
                throw new UnsupportedOperationException("cleanup is tested with AccountCleanupTest's directory");
            }

            @Override
            public void disable(DistinguishedName dn) {
                throw new UnsupportedOperationException("cleanup is tested with AccountCleanupTest's directory");
            }

            @Override
            public void close() {
            }
        };
    }

    private static DirectoryAccount account(DistinguishedName dn, Entry e) {
        return new DirectoryAccount(dn, e.sid, e.guid, e.uac, e.owner, e.creator, e.description);
    }
}
