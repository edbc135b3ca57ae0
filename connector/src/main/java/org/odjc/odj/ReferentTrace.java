package org.odjc.odj;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The referent ids each decoded layer carried, keyed by the decoded record instance. Re-encoding
 * with the trace reproduces a foreign producer's bytes exactly (Windows writes heap addresses such
 * as {@code 0x934f9c80} where Samba writes {@code 0x00020000}). Only round trips need it; new blobs
 * use {@link Numbering#SAMBA}. Not thread-safe while being recorded; read-only afterwards.
 */
public final class ReferentTrace {
    private final Map<Object, int[]> byLayer = new IdentityHashMap<>();

    void record(Object layer, int[] referents) {
        byLayer.put(layer, referents);
    }

    Optional<int[]> of(Object layer) {
        return Optional.ofNullable(byLayer.get(layer));
    }

    /** Number of layers recorded. */
    public int size() {
        return byLayer.size();
    }
}
