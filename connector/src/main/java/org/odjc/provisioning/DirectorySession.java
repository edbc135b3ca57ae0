package org.odjc.provisioning;

import java.util.Optional;
import org.odjc.domain.DistinguishedName;
import org.odjc.domain.DomainFacts;
import org.odjc.domain.MachinePassword;
import org.odjc.failure.ConnectorException;

/** Port: one bound connection to one DC. Not thread-safe. */
public interface DirectorySession extends AutoCloseable {
    /** NetBIOS and DNS names, forest, GUID and SID of the DC's domain. */
    DomainFacts domainFacts() throws ConnectorException;

    /** The domain's well-known Computers container (normally {@code CN=Computers,<domain>}). */
    DistinguishedName computersContainer() throws ConnectorException;

    /** Who this session is bound as. */
    Identity identity() throws ConnectorException;

    /**
     * The DACL of {@code dn}'s {@code nTSecurityDescriptor} (what diagnostics read rights from);
     * {@code AD-004} when there is no such object.
     */
    java.util.List<org.odjc.domain.SecurityDescriptor.Ace> dacl(DistinguishedName dn) throws ConnectorException;

    /** The {@code msDS-KeyVersionNumber} of the account with {@code sid}; empty for an account that has none. */
    java.util.OptionalLong keyVersion(org.odjc.domain.Sid sid) throws ConnectorException;

    /** The domain's machine account quota and how much of it {@code creator} used. */
    MachineAccountQuota machineAccountQuota(org.odjc.domain.Sid creator) throws ConnectorException;

    /** A user or group by sAMAccountName or UPN, with its groups ({@code tokenGroups}; a group's own SID only). */
    Identity principal(String name) throws ConnectorException;

    /** Adds {@code aces} to {@code dn}'s DACL after its explicit ACEs; the rest of the descriptor is untouched. */
    void addAces(DistinguishedName dn, java.util.List<org.odjc.domain.SecurityDescriptor.Ace> aces) throws ConnectorException;

    boolean exists(DistinguishedName dn) throws ConnectorException;

    /** The domain's organizational units, at most {@code limit}, for an admin to choose the allow-list from. */
    java.util.List<DistinguishedName> organizationalUnits(int limit) throws ConnectorException;

    /** The object with this {@code sAMAccountName} anywhere in the domain. */
    Optional<DirectoryAccount> findBySamAccountName(String samAccountName) throws ConnectorException;

    /** One LDAP add with every attribute of the account (docs/ad-facts.md §1). */
    void add(NewComputerAccount account) throws ConnectorException;

    /** The account as stored, SID and GUID included. */
    DirectoryAccount read(DistinguishedName dn) throws ConnectorException;

    void delete(DistinguishedName dn) throws ConnectorException;

    /**
     * Replaces the password and the description (the tag of who now holds the account) in one
     * modify; with {@code enable}, also clears ACCOUNTDISABLE.
     */
    void resetPassword(DistinguishedName dn, MachinePassword password, boolean enable, String description)
            throws ConnectorException;

    /** The computer account whose {@code description} starts with {@code tagPrefix}, anywhere in the domain. */
    Optional<DirectoryAccount> findTagged(String tagPrefix) throws ConnectorException;

    /** The object with this {@code objectGUID} anywhere in the domain, with what shows its use (cleanup); empty when none. */
    Optional<AccountActivity> activity(org.odjc.domain.Guid objectGuid) throws ConnectorException;

    /** Sets ACCOUNTDISABLE in {@code dn}'s {@code userAccountControl}, keeping its other bits. */
    void disable(DistinguishedName dn) throws ConnectorException;

    @Override
    void close();
}
