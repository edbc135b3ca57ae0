package org.odjc.ndr;

/**
 * Chooses the referent id written for each non-NULL unique pointer of one serialized layer.
 * Decoders never check the values (any non-zero id means "present"), so numbering only matters
 * for byte-exact output. Not thread-safe: one instance per layer being encoded.
 */
public abstract class Referents {
    private static final int FIRST = 0x00020000;

    private int counter;

    /** The id for the next non-NULL pointer. */
    public abstract int next();

    /**
     * The id for the one pointer Samba writes as a constant: {@code lpMachinePassword} of a Win7
     * blob, which Samba's IDL models as {@code [value(0xffffffff)] uint32 _pad} (docs/odj-format.md §3.4).
     */
    public abstract int nextSambaConstant();

    /** MIDL and pidl numbering: {@code 0x00020000 + 4*n}, n counting from 0 per layer. */
    protected final int numbered() {
        return FIRST + 4 * counter++;
    }

    /** Samba's numbering, including its constant {@code 0xFFFFFFFF} that consumes no number. */
    public static Referents samba() {
        return new Numbered(true);
    }

    /** Plain MIDL numbering: every pointer takes the next number. */
    public static Referents midl() {
        return new Numbered(false);
    }

    private static final class Numbered extends Referents {
        private final boolean sambaConstant;

        Numbered(boolean sambaConstant) {
            this.sambaConstant = sambaConstant;
        }

        @Override
        public int next() {
            return numbered();
        }

        @Override
        public int nextSambaConstant() {
            return sambaConstant ? 0xFFFF_FFFF : numbered();
        }
    }

    /**
     * Replays the ids a decoder recorded, in order, so a foreign producer's bytes (Windows writes
     * heap addresses such as {@code 0x934f9c80}) come back exactly; continues with Samba numbering
     * if the recording runs out.
     */
    public static Referents replay(int[] recorded) {
        int[] ids = recorded.clone();
        return new Referents() {
            private int index;

            @Override
            public int next() {
                int i = index++;
                return i < ids.length ? ids[i] : FIRST + 4 * i;
            }

            @Override
            public int nextSambaConstant() {
                return next();
            }
        };
    }
}
