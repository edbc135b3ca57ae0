package org.odjc.odj;

import java.util.Objects;

/** A decoded blob and the referent ids it carried, for byte-exact re-encoding. */
public record DecodedBlob(OdjProvisionData data, ReferentTrace trace) {
    public DecodedBlob {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(trace, "trace");
    }
}
