package org.odjc.odj;

import org.odjc.failure.ConnectorException;
import org.odjc.ndr.NdrReader;
import org.odjc.ndr.NdrWriter;

/**
 * Reads and writes the object of one serialized layer, after the layer's top-level referent id
 * (every ODJ layer is a pointer type; see the ACF in Microsoft's ODJ IDL).
 */
abstract class LayerCodec<T> {
    private final String name;

    LayerCodec(String name) {
        this.name = name;
    }

    /** The pickled type's name, e.g. {@code PODJ_WIN7BLOB}; used in error messages. */
    final String name() {
        return name;
    }

    /** Writes the object's scalars, then its deferred pointees. */
    abstract void write(NdrWriter w, T value, Encoding enc);

    abstract T read(NdrReader r, Decoding dec) throws ConnectorException;

    /** True when the layer's bytes hold a secret and must be wiped once embedded. */
    boolean holdsSecret() {
        return false;
    }
}
