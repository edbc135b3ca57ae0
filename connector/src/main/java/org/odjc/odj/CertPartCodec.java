package org.odjc.odj;

import java.util.ArrayList;
import java.util.List;
import org.odjc.failure.ConnectorException;
import org.odjc.ndr.NdrReader;
import org.odjc.ndr.NdrWriter;

/**
 * {@code POP_CERT_PART} (docs/odj-format.md §3.11): cPfxStores, pPfxStores, cSstStores, pSstStores,
 * Extension; deferred: the PFX array (max_count, scalars, then per store its three strings and
 * its bytes), the SST array likewise, then the Extension bytes. Layout from Microsoft's IDL and
 * NDR's deferral rules; no vector exists.
 */
final class CertPartCodec extends LayerCodec<OpCertPart> {
    static final CertPartCodec INSTANCE = new CertPartCodec();
    private static final int PFX_SCALARS = 28;
    private static final int SST_SCALARS = 16;

    private CertPartCodec() {
        super("POP_CERT_PART");
    }

    @Override
    boolean holdsSecret() {
        return true; // a PFX carries a private key
    }

    @Override
    void write(NdrWriter w, OpCertPart v, Encoding enc) {
        w.u32(v.pfxStores().size());
        w.pointer(!v.pfxStores().isEmpty());
        w.u32(v.sstStores().size());
        w.pointer(!v.sstStores().isEmpty());
        Encoding.opBlobScalars(w, v.extension());
        if (!v.pfxStores().isEmpty()) {
            w.u32(v.pfxStores().size());
            for (OpCertPart.PfxStore s : v.pfxStores()) {
                w.pointer(s.templateName() != null);
                w.u32(s.privateKeyExportPolicy());
                w.pointer(s.policyServerUrl() != null);
                w.u32(s.policyServerUrlFlags());
                w.pointer(s.policyServerId() != null);
                Encoding.opBlobScalars(w, s.pfx());
            }
            for (OpCertPart.PfxStore s : v.pfxStores()) {
                Encoding.stringDeferred(w, s.templateName());
                Encoding.stringDeferred(w, s.policyServerUrl());
                Encoding.stringDeferred(w, s.policyServerId());
                Encoding.opBlobDeferred(w, s.pfx());
            }
        }
        if (!v.sstStores().isEmpty()) {
            w.u32(v.sstStores().size());
            for (OpCertPart.SstStore s : v.sstStores()) {
                w.u32(s.storeLocation());
                w.pointer(s.storeName() != null);
                Encoding.opBlobScalars(w, s.sst());
            }
            for (OpCertPart.SstStore s : v.sstStores()) {
                Encoding.stringDeferred(w, s.storeName());
                Encoding.opBlobDeferred(w, s.sst());
            }
        }
        Encoding.opBlobDeferred(w, v.extension());
    }

    @Override
    OpCertPart read(NdrReader r, Decoding dec) throws ConnectorException {
        long pfxDeclared = r.u32("cPfxStores");
        boolean pfxPresent = r.pointer("pPfxStores");
        long sstDeclared = r.u32("cSstStores");
        boolean sstPresent = r.pointer("pSstStores");
        var extension = Decoding.opBlobScalars(r, "Extension");

        int pfxCount = Decoding.arrayCount(r, pfxPresent, pfxDeclared, PFX_SCALARS, "pPfxStores");
        boolean[][] pfxStrings = new boolean[pfxCount][3];
        long[][] pfxNumbers = new long[pfxCount][2];
        Decoding.OpBlobHeader[] pfxData = new Decoding.OpBlobHeader[pfxCount];
        for (int i = 0; i < pfxCount; i++) {
            String f = "pPfxStores[" + i + "]";
            pfxStrings[i][0] = r.pointer(f + ".pTemplateName");
            pfxNumbers[i][0] = r.u32(f + ".ulPrivateKeyExportPolicy");
            pfxStrings[i][1] = r.pointer(f + ".pPolicyServerUrl");
            pfxNumbers[i][1] = r.u32(f + ".ulPolicyServerUrlFlags");
            pfxStrings[i][2] = r.pointer(f + ".pPolicyServerId");
            pfxData[i] = Decoding.opBlobScalars(r, f + ".Pfx");
        }
        List<OpCertPart.PfxStore> pfxStores = new ArrayList<>(pfxCount);
        for (int i = 0; i < pfxCount; i++) {
            String f = "pPfxStores[" + i + "]";
            String template = Decoding.stringDeferred(r, pfxStrings[i][0], f + ".pTemplateName");
            String url = Decoding.stringDeferred(r, pfxStrings[i][1], f + ".pPolicyServerUrl");
            String id = Decoding.stringDeferred(r, pfxStrings[i][2], f + ".pPolicyServerId");
            pfxStores.add(new OpCertPart.PfxStore(template, pfxNumbers[i][0], url, pfxNumbers[i][1], id,
                    Decoding.opBlobDeferred(r, pfxData[i], f + ".pPfx")));
        }

        int sstCount = Decoding.arrayCount(r, sstPresent, sstDeclared, SST_SCALARS, "pSstStores");
        long[] locations = new long[sstCount];
        boolean[] names = new boolean[sstCount];
        Decoding.OpBlobHeader[] sstData = new Decoding.OpBlobHeader[sstCount];
        for (int i = 0; i < sstCount; i++) {
            String f = "pSstStores[" + i + "]";
            locations[i] = r.u32(f + ".StoreLocation");
            names[i] = r.pointer(f + ".pStoreName");
            sstData[i] = Decoding.opBlobScalars(r, f + ".Sst");
        }
        List<OpCertPart.SstStore> sstStores = new ArrayList<>(sstCount);
        for (int i = 0; i < sstCount; i++) {
            String f = "pSstStores[" + i + "]";
            String name = Decoding.stringDeferred(r, names[i], f + ".pStoreName");
            sstStores.add(new OpCertPart.SstStore(locations[i], name, Decoding.opBlobDeferred(r, sstData[i], f + ".pSst")));
        }
        return new OpCertPart(pfxStores, sstStores, Decoding.opBlobDeferred(r, extension, "Extension"));
    }
}
