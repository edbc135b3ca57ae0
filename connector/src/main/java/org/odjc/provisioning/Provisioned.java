package org.odjc.provisioning;

import java.util.Objects;
import org.odjc.domain.ComputerName;
import org.odjc.domain.DcInfo;
import org.odjc.odj.OdjProvisionData;

/**
 * A provisioned account and its blob. The blob holds the only copy of the password: encode it,
 * hand it over, then {@link #wipe()}.
 *
 * @param reused true when an existing account's password was reset instead of creating one
 */
public record Provisioned(ComputerName name, DirectoryAccount account, DcInfo dc, OdjProvisionData blob, boolean reused) {
    public Provisioned {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(dc, "dc");
        Objects.requireNonNull(blob, "blob");
    }

    /** Wipes the password the blob carries. */
    public void wipe() {
        blob.win7Blob().ifPresent(w -> w.machinePassword().wipe());
    }
}
