package org.odjc.odj;

import java.util.ArrayList;
import java.util.List;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.ndr.NdrReader;
import org.odjc.ndr.NdrWriter;

/**
 * {@code PODJ_PROVISION_DATA} (docs/odj-format.md §3.2): ulVersion, ulcBlobs, pBlobs; deferred: the
 * array's max_count, every ODJ_BLOB's scalars {format, cbBlob, ref}, then each pBlob's bytes.
 */
final class ProvisionDataCodec extends LayerCodec<OdjProvisionData> {
    static final ProvisionDataCodec INSTANCE = new ProvisionDataCodec();
    private static final int ODJ_BLOB_SCALARS = 12;

    private ProvisionDataCodec() {
        super("PODJ_PROVISION_DATA");
    }

    @Override
    boolean holdsSecret() {
        return true;
    }

    @Override
    void write(NdrWriter w, OdjProvisionData v, Encoding enc) {
        List<OdjBlob> blobs = v.blobs();
        byte[][] payloads = new byte[blobs.size()][];
        for (int i = 0; i < blobs.size(); i++) {
            OdjBlob blob = blobs.get(i);
            if (blob instanceof OdjWin7Blob win7) {
                payloads[i] = enc.serialize(Win7BlobCodec.INSTANCE, win7);
            } else if (blob instanceof OpPackage pkg) {
                payloads[i] = enc.serialize(PackageCodec.INSTANCE, pkg);
            } else {
                OpBlob content = ((UnknownOdjBlob) blob).content();
                payloads[i] = content.isNull() ? null : content.unsafeBytes();
            }
        }
        w.u32(OdjProvisionData.VERSION);
        w.u32(blobs.size());
        w.pointer(!blobs.isEmpty());
        if (blobs.isEmpty()) {
            return;
        }
        w.u32(blobs.size());
        for (int i = 0; i < blobs.size(); i++) {
            w.u32(blobs.get(i).format());
            w.u32(payloads[i] == null ? 0 : payloads[i].length);
            w.pointer(payloads[i] != null);
        }
        for (int i = 0; i < blobs.size(); i++) {
            if (payloads[i] != null) {
                Encoding.embed(w, payloads[i], !(blobs.get(i) instanceof UnknownOdjBlob));
            }
        }
    }

    @Override
    OdjProvisionData read(NdrReader r, Decoding dec) throws ConnectorException {
        long version = r.u32("ulVersion");
        if (version != OdjProvisionData.VERSION) {
            throw new ConnectorException(FailureCode.ODJ_UNSUPPORTED_VERSION, r.at("ulVersion is " + version + ", expected 1"));
        }
        long declared = r.u32("ulcBlobs");
        boolean present = r.pointer("pBlobs");
        int count = Decoding.arrayCount(r, present, declared, ODJ_BLOB_SCALARS, "pBlobs");
        long[] formats = new long[count];
        Decoding.OpBlobHeader[] headers = new Decoding.OpBlobHeader[count];
        for (int i = 0; i < count; i++) {
            formats[i] = r.u32("pBlobs[" + i + "].ulODJFormat");
            headers[i] = Decoding.opBlobScalars(r, "pBlobs[" + i + "]");
        }
        List<OdjBlob> blobs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String field = "pBlobs[" + i + "].pBlob";
            if (formats[i] == OdjBlob.ODJ_WIN7_FORMAT) {
                blobs.add(dec.deserialize(Win7BlobCodec.INSTANCE, Decoding.requiredBytes(r, headers[i], field), field));
            } else if (formats[i] == OdjBlob.ODJ_WIN8_FORMAT) {
                blobs.add(dec.deserialize(PackageCodec.INSTANCE, Decoding.requiredBytes(r, headers[i], field), field));
            } else {
                blobs.add(new UnknownOdjBlob(formats[i], Decoding.opBlobDeferred(r, headers[i], field)));
            }
        }
        return new OdjProvisionData(blobs);
    }
}
