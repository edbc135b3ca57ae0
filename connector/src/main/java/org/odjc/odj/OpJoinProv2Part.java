package org.odjc.odj;

import org.odjc.domain.Guid;

/**
 * Extra join data for Windows 8+: the NetBIOS name and the site to remember.
 * <pre>
 * #define OP_JP2_FLAG_PERSISTENTSITE 0x00000001
 * typedef struct _OP_JOINPROV2_PART {
 *     DWORD     dwFlags;
 *     [string] wchar_t *lpNetbiosName;
 *     [string] wchar_t *lpSiteName;
 *     [string] wchar_t *lpPrimaryDNSDomain;
 *     DWORD             dwReserved;
 *     [string] wchar_t *lpReserved;
 * } OP_JOINPROV2_PART, *POP_JOINPROV2_PART;
 * </pre>
 * Strings are null for NULL pointers. No real vector exists; layout from Microsoft's IDL only.
 */
public record OpJoinProv2Part(
        long flags,
        String netbiosName,
        String siteName,
        String primaryDnsDomain,
        long reserved,
        String lpReserved) implements PartPayload {

    public static final long PERSISTENT_SITE = 0x1;

    public OpJoinProv2Part {
        Ulong.check(flags, "dwFlags");
        Ulong.check(reserved, "dwReserved");
    }

    @Override
    public Guid partType() {
        return JOIN_PROVIDER2;
    }
}
