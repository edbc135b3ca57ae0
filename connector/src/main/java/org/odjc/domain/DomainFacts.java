package org.odjc.domain;

import java.util.Objects;

/**
 * What a blob must say about the domain (the LSA {@code POLICY_DNS_DOMAIN_INFO} Windows reads):
 * read once per domain from the directory and cached.
 */
public record DomainFacts(
        NetbiosDomainName netbiosName,
        DomainDnsName dnsDomainName,
        DomainDnsName dnsForestName,
        Guid domainGuid,
        Sid domainSid) {

    public DomainFacts {
        Objects.requireNonNull(netbiosName, "netbiosName");
        Objects.requireNonNull(dnsDomainName, "dnsDomainName");
        Objects.requireNonNull(dnsForestName, "dnsForestName");
        Objects.requireNonNull(domainGuid, "domainGuid");
        Objects.requireNonNull(domainSid, "domainSid");
    }
}
