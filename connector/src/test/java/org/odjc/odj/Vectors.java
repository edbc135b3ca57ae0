package org.odjc.odj;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The ODJ test vectors under {@code src/test/resources/odj} (provenance in its README). */
public final class Vectors {
    public static final String WINDOWS = "ODJ_PROVISION_DATA_data.bin";
    public static final String WINDOWS_DJOIN = "derived/ODJ_PROVISION_DATA_data.djoin.txt";
    public static final String TESTPC01 = "samba-4.17/samba417_TESTPC01.bin";
    public static final String RESEARCH01 = "samba-4.17/samba417_RESEARCH01.bin";
    public static final String RESEARCH02 = "samba-4.17/samba417_RESEARCH02_defpwd_ou.bin";
    public static final String ONLY_WIN7 = "synthetic/RESEARCH01_only_win7blob.bin";
    public static final String ONLY_PACKAGE = "synthetic/RESEARCH01_only_op_package.bin";
    public static final String PLAIN_REFS = "synthetic/RESEARCH01_plain_ndr_refs.bin";
    public static final String VERSION2 = "synthetic/RESEARCH01_ulVersion2.bin";

    /** Every whole-blob vector that decodes. */
    public static final List<String> DECODABLE = List.of(WINDOWS, TESTPC01, RESEARCH01, RESEARCH02, ONLY_WIN7,
            ONLY_PACKAGE, PLAIN_REFS);

    /** Every vector file, including the layer slices and the one with an unsupported version. */
    public static final List<String> ALL_BINARY = List.of(WINDOWS, TESTPC01, RESEARCH01, RESEARCH02, ONLY_WIN7,
            ONLY_PACKAGE, PLAIN_REFS, VERSION2,
            "derived/ODJ_PROVISION_DATA_data.win7blob.bin", "derived/ODJ_PROVISION_DATA_data.op_package.bin",
            "derived/ODJ_PROVISION_DATA_data.part_collection.bin", "derived/ODJ_PROVISION_DATA_data.joinprov3.bin");

    private Vectors() {
    }

    public static byte[] bytes(String name) {
        try (InputStream in = Vectors.class.getResourceAsStream("/odj/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test vector " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The djoin-file twin of a {@code .bin} vector. */
    public static byte[] djoinFile(String binName) {
        return bytes(binName.replace(".bin", ".djoin.txt"));
    }
}
