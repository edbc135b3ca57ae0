package org.odjc.odj;

import java.util.Arrays;
import org.odjc.ndr.NdrWriter;
import org.odjc.ndr.Referents;
import org.odjc.ndr.TypeSerialization;

/** One encode run: serializes layers with the chosen referent numbering. */
final class Encoding {
    private final Numbering numbering;
    private final ReferentTrace trace;

    Encoding(Numbering numbering, ReferentTrace trace) {
        this.numbering = numbering;
        this.trace = trace;
    }

    /** {@code value} as a complete serialized layer: header, top-level referent, object, padding. */
    <T> byte[] serialize(LayerCodec<T> codec, T value) {
        NdrWriter w = new NdrWriter(referentsFor(value));
        w.pointer(true);
        codec.write(w, value, this);
        byte[] out = TypeSerialization.serialize(w);
        if (codec.holdsSecret()) {
            w.wipe();
        }
        return out;
    }

    /** The deferred bytes of an embedded layer; wipes the caller's copy if it held a secret. */
    static void embed(NdrWriter w, byte[] layer, boolean secret) {
        w.conformantBytes(layer);
        if (secret) {
            Arrays.fill(layer, (byte) 0);
        }
    }

    /** Scalars of an OP_BLOB: {@code cbBlob}, then the pointer. */
    static void opBlobScalars(NdrWriter w, OpBlob b) {
        w.u32(b.length());
        w.pointer(!b.isNull());
    }

    /** Deferred part of an OP_BLOB. */
    static void opBlobDeferred(NdrWriter w, OpBlob b) {
        if (!b.isNull()) {
            w.conformantBytes(b.unsafeBytes());
        }
    }

    static void stringDeferred(NdrWriter w, String s) {
        if (s != null) {
            w.terminatedString(s);
        }
    }

    private Referents referentsFor(Object layer) {
        if (trace != null) {
            var recorded = trace.of(layer);
            if (recorded.isPresent()) {
                return Referents.replay(recorded.get());
            }
        }
        return numbering == Numbering.MIDL ? Referents.midl() : Referents.samba();
    }
}
