package org.odjc.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code DOMAIN_CONTROLLER_INFO.Flags} / netlogon {@code DS_*} bits (MS-NRPC 2.2.1.2.1 and
 * dsgetdc.h). The first 18 are what the DC announces in its CLDAP reply; the {@code DS_DNS_*}
 * bits are added by the client's locator when the DC was found by DNS name.
 */
public final class DcFlags {
    public static final long PDC = 0x1;
    public static final long GC = 0x4;
    public static final long LDAP = 0x8;
    public static final long DS = 0x10;
    public static final long KDC = 0x20;
    public static final long TIMESERV = 0x40;
    public static final long CLOSEST = 0x80;
    public static final long WRITABLE = 0x100;
    public static final long GOOD_TIMESERV = 0x200;
    public static final long NDNC = 0x400;
    public static final long SELECT_SECRET_DOMAIN_6 = 0x800;
    public static final long FULL_SECRET_DOMAIN_6 = 0x1000;
    public static final long WS = 0x2000;
    public static final long DS_8 = 0x4000;
    public static final long DS_9 = 0x8000;
    public static final long DS_10 = 0x10000;
    public static final long KEY_LIST = 0x20000;
    public static final long DNS_CONTROLLER = 0x20000000L;
    public static final long DNS_DOMAIN = 0x40000000L;
    public static final long DNS_FOREST_ROOT = 0x80000000L;

    /** The bits Windows' locator adds when it found the DC by its DNS name: {@code 0xe0000000}. */
    public static final long DNS_BITS = DNS_CONTROLLER | DNS_DOMAIN | DNS_FOREST_ROOT;

    /**
     * What a Samba 4.17 DC (writable, PDC, GC, KDC, time server, all secrets) announces plus
     * {@link #DNS_BITS}: {@code 0xe00013fd}, the value in every blob Samba provisions against it.
     */
    public static final long WRITABLE_GC_KDC_DNS =
            PDC | GC | LDAP | DS | KDC | TIMESERV | CLOSEST | WRITABLE | GOOD_TIMESERV | FULL_SECRET_DOMAIN_6 | DNS_BITS;

    private static final String[] NAMES = new String[32];

    static {
        String[] names = {"PDC", null, "GC", "LDAP", "DS", "KDC", "TIMESERV", "CLOSEST", "WRITABLE",
            "GOOD_TIMESERV", "NDNC", "SELECT_SECRET_DOMAIN_6", "FULL_SECRET_DOMAIN_6", "WS", "DS_8", "DS_9",
            "DS_10", "KEY_LIST"};
        System.arraycopy(names, 0, NAMES, 0, names.length);
        NAMES[29] = "DNS_CONTROLLER";
        NAMES[30] = "DNS_DOMAIN";
        NAMES[31] = "DNS_FOREST_ROOT";
    }

    private DcFlags() {
    }

    /** Names of the set bits, in bit order; unknown bits as {@code 0x…}. */
    public static List<String> names(long flags) {
        List<String> out = new ArrayList<>();
        for (int bit = 0; bit < 32; bit++) {
            if ((flags & (1L << bit)) != 0) {
                out.add(NAMES[bit] != null ? NAMES[bit] : String.format("0x%x", 1L << bit));
            }
        }
        return out;
    }
}
