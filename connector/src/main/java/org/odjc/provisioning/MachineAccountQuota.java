package org.odjc.provisioning;

import java.util.Optional;

/**
 * What limits a principal without delegated rights (docs/ad-facts.md §2): the domain's
 * {@code ms-DS-MachineAccountQuota}, the computer objects whose {@code ms-DS-CreatorSID} is the
 * principal (counted up to one past the quota), and the DC's {@code vendorName} when it has one
 * (Samba announces itself there; Windows AD has no such attribute).
 */
public record MachineAccountQuota(long quota, long created, Optional<String> dcVendor) {
    public MachineAccountQuota {
        if (quota < 0 || created < 0) {
            throw new IllegalArgumentException("quota and count are never negative");
        }
    }

    public long remaining() {
        return Math.max(0, quota - created);
    }

    /** Samba keeps the attribute but neither enforces it nor writes ms-DS-CreatorSID. */
    public boolean samba() {
        return dcVendor.map(v -> v.toLowerCase(java.util.Locale.ROOT).contains("samba")).orElse(false);
    }
}
