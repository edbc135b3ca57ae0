package org.odjc.provisioning;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.odjc.domain.DistinguishedName;
import org.odjc.domain.DomainDnsName;
import org.odjc.domain.Guid;
import org.odjc.domain.Sid;

/**
 * A computer account the journal says this connector created (or adopted and re-tagged): the only
 * accounts cleanup may touch. The {@code objectGUID} is the proof; the tag alone is not, since
 * anyone who may write {@code description} can copy it.
 *
 * @param dn where it was when recorded (the account is found again by GUID, so a move does not matter)
 * @param tag the {@code description} the connector wrote; cleanup requires it unchanged
 * @param createdAt when the connector first recorded it (its own clock)
 * @param passwordSetAt when the connector last set its password (creation, or a reset when a
 *        request adopted it after a crash): a {@code pwdLastSet} after that is someone else's change
 * @param disabledAt when cleanup disabled it (start of the grace period); empty while enabled by us
 */
public record OwnedAccount(Guid objectGuid, RequestId requestId, DomainDnsName domain, DistinguishedName dn, Sid sid,
        String tag, Instant createdAt, Instant passwordSetAt, Optional<Instant> disabledAt) {
    public OwnedAccount {
        Objects.requireNonNull(objectGuid, "objectGuid");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(dn, "dn");
        Objects.requireNonNull(sid, "sid");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(passwordSetAt, "passwordSetAt");
        Objects.requireNonNull(disabledAt, "disabledAt");
    }
}
