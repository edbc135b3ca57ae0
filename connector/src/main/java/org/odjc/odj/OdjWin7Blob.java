package org.odjc.odj;

import java.util.Objects;
import org.odjc.domain.Guid;
import org.odjc.domain.MachinePassword;

/**
 * What a Windows 7 client needs to join offline; also the JOIN_PROVIDER part of an OP_PACKAGE.
 * <pre>
 * typedef struct _ODJ_WIN7BLOB {
 *     [string] wchar_t *lpDomain;           // DNS domain to join
 *     [string] wchar_t *lpMachineName;      // NetBIOS name, no '$'
 *     [string] wchar_t *lpMachinePassword;  // cleartext
 *     ODJ_POLICY_DNS_DOMAIN_INFO DnsDomainInfo;
 *     DOMAIN_CONTROLLER_INFOW    DcInfo;
 *     DWORD Options;
 * } ODJ_WIN7BLOB;            // ACF: typedef [encode, decode] PODJ_WIN7BLOB;
 * </pre>
 * Serialized as the pointer type like every other layer. Samba's IDL instead names the first word
 * {@code lpDomain} and the fourth {@code _pad}; both views read the same bytes (docs/odj-format.md §3.4).
 * {@code Options}: Microsoft says 0, Windows 2019 writes 4 or 6, Samba always 6; no consumer reads it.
 *
 * @param domain null for a NULL pointer (likewise the name and password)
 */
public record OdjWin7Blob(
        String domain,
        String machineName,
        MachinePassword machinePassword,
        OdjPolicyDnsDomainInfo dnsDomainInfo,
        DomainControllerInfo dcInfo,
        long options) implements OdjBlob, PartPayload {

    /** What Samba writes ("it should be 0 but Windows 2019 always sets 6", libnet_join_offline.c). */
    public static final long DEFAULT_OPTIONS = 6;

    public OdjWin7Blob {
        Objects.requireNonNull(dnsDomainInfo, "dnsDomainInfo");
        Objects.requireNonNull(dcInfo, "dcInfo");
        Ulong.check(options, "Options");
    }

    @Override
    public long format() {
        return ODJ_WIN7_FORMAT;
    }

    @Override
    public Guid partType() {
        return JOIN_PROVIDER;
    }
}
