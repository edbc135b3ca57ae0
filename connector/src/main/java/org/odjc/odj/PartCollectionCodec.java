package org.odjc.odj;

import java.util.ArrayList;
import java.util.List;
import org.odjc.domain.Guid;
import org.odjc.failure.ConnectorException;
import org.odjc.ndr.NdrReader;
import org.odjc.ndr.NdrWriter;

/**
 * {@code POP_PACKAGE_PART_COLLECTION} (docs/odj-format.md §3.9): cParts, pParts, Extension scalars;
 * deferred: max_count, every part's scalars {GUID, ulFlags, Part, Extension}, then per part its
 * Part bytes and Extension bytes; then the collection's Extension bytes.
 * Each Part is decoded by its PartType; unknown types are kept as {@link OpaquePart}.
 */
final class PartCollectionCodec extends LayerCodec<OpPackagePartCollection> {
    static final PartCollectionCodec INSTANCE = new PartCollectionCodec();
    private static final int PART_SCALARS = 36;

    private PartCollectionCodec() {
        super("POP_PACKAGE_PART_COLLECTION");
    }

    @Override
    boolean holdsSecret() {
        return true;
    }

    @Override
    void write(NdrWriter w, OpPackagePartCollection v, Encoding enc) {
        List<OpPackagePart> parts = v.parts();
        OpBlob[] payloads = new OpBlob[parts.size()];
        for (int i = 0; i < parts.size(); i++) {
            payloads[i] = serializePayload(parts.get(i).payload(), enc);
        }
        w.u32(parts.size());
        w.pointer(!parts.isEmpty());
        Encoding.opBlobScalars(w, v.extension());
        if (!parts.isEmpty()) {
            w.u32(parts.size());
            for (int i = 0; i < parts.size(); i++) {
                OpPackagePart p = parts.get(i);
                w.guid(p.partType());
                w.u32(p.flags());
                Encoding.opBlobScalars(w, payloads[i]);
                Encoding.opBlobScalars(w, p.extension());
            }
            for (int i = 0; i < parts.size(); i++) {
                if (!payloads[i].isNull()) {
                    Encoding.embed(w, payloads[i].unsafeBytes(), !(parts.get(i).payload() instanceof OpaquePart));
                }
                Encoding.opBlobDeferred(w, parts.get(i).extension());
            }
        }
        Encoding.opBlobDeferred(w, v.extension());
    }

    @Override
    OpPackagePartCollection read(NdrReader r, Decoding dec) throws ConnectorException {
        long declared = r.u32("cParts");
        boolean present = r.pointer("pParts");
        var extension = Decoding.opBlobScalars(r, "Extension");
        int count = Decoding.arrayCount(r, present, declared, PART_SCALARS, "pParts");
        Guid[] types = new Guid[count];
        long[] flags = new long[count];
        Decoding.OpBlobHeader[] contents = new Decoding.OpBlobHeader[count];
        Decoding.OpBlobHeader[] extensions = new Decoding.OpBlobHeader[count];
        for (int i = 0; i < count; i++) {
            String field = "pParts[" + i + "]";
            types[i] = r.guid(field + ".PartType");
            flags[i] = r.u32(field + ".ulFlags");
            contents[i] = Decoding.opBlobScalars(r, field + ".Part");
            extensions[i] = Decoding.opBlobScalars(r, field + ".Extension");
        }
        List<OpPackagePart> parts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String field = "pParts[" + i + "]";
            PartPayload payload = readPayload(r, dec, types[i], contents[i], field + ".Part");
            parts.add(new OpPackagePart(flags[i], payload, Decoding.opBlobDeferred(r, extensions[i], field + ".Extension")));
        }
        return new OpPackagePartCollection(parts, Decoding.opBlobDeferred(r, extension, "Extension"));
    }

    private static OpBlob serializePayload(PartPayload payload, Encoding enc) {
        if (payload instanceof OdjWin7Blob p) {
            return OpBlob.wrap(enc.serialize(Win7BlobCodec.INSTANCE, p));
        } else if (payload instanceof OpJoinProv2Part p) {
            return OpBlob.wrap(enc.serialize(JoinProvCodecs.JOINPROV2, p));
        } else if (payload instanceof OpJoinProv3Part p) {
            return OpBlob.wrap(enc.serialize(JoinProvCodecs.JOINPROV3, p));
        } else if (payload instanceof OpJoinProv4Part p) {
            return OpBlob.wrap(enc.serialize(JoinProvCodecs.JOINPROV4, p));
        } else if (payload instanceof OpPolicyPart p) {
            return OpBlob.wrap(enc.serialize(PolicyPartCodec.INSTANCE, p));
        } else if (payload instanceof OpCertPart p) {
            return OpBlob.wrap(enc.serialize(CertPartCodec.INSTANCE, p));
        }
        return ((OpaquePart) payload).content();
    }

    private static PartPayload readPayload(NdrReader r, Decoding dec, Guid type, Decoding.OpBlobHeader h, String field)
            throws ConnectorException {
        LayerCodec<? extends PartPayload> codec = codecFor(type);
        if (codec == null) {
            return new OpaquePart(type, Decoding.opBlobDeferred(r, h, field));
        }
        return dec.deserialize(codec, Decoding.requiredBytes(r, h, field), field);
    }

    private static LayerCodec<? extends PartPayload> codecFor(Guid type) {
        if (type.equals(PartPayload.JOIN_PROVIDER)) {
            return Win7BlobCodec.INSTANCE;
        } else if (type.equals(PartPayload.JOIN_PROVIDER2)) {
            return JoinProvCodecs.JOINPROV2;
        } else if (type.equals(PartPayload.JOIN_PROVIDER3)) {
            return JoinProvCodecs.JOINPROV3;
        } else if (type.equals(PartPayload.JOIN_PROVIDER4)) {
            return JoinProvCodecs.JOINPROV4;
        } else if (type.equals(PartPayload.POLICY_PROVIDER)) {
            return PolicyPartCodec.INSTANCE;
        } else if (type.equals(PartPayload.CERT_PROVIDER)) {
            return CertPartCodec.INSTANCE;
        }
        return null;
    }
}
