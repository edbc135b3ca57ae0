package org.odjc.provisioning;

import java.util.Objects;
import java.util.Optional;
import org.odjc.domain.DistinguishedName;
import org.odjc.domain.DomainDnsName;

/**
 * A join request as the dispatcher hands it over, already validated field by field.
 *
 * @param ou where the account goes; empty for the domain's configured default
 * @param deviceId the requester's device id, for history only
 */
public record JoinRequest(RequestId id, DomainDnsName domain, Optional<DistinguishedName> ou, NameRequest name,
        String deviceId) {
    public JoinRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(ou, "ou");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(deviceId, "deviceId");
    }
}
