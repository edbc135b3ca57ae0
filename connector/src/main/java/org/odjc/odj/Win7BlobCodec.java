package org.odjc.odj;

import java.nio.CharBuffer;
import java.util.Arrays;
import org.odjc.domain.MachinePassword;
import org.odjc.domain.Sid;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.ndr.NdrReader;
import org.odjc.ndr.NdrWriter;

/**
 * {@code PODJ_WIN7BLOB}. Body layout (docs/odj-format.md §3.4; offsets after the top-level referent):
 * 3 string pointers, {@code DnsDomainInfo} scalars (3 × UNICODE_STRING {len, max, ptr}, GUID, SID
 * pointer), {@code DcInfo} scalars, {@code Options}; then the deferred pointees in member order:
 * lpDomain, lpMachineName, lpMachinePassword, the three UNICODE_STRING buffers, the SID, and the
 * six DcInfo strings.
 */
final class Win7BlobCodec extends LayerCodec<OdjWin7Blob> {
    static final Win7BlobCodec INSTANCE = new Win7BlobCodec();

    private Win7BlobCodec() {
        super("PODJ_WIN7BLOB");
    }

    @Override
    boolean holdsSecret() {
        return true;
    }

    @Override
    void write(NdrWriter w, OdjWin7Blob v, Encoding enc) {
        OdjPolicyDnsDomainInfo d = v.dnsDomainInfo();
        DomainControllerInfo dc = v.dcInfo();
        w.pointer(v.domain() != null);
        w.pointer(v.machineName() != null);
        w.sambaConstantPointer(v.machinePassword() != null);
        unicodeScalars(w, d.name());
        unicodeScalars(w, d.dnsDomainName());
        unicodeScalars(w, d.dnsForestName());
        w.guid(d.domainGuid());
        w.pointer(d.sid() != null);
        w.pointer(dc.domainControllerName() != null);
        w.pointer(dc.domainControllerAddress() != null);
        w.u32(dc.domainControllerAddressType());
        w.guid(dc.domainGuid());
        w.pointer(dc.domainName() != null);
        w.pointer(dc.dnsForestName() != null);
        w.u32(dc.flags());
        w.pointer(dc.dcSiteName() != null);
        w.pointer(dc.clientSiteName() != null);
        w.u32(v.options());

        Encoding.stringDeferred(w, v.domain());
        Encoding.stringDeferred(w, v.machineName());
        if (v.machinePassword() != null) {
            char[] units = v.machinePassword().copyUnits();
            w.terminatedString(CharBuffer.wrap(units));
            Arrays.fill(units, '\0');
        }
        unicodeDeferred(w, d.name());
        unicodeDeferred(w, d.dnsDomainName());
        unicodeDeferred(w, d.dnsForestName());
        if (d.sid() != null) {
            w.sid(d.sid());
        }
        Encoding.stringDeferred(w, dc.domainControllerName());
        Encoding.stringDeferred(w, dc.domainControllerAddress());
        Encoding.stringDeferred(w, dc.domainName());
        Encoding.stringDeferred(w, dc.dnsForestName());
        Encoding.stringDeferred(w, dc.dcSiteName());
        Encoding.stringDeferred(w, dc.clientSiteName());
    }

