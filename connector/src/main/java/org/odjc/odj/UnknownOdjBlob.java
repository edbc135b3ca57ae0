package org.odjc.odj;

import java.util.Objects;

/** An {@code ODJ_BLOB} of a format this codec does not know, kept as raw bytes. */
public record UnknownOdjBlob(long format, OpBlob content) implements OdjBlob {
    public UnknownOdjBlob {
        Ulong.check(format, "ulODJFormat");
        if (format == ODJ_WIN7_FORMAT || format == ODJ_WIN8_FORMAT) {
            throw new IllegalArgumentException("format " + format + " has a typed record");
        }
        Objects.requireNonNull(content, "content");
    }
}
