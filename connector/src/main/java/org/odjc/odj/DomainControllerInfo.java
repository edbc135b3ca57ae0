package org.odjc.odj;

import java.util.Objects;
import org.odjc.domain.Guid;

/**
 * The DC the account was created on, as DsGetDcName returns it (dsgetdc.h; Samba's
 * {@code netr_DsRGetDCNameInfo}).
 * <pre>
 * typedef struct _DOMAIN_CONTROLLER_INFOW {
 *     [string,unique] wchar_t *DomainControllerName;     // "\\dc1.corp.example.test"
 *     [string,unique] wchar_t *DomainControllerAddress;  // "\\127.0.0.10"
 *     ULONG  DomainControllerAddressType;                // 1 = DS_INET_ADDRESS, 2 = DS_NETBIOS_ADDRESS
 *     GUID   DomainGuid;
 *     [string,unique] wchar_t *DomainName;
 *     [string,unique] wchar_t *DnsForestName;
 *     ULONG  Flags;                                      // DS_* bits, see DcFlags
 *     [string,unique] wchar_t *DcSiteName;
 *     [string,unique] wchar_t *ClientSiteName;
 * } DOMAIN_CONTROLLER_INFOW;
 * </pre>
 * Strings are null for NULL pointers.
 */
public record DomainControllerInfo(
        String domainControllerName,
        String domainControllerAddress,
        long domainControllerAddressType,
        Guid domainGuid,
        String domainName,
        String dnsForestName,
        long flags,
        String dcSiteName,
        String clientSiteName) {

    public DomainControllerInfo {
        Ulong.check(domainControllerAddressType, "DomainControllerAddressType");
        Objects.requireNonNull(domainGuid, "domainGuid");
        Ulong.check(flags, "Flags");
    }
}
