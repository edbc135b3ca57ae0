package org.odjc.odj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

/**
 * Seeded mutations and truncations of every vector, in every input form: decoding may succeed or
 * fail with a coded {@link ConnectorException}, nothing else. What decodes must re-encode and
 * decode to the same value. The run time is recorded in docs/benchmarks.md, not asserted.
 */
class OdjMutationTest {
    private static final long SEED = 20261122L;
    private static final int ROUNDS = 120_000;

    private record Target(String name, byte[] bytes, OdjCodec.Layer<?> layer) {
    }

    @Test
    void mutatedInputsFailOnlyWithCodes() {
        List<Target> targets = targets();
        SplittableRandom random = new SplittableRandom(SEED);
        Map<FailureCode, Integer> codes = new EnumMap<>(FailureCode.class);
        int decoded = 0;
        long started = System.nanoTime();
        for (int round = 0; round < ROUNDS; round++) {
            Target t = targets.get(random.nextInt(targets.size()));
            byte[] input = mutate(t.bytes(), random);
            try {
                Object value = decode(t, input);
                decoded++;
                assertStableRoundTrip(t.layer(), value, round);
            } catch (ConnectorException e) {
                codes.merge(e.code(), 1, Integer::sum);
            } catch (Throwable e) {
                fail("round %d (seed %d) on %s: uncoded %s", round, SEED, t.name(), e, e);
            }
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("OdjMutationTest: %d inputs in %d ms, %d decoded, failures by code %s%n",
                ROUNDS, millis, decoded, codes);

        assertThat(decoded).as("some mutations only change data").isGreaterThan(ROUNDS / 100);
        assertThat(codes.keySet()).contains(FailureCode.ODJ_TRUNCATED, FailureCode.ODJ_LENGTH_MISMATCH,
                FailureCode.ODJ_SIZE_OUT_OF_BOUNDS, FailureCode.ODJ_MALFORMED_STRING,
                FailureCode.ODJ_BAD_SERIALIZATION_HEADER, FailureCode.ODJ_BAD_BASE64);
    }

    private static List<Target> targets() {
        List<Target> targets = new ArrayList<>();
        for (String name : Vectors.ALL_BINARY) {
            OdjCodec.Layer<?> layer = layerOf(name);
            targets.add(new Target(name, Vectors.bytes(name), layer));
            if (layer == OdjCodec.PROVISION_DATA && !name.contains("ulVersion2")) {
                targets.add(new Target(name + " (djoin file)", DjoinText.toDjoinFile(Vectors.bytes(name)), null));
                targets.add(new Target(name + " (base64)",
                        DjoinText.toBase64Text(Vectors.bytes(name)).getBytes(java.nio.charset.StandardCharsets.US_ASCII), null));
            }
        }
        return targets;
    }

    private static OdjCodec.Layer<?> layerOf(String name) {
        if (name.endsWith("win7blob.bin")) {
            return OdjCodec.WIN7_BLOB;
        } else if (name.endsWith("op_package.bin")) {
            return OdjCodec.PACKAGE;
        } else if (name.endsWith("part_collection.bin")) {
            return OdjCodec.PART_COLLECTION;
        } else if (name.endsWith("joinprov3.bin")) {
            return OdjCodec.JOINPROV3;
        }
        return OdjCodec.PROVISION_DATA;
    }

    /** Text forms (layer null) go through DjoinText first. */
    private static Object decode(Target t, byte[] input) throws ConnectorException {
        if (t.layer() == null) {
            return OdjCodec.decode(DjoinText.toNdr(input).ndr());
        }
        return t.layer().decode(input);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void assertStableRoundTrip(OdjCodec.Layer<?> layer, Object value, int round) throws ConnectorException {
        OdjCodec.Layer l = layer == null ? OdjCodec.PROVISION_DATA : layer;
        byte[] again = l.encode(value, Numbering.SAMBA);
        assertThat(l.decode(again)).as("round %d re-decodes to the same value", round).isEqualTo(value);
    }

    static byte[] mutate(byte[] original, SplittableRandom r) {
        byte[] b = original.clone();
        switch (r.nextInt(6)) {
            case 0 -> { // flip a few bytes
                for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
            }
            case 1 -> { // an interesting 32-bit value at an aligned offset
                int at = r.nextInt(b.length / 4) * 4;
                long[] values = {0, 1, 2, 0x7fffffffL, 0x80000000L, 0xffffffffL, 0xfffffffeL, 0x10000,
                    b.length, b.length + 8L, r.nextInt(1 << 16)};
                long v = values[r.nextInt(values.length)];
                for (int i = 0; i < 4 && at + i < b.length; i++) {
                    b[at + i] = (byte) (v >>> (8 * i));
                }
            }
            case 2 -> b = Arrays.copyOf(b, r.nextInt(b.length)); // truncate
            case 3 -> { // delete a range
                int from = r.nextInt(b.length);
                int to = Math.min(b.length, from + 1 + r.nextInt(16));
                byte[] out = new byte[b.length - (to - from)];
                System.arraycopy(b, 0, out, 0, from);
                System.arraycopy(b, to, out, from, b.length - to);
                b = out;
            }
            case 4 -> { // insert random bytes
                int at = r.nextInt(b.length + 1);
                int n = 1 + r.nextInt(8);
                byte[] out = new byte[b.length + n];
                System.arraycopy(b, 0, out, 0, at);
                for (int i = 0; i < n; i++) {
                    out[at + i] = (byte) r.nextInt(256);
                }
                System.arraycopy(b, at, out, at + n, b.length - at);
                b = out;
            }
            default -> { // one bit
                int at = r.nextInt(b.length);
                b[at] ^= (byte) (1 << r.nextInt(8));
            }
        }
        return b;
    }
}
