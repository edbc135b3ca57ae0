package org.odjc.odj;

import java.util.List;
import java.util.Objects;

/**
 * <pre>
 * typedef struct _OP_PACKAGE_PART_COLLECTION {
 *     ULONG                              cParts;
 *     [size_is(cParts)] POP_PACKAGE_PART pParts;
 *     OP_BLOB                            Extension;
 * } OP_PACKAGE_PART_COLLECTION, *POP_PACKAGE_PART_COLLECTION;
 * </pre>
 */
public record OpPackagePartCollection(List<OpPackagePart> parts, OpBlob extension) {
    public OpPackagePartCollection {
        parts = List.copyOf(parts);
        Objects.requireNonNull(extension, "extension");
    }

    public static OpPackagePartCollection of(List<OpPackagePart> parts) {
        return new OpPackagePartCollection(parts, OpBlob.NULL);
    }
}
