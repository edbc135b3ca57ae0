package org.odjc.odj;

import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.ndr.NdrReader;
import org.odjc.ndr.NdrWriter;

/**
 * {@code POP_PACKAGE} (docs/odj-format.md §3.8): EncryptionType GUID, three OP_BLOB scalars around
 * cbDecryptedPartCollection; deferred: EncryptionContext bytes, the serialized part collection,
 * Extension bytes.
 */
final class PackageCodec extends LayerCodec<OpPackage> {
    static final PackageCodec INSTANCE = new PackageCodec();

    private PackageCodec() {
        super("POP_PACKAGE");
    }

    @Override
    boolean holdsSecret() {
        return true;
    }

    @Override
    void write(NdrWriter w, OpPackage v, Encoding enc) {
        byte[] collection = enc.serialize(PartCollectionCodec.INSTANCE, v.parts());
        w.guid(OpPackage.ENCRYPTION_NONE);
        Encoding.opBlobScalars(w, v.encryptionContext());
        w.u32(collection.length);
        w.pointer(true);
        w.u32(v.cbDecryptedPartCollection());
        Encoding.opBlobScalars(w, v.extension());
        Encoding.opBlobDeferred(w, v.encryptionContext());
        Encoding.embed(w, collection, true);
        Encoding.opBlobDeferred(w, v.extension());
    }

    @Override
    OpPackage read(NdrReader r, Decoding dec) throws ConnectorException {
        var encryption = r.guid("EncryptionType");
        if (!encryption.isNil()) {
            throw new ConnectorException(FailureCode.ODJ_ENCRYPTED_PACKAGE, r.at("EncryptionType is " + encryption));
        }
        var context = Decoding.opBlobScalars(r, "EncryptionContext");
        var wrapped = Decoding.opBlobScalars(r, "WrappedPartCollection");
        long decrypted = r.u32("cbDecryptedPartCollection");
        var extension = Decoding.opBlobScalars(r, "Extension");

        OpBlob contextValue = Decoding.opBlobDeferred(r, context, "EncryptionContext");
        byte[] collectionBytes = Decoding.requiredBytes(r, wrapped, "WrappedPartCollection");
        OpPackagePartCollection parts =
                dec.deserialize(PartCollectionCodec.INSTANCE, collectionBytes, "WrappedPartCollection");
        OpBlob extensionValue = Decoding.opBlobDeferred(r, extension, "Extension");
        return new OpPackage(contextValue, parts, decrypted, extensionValue);
    }
}
