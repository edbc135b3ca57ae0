package org.odjc.provisioning;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.odjc.domain.DistinguishedName;
import org.odjc.domain.Guid;

/**
 * What the directory shows of a computer account's use (docs/ad-facts.md; MS-ADA1/MS-ADA3):
 *
 * @param whenCreated when the DC created the object (second resolution)
 * @param pwdLastSet when the password was last set; empty for 0 ("must change") or absent
 * @param lastLogonTimestamp replicated; written at the first logon and then every 9-14 days
 * @param lastLogon this DC's own record of the last logon (not replicated); empty for 0
 * @param logonCount this DC's count of logons (not replicated)
 */
public record AccountActivity(DistinguishedName dn, Guid objectGuid, long userAccountControl, String description,
        Instant whenCreated, Optional<Instant> pwdLastSet, Optional<Instant> lastLogonTimestamp,
        Optional<Instant> lastLogon, long logonCount) {
    public AccountActivity {
        Objects.requireNonNull(dn, "dn");
        Objects.requireNonNull(objectGuid, "objectGuid");
        description = description == null ? "" : description;
        Objects.requireNonNull(whenCreated, "whenCreated");
        Objects.requireNonNull(pwdLastSet, "pwdLastSet");
        Objects.requireNonNull(lastLogonTimestamp, "lastLogonTimestamp");
        Objects.requireNonNull(lastLogon, "lastLogon");
    }

    public boolean isDisabled() {
        return (userAccountControl & DirectoryAccount.ACCOUNTDISABLE) != 0;
    }

    public boolean isComputer() {
        return (userAccountControl & DirectoryAccount.WORKSTATION_TRUST_ACCOUNT) != 0;
    }
}
