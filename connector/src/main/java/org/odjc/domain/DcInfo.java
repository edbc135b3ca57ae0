package org.odjc.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * The domain controller a request used, as Windows' locator describes it
 * ({@code DOMAIN_CONTROLLER_INFOW}): filled from the CLDAP netlogon reply and carried verbatim in
 * the blob. Names and addresses are bare here; the blob adds the leading {@code \\}.
 *
 * @param hostName the DC's DNS host name, e.g. {@code dc1.corp.example.test}
 * @param address the DC's IP address
 * @param flags {@link DcFlags} bits, unsigned 32-bit
 * @param dcSite the site the DC is in
 * @param clientSite the site the DC placed this client in; empty when this host's subnet is in no
 *        site (a Windows DC then answers with no client site, and the blob carries a NULL)
 */
public record DcInfo(
        DomainDnsName hostName,
        IpAddress address,
        Guid domainGuid,
        DomainDnsName domainName,
        DomainDnsName forestName,
        long flags,
        SiteName dcSite,
        Optional<SiteName> clientSite) {

    /** {@code DS_INET_ADDRESS}: the address is an IP address. */
    public static final long DS_INET_ADDRESS = 1;

    public DcInfo {
        Objects.requireNonNull(hostName, "hostName");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(domainGuid, "domainGuid");
        Objects.requireNonNull(domainName, "domainName");
        Objects.requireNonNull(forestName, "forestName");
        Objects.requireNonNull(dcSite, "dcSite");
        Objects.requireNonNull(clientSite, "clientSite");
        if (flags < 0 || flags > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("flags are an unsigned 32-bit value: " + flags);
        }
    }
}
