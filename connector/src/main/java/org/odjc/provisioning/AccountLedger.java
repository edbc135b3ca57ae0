package org.odjc.provisioning;

import java.time.Instant;
import java.util.List;
import org.odjc.domain.DomainDnsName;
import org.odjc.domain.Guid;
import org.odjc.failure.ConnectorException;

/** Port: the journal's record of the accounts the connector created, as cleanup reads and updates it. */
public interface AccountLedger {
    /** The accounts recorded in {@code domain}, neither deleted nor seen used, oldest first. */
    List<OwnedAccount> owned(DomainDnsName domain) throws ConnectorException;

    /** Cleanup disabled the account (or found it disabled) at {@code at}: the grace period starts. Durable on return. */
    void disabled(Guid objectGuid, Instant at) throws ConnectorException;

    /**
     * The account was used ({@code evidence}: a logon, a password change): it can never again be a
     * never-used account, so cleanup stops looking it up.
     */
    void used(Guid objectGuid, Instant at, String evidence) throws ConnectorException;

    /** The account is gone: cleanup deleted it, or it was not in the directory any more ({@code why}). */
    void deleted(Guid objectGuid, Instant at, String why) throws ConnectorException;
}
