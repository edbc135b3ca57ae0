package org.odjc.odj;

import java.util.Objects;
import org.odjc.domain.Guid;

/**
 * The Windows 8+ provisioning package ({@code ODJ_WIN8_FORMAT}).
 * <pre>
 * typedef struct _OP_PACKAGE {
 *     GUID    EncryptionType;             // GUID_NULL: not encrypted
 *     OP_BLOB EncryptionContext;
 *     OP_BLOB WrappedPartCollection;      // a serialized POP_PACKAGE_PART_COLLECTION
 *     ULONG   cbDecryptedPartCollection;
 *     OP_BLOB Extension;
 * } OP_PACKAGE, *POP_PACKAGE;
 * </pre>
 * Only unencrypted packages exist in practice (NetProvisionComputerAccount and djoin never
 * encrypt, Samba cannot), so the part collection is always decoded.
 */
public record OpPackage(
        OpBlob encryptionContext,
        OpPackagePartCollection parts,
        long cbDecryptedPartCollection,
        OpBlob extension) implements OdjBlob {

    /** {@code EncryptionType}: always GUID_NULL. */
    public static final Guid ENCRYPTION_NONE = Guid.NIL;

    public OpPackage {
        Objects.requireNonNull(encryptionContext, "encryptionContext");
        Objects.requireNonNull(parts, "parts");
        Ulong.check(cbDecryptedPartCollection, "cbDecryptedPartCollection");
        Objects.requireNonNull(extension, "extension");
    }

    /** A package as Windows and Samba write it: no encryption, no extension. */
    public static OpPackage of(OpPackagePartCollection parts) {
        return new OpPackage(OpBlob.NULL, parts, 0, OpBlob.NULL);
    }

    @Override
    public long format() {
        return ODJ_WIN8_FORMAT;
    }
}
