package org.odjc.provisioning;

import java.util.Objects;
import java.util.Optional;
import org.odjc.domain.DistinguishedName;
import org.odjc.domain.Guid;
import org.odjc.domain.Sid;

/**
 * An account as the directory holds it.
 *
 * @param owner the owner in its security descriptor
 * @param creatorSid {@code mS-DS-CreatorSID}: set by AD when a principal without delegated rights
 *        created it under {@code ms-DS-MachineAccountQuota}; Samba never sets it
 */
public record DirectoryAccount(
        DistinguishedName dn,
        Sid sid,
        Guid objectGuid,
        long userAccountControl,
        Optional<Sid> owner,
        Optional<Sid> creatorSid,
        String description) {

    public static final long ACCOUNTDISABLE = 0x2;
    public static final long WORKSTATION_TRUST_ACCOUNT = 0x1000;

    public DirectoryAccount {
        Objects.requireNonNull(dn, "dn");
        Objects.requireNonNull(sid, "sid");
        Objects.requireNonNull(objectGuid, "objectGuid");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(creatorSid, "creatorSid");
        description = description == null ? "" : description;
    }

    public boolean isComputer() {
        return (userAccountControl & WORKSTATION_TRUST_ACCOUNT) != 0;
    }

    /**
     * Windows' October 2022 reuse rule, as far as the directory shows it: the principal created the
     * account ({@code mS-DS-CreatorSID}) or owns it, itself or through a group (Domain Admins owns
     * what its members create).
     */
    public boolean belongsTo(Identity identity) {
        return creatorSid.map(identity.sid()::equals).orElse(false) || owner.map(identity::holds).orElse(false);
    }
}
