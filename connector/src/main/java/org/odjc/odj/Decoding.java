package org.odjc.odj;

import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.ndr.NdrReader;
import org.odjc.ndr.TypeSerialization;

/** One decode run: opens layers, checks they are complete, records their referent ids. */
final class Decoding {
    private final ReferentTrace trace = new ReferentTrace();

    ReferentTrace trace() {
        return trace;
    }

    /** Decodes the serialized layer that fills {@code bytes} exactly. */
    <T> T deserialize(LayerCodec<T> codec, byte[] bytes, String where) throws ConnectorException {
        NdrReader r = TypeSerialization.open(bytes, 0, bytes.length, where + " (" + codec.name() + ")");
        if (!r.pointer(codec.name())) {
            throw new ConnectorException(FailureCode.ODJ_MISSING_DATA, r.at(codec.name() + " is a NULL pointer"));
        }
        T value = codec.read(r, this);
        r.expectEnd();
        trace.record(value, r.referents());
        return value;
    }

    /** Size and presence of an OP_BLOB, read with the scalars. */
    record OpBlobHeader(long cb, boolean present) {
    }

    static OpBlobHeader opBlobScalars(NdrReader r, String field) throws ConnectorException {
        long cb = r.u32(field + ".cbBlob");
        boolean present = r.pointer(field + ".pBlob");
        if (!present && cb != 0) {
            throw new ConnectorException(FailureCode.ODJ_LENGTH_MISMATCH,
                    r.at(field + " has cbBlob " + cb + " but a NULL pointer"));
        }
        return new OpBlobHeader(cb, present);
    }

    static OpBlob opBlobDeferred(NdrReader r, OpBlobHeader h, String field) throws ConnectorException {
        return h.present() ? OpBlob.wrap(r.conformantBytes(field, h.cb())) : OpBlob.NULL;
    }

    /** Bytes of an OP_BLOB that must hold an embedded layer. */
    static byte[] requiredBytes(NdrReader r, OpBlobHeader h, String field) throws ConnectorException {
        if (!h.present()) {
            throw new ConnectorException(FailureCode.ODJ_MISSING_DATA, r.at(field + " is a NULL pointer"));
        }
        return r.conformantBytes(field, h.cb());
    }

    static String stringDeferred(NdrReader r, boolean present, String field) throws ConnectorException {
        return present ? r.string(field) : null;
    }

    /** Counts of an array in the scalars and in its deferred {@code max_count} must agree. */
    static int arrayCount(NdrReader r, boolean present, long declared, int minElementSize, String field)
            throws ConnectorException {
        if (!present) {
            if (declared != 0) {
                throw new ConnectorException(FailureCode.ODJ_MISSING_DATA,
                        r.at(field + " is NULL but its count is " + declared));
            }
            return 0;
        }
        int count = r.arrayCount(field, minElementSize);
        if (count != declared) {
            throw new ConnectorException(FailureCode.ODJ_LENGTH_MISMATCH,
                    r.at(field + " max_count " + count + " differs from its count field " + declared));
        }
        return count;
    }
}