    @Override
    OdjWin7Blob read(NdrReader r, Decoding dec) throws ConnectorException {
        boolean domain = r.pointer("lpDomain");
        boolean machineName = r.pointer("lpMachineName");
        boolean password = r.pointer("lpMachinePassword");
        UnicodeHeader name = unicodeScalars(r, "DnsDomainInfo.Name");
        UnicodeHeader dnsDomain = unicodeScalars(r, "DnsDomainInfo.DnsDomainName");
        UnicodeHeader dnsForest = unicodeScalars(r, "DnsDomainInfo.DnsForestName");
        var domainGuid = r.guid("DnsDomainInfo.DomainGuid");
        boolean sid = r.pointer("DnsDomainInfo.Sid");
        boolean dcName = r.pointer("DcInfo.DomainControllerName");
        boolean dcAddress = r.pointer("DcInfo.DomainControllerAddress");
        long dcAddressType = r.u32("DcInfo.DomainControllerAddressType");
        var dcDomainGuid = r.guid("DcInfo.DomainGuid");
        boolean dcDomainName = r.pointer("DcInfo.DomainName");
        boolean dcForestName = r.pointer("DcInfo.DnsForestName");
        long flags = r.u32("DcInfo.Flags");
        boolean dcSite = r.pointer("DcInfo.DcSiteName");
        boolean clientSite = r.pointer("DcInfo.ClientSiteName");
        long options = r.u32("Options");

        String domainValue = Decoding.stringDeferred(r, domain, "lpDomain");
        String nameValue = Decoding.stringDeferred(r, machineName, "lpMachineName");
        MachinePassword passwordValue = null;
        if (password) {
            char[] units = r.terminatedString("lpMachinePassword");
            passwordValue = MachinePassword.fromWire(units);
            Arrays.fill(units, '\0');
        }
        OdjUnicodeString nameString = unicodeDeferred(r, name, "DnsDomainInfo.Name");
        OdjUnicodeString dnsDomainString = unicodeDeferred(r, dnsDomain, "DnsDomainInfo.DnsDomainName");
        OdjUnicodeString dnsForestString = unicodeDeferred(r, dnsForest, "DnsDomainInfo.DnsForestName");
        Sid sidValue = sid ? r.sid("DnsDomainInfo.Sid") : null;
        var dcInfo = new DomainControllerInfo(
                Decoding.stringDeferred(r, dcName, "DcInfo.DomainControllerName"),
                Decoding.stringDeferred(r, dcAddress, "DcInfo.DomainControllerAddress"),
                dcAddressType,
                dcDomainGuid,
                Decoding.stringDeferred(r, dcDomainName, "DcInfo.DomainName"),
                Decoding.stringDeferred(r, dcForestName, "DcInfo.DnsForestName"),
                flags,
                Decoding.stringDeferred(r, dcSite, "DcInfo.DcSiteName"),
                Decoding.stringDeferred(r, clientSite, "DcInfo.ClientSiteName"));
        var dnsInfo = new OdjPolicyDnsDomainInfo(nameString, dnsDomainString, dnsForestString, domainGuid, sidValue);
        return new OdjWin7Blob(domainValue, nameValue, passwordValue, dnsInfo, dcInfo, options);
    }

    private record UnicodeHeader(int length, int maximumLength, boolean present) {
    }

    private static void unicodeScalars(NdrWriter w, OdjUnicodeString s) {
        w.u16(s.length());
        w.u16(s.maximumLength());
        w.pointer(s.value() != null);
    }

    private static void unicodeDeferred(NdrWriter w, OdjUnicodeString s) {
        if (s.value() != null) {
            w.countedString(s.value(), s.maximumLength());
        }
    }

    private static UnicodeHeader unicodeScalars(NdrReader r, String field) throws ConnectorException {
        int length = r.u16(field + ".Length");
        int maximumLength = r.u16(field + ".MaximumLength");
        boolean present = r.pointer(field + ".Buffer");
        if (length % 2 != 0 || maximumLength % 2 != 0) {
            throw new ConnectorException(FailureCode.ODJ_MALFORMED_STRING,
                    r.at(field + " has an odd byte count (Length " + length + ", MaximumLength " + maximumLength + ")"));
        }
        if (length > maximumLength || (!present && length != 0)) {
            throw new ConnectorException(FailureCode.ODJ_MALFORMED_STRING,
                    r.at(field + " Length " + length + " does not fit MaximumLength " + maximumLength
                            + (present ? "" : " and a NULL buffer")));
        }
        return new UnicodeHeader(length, maximumLength, present);
    }

    private static OdjUnicodeString unicodeDeferred(NdrReader r, UnicodeHeader h, String field)
            throws ConnectorException {
        if (!h.present()) {
            return new OdjUnicodeString(null, h.maximumLength());
        }
        return new OdjUnicodeString(new String(r.countedString(field, h.length(), h.maximumLength())),
                h.maximumLength());
    }
}
