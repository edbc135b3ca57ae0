package org.odjc.provisioning;

import java.util.Objects;
import java.util.Optional;
import org.odjc.domain.DistinguishedName;
import org.odjc.domain.DomainDnsName;

/**
 * What the configuration allows in one domain.
 *
 * @param defaultOu where a request without an OU goes; empty for the well-known Computers container
 * @param dc a DC to use instead of locating one
 */
public record DomainPolicy(OuAllowList allowList, Optional<DistinguishedName> defaultOu, Optional<DomainDnsName> dc) {
    public DomainPolicy {
        Objects.requireNonNull(allowList, "allowList");
        Objects.requireNonNull(defaultOu, "defaultOu");
        Objects.requireNonNull(dc, "dc");
    }
}
