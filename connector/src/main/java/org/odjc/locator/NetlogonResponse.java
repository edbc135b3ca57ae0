package org.odjc.locator;

import java.util.Arrays;
import org.odjc.domain.Guid;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

/**
 * A DC's answer to the LDAP ping, {@code NETLOGON_SAM_LOGON_RESPONSE_EX} (MS-ADTS 6.3.1.9):
 * <pre>
 * Opcode u16 (23 = LOGON_SAM_LOGON_RESPONSE_EX) | Sbz u16 | Flags u32 (DS_FLAG bits) | DomainGuid GUID
 * DnsForestName | DnsDomainName | DnsHostName | NetbiosDomainName | NetbiosComputerName | UserName
 * DcSiteName | ClientSiteName              (each an RFC 1035 name, compressed against this message)
 * [DcSockAddrSize u8 + DcSockAddr]         only if NETLOGON_NT_VERSION_5EX_WITH_IP was asked
 * [NextClosestSiteName]                    only if NETLOGON_NT_VERSION_WITH_CLOSEST_SITE was asked
 * NtVersion u32 | LmNtToken u16 | Lm20Token u16
 * </pre>
 * We ask with NtVer 6 (5 | 5EX), as Samba does, so neither optional field is present.
 */
public record NetlogonResponse(
        long flags,
        Guid domainGuid,
        String dnsForestName,
        String dnsDomainName,
        String dnsHostName,
        String netbiosDomainName,
        String netbiosComputerName,
        String dcSiteName,
        String clientSiteName) {

    static final int LOGON_SAM_LOGON_RESPONSE_EX = 23;
    /** Opcode 25: the DC does not know the user named in the ping; same layout. */
    static final int LOGON_SAM_USER_UNKNOWN_EX = 25;

    public static NetlogonResponse parse(byte[] b) throws ConnectorException {
        Reader r = new Reader(b);
        int opcode = r.u16();
        if (opcode != LOGON_SAM_LOGON_RESPONSE_EX && opcode != LOGON_SAM_USER_UNKNOWN_EX) {
            throw bad("opcode " + opcode + ", expected 23 (LOGON_SAM_LOGON_RESPONSE_EX)");
        }
        r.u16();
        long flags = r.u32();
        Guid guid = r.guid();
        String forest = r.name();
        String domain = r.name();
        String host = r.name();
        String netbiosDomain = r.name();
        String netbiosComputer = r.name();
        r.name(); // UserName
        String dcSite = r.name();
        String clientSite = r.name();
        return new NetlogonResponse(flags, guid, forest, domain, host, netbiosDomain, netbiosComputer, dcSite,
                clientSite);
    }

    private static ConnectorException bad(String why) {
        return new ConnectorException(FailureCode.DC_BAD_PING_REPLY, why);
    }

    /** Little-endian reader with RFC 1035 name decompression, bounded against the buffer. */
    private static final class Reader {
        private static final int MAX_POINTERS = 32;
        private final byte[] b;
        private int pos;

        Reader(byte[] b) {
            this.b = b;
        }

        int u16() throws ConnectorException {
            need(pos, 2);
            int v = (b[pos] & 0xFF) | (b[pos + 1] & 0xFF) << 8;
            pos += 2;
            return v;
        }

        long u32() throws ConnectorException {
            need(pos, 4);
            long v = (b[pos] & 0xFFL) | (b[pos + 1] & 0xFFL) << 8 | (b[pos + 2] & 0xFFL) << 16 | (b[pos + 3] & 0xFFL) << 24;
            pos += 4;
            return v;
        }

        Guid guid() throws ConnectorException {
            need(pos, 16);
            Guid g = Guid.fromWire(b, pos);
            pos += 16;
            return g;
        }

        /** A possibly compressed name; labels joined with dots; "" for the root. */
        String name() throws ConnectorException {
            StringBuilder sb = new StringBuilder();
            int at = pos;
            int end = -1;
            int pointers = 0;
            while (true) {
                need(at, 1);
                int len = b[at] & 0xFF;
                if ((len & 0xC0) == 0xC0) {
                    need(at, 2);
                    if (++pointers > MAX_POINTERS) {
                        throw bad("compression pointers loop");
                    }
                    if (end < 0) {
                        end = at + 2;
                    }
                    at = ((len & 0x3F) << 8) | (b[at + 1] & 0xFF);
                    continue;
                }
                if ((len & 0xC0) != 0) {
                    throw bad("label type 0x" + Integer.toHexString(len & 0xC0) + " at offset " + at);
                }
                if (len == 0) {
                    pos = end < 0 ? at + 1 : end;
                    return sb.toString();
                }
                need(at + 1, len);
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(new String(Arrays.copyOfRange(b, at + 1, at + 1 + len), java.nio.charset.StandardCharsets.UTF_8));
                if (sb.length() > 255) {
                    throw bad("name longer than 255 characters");
                }
                at += 1 + len;
            }
        }

        private void need(int at, int n) throws ConnectorException {
            if (at < 0 || at + n > b.length) {
                throw bad("reply ends early (" + b.length + " bytes, needed " + (at + n) + ")");
            }
        }
    }
}
