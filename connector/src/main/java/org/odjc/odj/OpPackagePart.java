package org.odjc.odj;

import java.util.Objects;
import org.odjc.domain.Guid;

/**
 * <pre>
 * typedef struct _OP_PACKAGE_PART {
 *     GUID    PartType;     // decides what Part holds, see PartPayload
 *     ULONG   ulFlags;      // OPSPI_PACKAGE_PART_ESSENTIAL = 0x1
 *     OP_BLOB Part;         // a serialized layer of the PartType's structure
 *     OP_BLOB Extension;
 * } OP_PACKAGE_PART, *POP_PACKAGE_PART;
 * </pre>
 */
public record OpPackagePart(long flags, PartPayload payload, OpBlob extension) {
    /** "If the consumer does not recognize this part or fails to process it, the overall operation must fail." */
    public static final long ESSENTIAL = 0x1;

    public OpPackagePart {
        Ulong.check(flags, "ulFlags");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(extension, "extension");
    }

    public static OpPackagePart of(long flags, PartPayload payload) {
        return new OpPackagePart(flags, payload, OpBlob.NULL);
    }

    public Guid partType() {
        return payload.partType();
    }

    public boolean isEssential() {
        return (flags & ESSENTIAL) != 0;
    }
}
