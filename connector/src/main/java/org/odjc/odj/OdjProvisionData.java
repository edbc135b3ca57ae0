package org.odjc.odj;

import java.util.List;
import java.util.Optional;

/**
 * The whole blob: what {@code NetProvisionComputerAccount} returns and {@code djoin} saves.
 * <pre>
 * typedef struct _ODJ_PROVISION_DATA {
 *     ULONG ulVersion;                          // MUST be 1
 *     ULONG ulcBlobs;
 *     [size_is(ulcBlobs)] PODJ_BLOB pBlobs;
 * } ODJ_PROVISION_DATA;                         // ACF: typedef [encode, decode] PODJ_PROVISION_DATA;
 * </pre>
 * Windows and Samba write two blobs: [0] the Win7 blob, [1] an OP_PACKAGE with the JOIN_PROVIDER
 * part (the same Win7 blob) and the JOIN_PROVIDER3 part.
 */
public record OdjProvisionData(List<OdjBlob> blobs) {
    /** {@code ulVersion}: the only version; Windows and Samba reject others (NERR_ProvisioningBlobUnsupported). */
    public static final long VERSION = 1;

    public OdjProvisionData {
        blobs = List.copyOf(blobs);
    }

    /**
     * The Win7 data a consumer uses: the first Win7 blob, else the JOIN_PROVIDER part of the first
     * package that has one (Samba's requestodj searches in this order).
     */
    public Optional<OdjWin7Blob> win7Blob() {
        for (OdjBlob b : blobs) {
            if (b instanceof OdjWin7Blob w) {
                return Optional.of(w);
            }
            if (b instanceof OpPackage p) {
                Optional<OdjWin7Blob> part = p.parts().parts().stream()
                        .map(OpPackagePart::payload)
                        .filter(OdjWin7Blob.class::isInstance).map(OdjWin7Blob.class::cast).findFirst();
                if (part.isPresent()) {
                    return part;
                }
            }
        }
        return Optional.empty();
    }

    /** The first JOIN_PROVIDER3 part of any package. */
    public Optional<OpJoinProv3Part> joinProv3() {
        return blobs.stream().filter(OpPackage.class::isInstance).map(OpPackage.class::cast)
                .flatMap(p -> p.parts().parts().stream()).map(OpPackagePart::payload)
                .filter(OpJoinProv3Part.class::isInstance).map(OpJoinProv3Part.class::cast).findFirst();
    }
}
