package org.odjc.provisioning;

import java.util.Objects;
import java.util.Optional;
import org.odjc.domain.DistinguishedName;
import org.odjc.domain.DomainDnsName;

/**
 * One computer account to provision.
 *
 * @param ou where to create it; empty for the domain's well-known Computers container
 * @param dc a DC to use instead of locating one
 * @param description the tag written to {@code description} (docs/architecture.md §5)
 * @param adoptTag a tag prefix naming earlier attempts at the same request: an account carrying it
 *        is reused (under the same ownership rule as {@code --reuse}) instead of creating another
 */
public record ProvisionRequest(
        DomainDnsName domain,
        NameRequest name,
        Optional<DistinguishedName> ou,
        Optional<DomainDnsName> dc,
        ReusePolicy reuse,
        OuAllowList allowList,
        String description,
        Optional<String> adoptTag) {

    public ProvisionRequest {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(ou, "ou");
        Objects.requireNonNull(dc, "dc");
        Objects.requireNonNull(reuse, "reuse");
        Objects.requireNonNull(allowList, "allowList");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(adoptTag, "adoptTag");
    }

    public ProvisionRequest withReuse(ReusePolicy policy) {
        return new ProvisionRequest(domain, name, ou, dc, policy, allowList, description, adoptTag);
    }
}
