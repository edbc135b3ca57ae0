package org.odjc.odj;

import java.util.Objects;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

/**
 * Encodes and decodes ODJ blobs: raw NDR bytes, i.e. what {@code NetProvisionComputerAccount}
 * returns in {@code pProvisionBinData} (for the djoin file and base64 forms see {@link DjoinText}).
 * Stateless and thread-safe.
 *
 * <p>Every nested layer is its own MS-RPCE type-serialization stream with its own header,
 * alignment origin and referent numbering (docs/odj-format.md §2); each {@link Layer} handles one.
 * Decoding checks every count and length before allocating and fails only with a coded
 * {@link ConnectorException}.
 */
public final class OdjCodec {
    /** Largest input accepted: blobs are a few KiB, a few MiB with certificates. */
    public static final int MAX_BLOB_BYTES = 16 * 1024 * 1024;

    /** The whole blob, {@code PODJ_PROVISION_DATA}. */
    public static final Layer<OdjProvisionData> PROVISION_DATA = new Layer<>(ProvisionDataCodec.INSTANCE);
    public static final Layer<OdjWin7Blob> WIN7_BLOB = new Layer<>(Win7BlobCodec.INSTANCE);
    public static final Layer<OpPackage> PACKAGE = new Layer<>(PackageCodec.INSTANCE);
    public static final Layer<OpPackagePartCollection> PART_COLLECTION = new Layer<>(PartCollectionCodec.INSTANCE);
    public static final Layer<OpJoinProv2Part> JOINPROV2 = new Layer<>(JoinProvCodecs.JOINPROV2);
    public static final Layer<OpJoinProv3Part> JOINPROV3 = new Layer<>(JoinProvCodecs.JOINPROV3);
    public static final Layer<OpJoinProv4Part> JOINPROV4 = new Layer<>(JoinProvCodecs.JOINPROV4);
    public static final Layer<OpPolicyPart> POLICY_PART = new Layer<>(PolicyPartCodec.INSTANCE);
    public static final Layer<OpCertPart> CERT_PART = new Layer<>(CertPartCodec.INSTANCE);

    private OdjCodec() {
    }

    /** The blob's NDR bytes with Samba's referent numbering (byte-identical to Samba's output). */
    public static byte[] encode(OdjProvisionData data) {
        return PROVISION_DATA.encode(data, Numbering.SAMBA);
    }

    public static OdjProvisionData decode(byte[] ndr) throws ConnectorException {
        return PROVISION_DATA.decode(ndr);
    }

    /** Decodes and keeps the referent ids, so {@link #reencode} reproduces the input exactly. */
    public static DecodedBlob decodeTraced(byte[] ndr) throws ConnectorException {
        Decoding dec = new Decoding();
        OdjProvisionData data = PROVISION_DATA.decode(ndr, dec);
        return new DecodedBlob(data, dec.trace());
    }

    public static byte[] reencode(DecodedBlob decoded) {
        return PROVISION_DATA.encode(decoded.data(), decoded.trace());
    }

    /** One serialized layer type, e.g. a standalone {@code POP_JOINPROV3_PART}. */
    public static final class Layer<T> {
        private final LayerCodec<T> codec;

        private Layer(LayerCodec<T> codec) {
            this.codec = codec;
        }

        /** The pickled type's name, e.g. {@code POP_PACKAGE}. */
        public String name() {
            return codec.name();
        }

        public byte[] encode(T value, Numbering numbering) {
            return new Encoding(Objects.requireNonNull(numbering, "numbering"), null)
                    .serialize(codec, Objects.requireNonNull(value, "value"));
        }

        /** Re-encodes with the referent ids a decode recorded; other layers get Samba numbering. */
        public byte[] encode(T value, ReferentTrace trace) {
            return new Encoding(Numbering.SAMBA, Objects.requireNonNull(trace, "trace"))
                    .serialize(codec, Objects.requireNonNull(value, "value"));
        }

        /** Decodes a serialized layer that must fill {@code bytes} exactly. */
        public T decode(byte[] bytes) throws ConnectorException {
            return decode(bytes, new Decoding());
        }

        /** Decodes and returns the trace for a byte-exact {@link #encode(Object, ReferentTrace)}. */
        public Traced<T> decodeTraced(byte[] bytes) throws ConnectorException {
            Decoding dec = new Decoding();
            T value = decode(bytes, dec);
            return new Traced<>(value, dec.trace());
        }

        T decode(byte[] bytes, Decoding dec) throws ConnectorException {
            Objects.requireNonNull(bytes, "bytes");
            if (bytes.length > MAX_BLOB_BYTES) {
                throw new ConnectorException(FailureCode.ODJ_INPUT_TOO_LARGE,
                        bytes.length + " bytes, at most " + MAX_BLOB_BYTES + " accepted");
            }
            return dec.deserialize(codec, bytes, "blob");
        }
    }

    /** A decoded layer and the referent ids it carried. */
    public record Traced<T>(T value, ReferentTrace trace) {
    }
}
