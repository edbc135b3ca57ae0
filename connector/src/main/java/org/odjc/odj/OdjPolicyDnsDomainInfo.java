package org.odjc.odj;

import java.util.Objects;
import org.odjc.domain.Guid;
import org.odjc.domain.Sid;

/**
 * The domain as LSA describes it ({@code POLICY_DNS_DOMAIN_INFO}).
 * <pre>
 * typedef struct _ODJ_POLICY_DNS_DOMAIN_INFO {
 *     ODJ_UNICODE_STRING Name;            // NetBIOS domain name, "CORP"
 *     ODJ_UNICODE_STRING DnsDomainName;   // "corp.example.test"
 *     ODJ_UNICODE_STRING DnsForestName;
 *     GUID DomainGuid;
 *     PODJ_SID Sid;                       // the domain SID
 * } ODJ_POLICY_DNS_DOMAIN_INFO;
 * </pre>
 *
 * @param sid null for a NULL pointer
 */
public record OdjPolicyDnsDomainInfo(
        OdjUnicodeString name,
        OdjUnicodeString dnsDomainName,
        OdjUnicodeString dnsForestName,
        Guid domainGuid,
        Sid sid) {

    public OdjPolicyDnsDomainInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dnsDomainName, "dnsDomainName");
        Objects.requireNonNull(dnsForestName, "dnsForestName");
        Objects.requireNonNull(domainGuid, "domainGuid");
    }
}
