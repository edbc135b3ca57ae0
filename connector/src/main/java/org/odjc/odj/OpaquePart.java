package org.odjc.odj;

import java.util.Objects;
import org.odjc.domain.Guid;

/** A part whose {@code PartType} this codec does not know, kept as its raw bytes. */
public record OpaquePart(Guid partType, OpBlob content) implements PartPayload {
    public OpaquePart {
        Objects.requireNonNull(partType, "partType");
        Objects.requireNonNull(content, "content");
    }
}
