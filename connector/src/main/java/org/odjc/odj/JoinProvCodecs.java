package org.odjc.odj;

import org.odjc.failure.ConnectorException;
import org.odjc.ndr.NdrReader;
import org.odjc.ndr.NdrWriter;

/** The small join-provider parts: {@code POP_JOINPROV2_PART}, {@code 3} and {@code 4} (docs/odj-format.md §3.10, 3.11). */
final class JoinProvCodecs {
    private JoinProvCodecs() {
    }

    /** dwFlags, 3 string pointers, dwReserved, lpReserved pointer; deferred: the 4 strings. */
    static final LayerCodec<OpJoinProv2Part> JOINPROV2 = new LayerCodec<>("POP_JOINPROV2_PART") {
        @Override
        void write(NdrWriter w, OpJoinProv2Part v, Encoding enc) {
            w.u32(v.flags());
            w.pointer(v.netbiosName() != null);
            w.pointer(v.siteName() != null);
            w.pointer(v.primaryDnsDomain() != null);
            w.u32(v.reserved());
            w.pointer(v.lpReserved() != null);
            Encoding.stringDeferred(w, v.netbiosName());
            Encoding.stringDeferred(w, v.siteName());
            Encoding.stringDeferred(w, v.primaryDnsDomain());
            Encoding.stringDeferred(w, v.lpReserved());
        }

        @Override
        OpJoinProv2Part read(NdrReader r, Decoding dec) throws ConnectorException {
            long flags = r.u32("dwFlags");
            boolean netbios = r.pointer("lpNetbiosName");
            boolean site = r.pointer("lpSiteName");
            boolean dns = r.pointer("lpPrimaryDNSDomain");
            long reserved = r.u32("dwReserved");
            boolean lpReserved = r.pointer("lpReserved");
            return new OpJoinProv2Part(flags,
                    Decoding.stringDeferred(r, netbios, "lpNetbiosName"),
                    Decoding.stringDeferred(r, site, "lpSiteName"),
                    Decoding.stringDeferred(r, dns, "lpPrimaryDNSDomain"),
                    reserved,
                    Decoding.stringDeferred(r, lpReserved, "lpReserved"));
        }
    };

    /** Rid, lpSid pointer; deferred: lpSid. */
    static final LayerCodec<OpJoinProv3Part> JOINPROV3 = new LayerCodec<>("POP_JOINPROV3_PART") {
        @Override
        void write(NdrWriter w, OpJoinProv3Part v, Encoding enc) {
            w.u32(v.rid());
            w.pointer(v.sid() != null);
            Encoding.stringDeferred(w, v.sid());
        }

        @Override
        OpJoinProv3Part read(NdrReader r, Decoding dec) throws ConnectorException {
            long rid = r.u32("Rid");
            boolean sid = r.pointer("lpSid");
            return new OpJoinProv3Part(rid, Decoding.stringDeferred(r, sid, "lpSid"));
        }
    };

    /** Rid, lpSid pointer, ObjectGuid; deferred: lpSid. */
    static final LayerCodec<OpJoinProv4Part> JOINPROV4 = new LayerCodec<>("POP_JOINPROV4_PART") {
        @Override
        void write(NdrWriter w, OpJoinProv4Part v, Encoding enc) {
            w.u32(v.rid());
            w.pointer(v.sid() != null);
            w.guid(v.objectGuid());
            Encoding.stringDeferred(w, v.sid());
        }

        @Override
        OpJoinProv4Part read(NdrReader r, Decoding dec) throws ConnectorException {
            long rid = r.u32("Rid");
            boolean sid = r.pointer("lpSid");
            var guid = r.guid("ObjectGuid");
            return new OpJoinProv4Part(rid, Decoding.stringDeferred(r, sid, "lpSid"), guid);
        }
    };
}
