package org.odjc.dispatcher.store;

import java.util.Arrays;

/**
 * A blob as the store keeps it: encrypted above the port, with the id of the key that sealed it (so
 * the key can be rotated: old rows name the old key).
 */
public record SealedBlob(String keyId, byte[] sealed) {
    public SealedBlob {
        if (keyId == null || !keyId.matches("[a-z0-9-]{1,32}")) {
            throw new IllegalArgumentException("key id is 1-32 of a-z, 0-9, '-'");
        }
        sealed = sealed.clone();
    }

    @Override
    public byte[] sealed() {
        return sealed.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SealedBlob b && b.keyId.equals(keyId) && Arrays.equals(b.sealed, sealed);
    }

    @Override
    public int hashCode() {
        return keyId.hashCode() * 31 + Arrays.hashCode(sealed);
    }

    @Override
    public String toString() {
        return "SealedBlob[" + keyId + ", " + sealed.length + " bytes]";
    }
}
