package org.odjc.domain;

import java.util.Arrays;
import java.util.Optional;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

/**
 * A self-relative {@code SECURITY_DESCRIPTOR} (MS-DTYP 2.4.6), as LDAP returns
 * {@code nTSecurityDescriptor}:
 * <pre>
 * Revision u8 (1) | Sbz1 u8 | Control u16 | OffsetOwner u32 | OffsetGroup u32 | OffsetSacl u32 | OffsetDacl u32
 * </pre>
 * Offsets are from the start; 0 means absent (an SD_FLAGS control asking only for the owner
 * returns only the owner).
 */
public final class SecurityDescriptor {
    private static final int HEADER = 20;

    private final byte[] bytes;

    private SecurityDescriptor(byte[] bytes) {
        this.bytes = bytes;
    }

    public static SecurityDescriptor parse(byte[] bytes) throws ConnectorException {
        if (bytes == null || bytes.length < HEADER || bytes[0] != 1) {
            throw new ConnectorException(FailureCode.AD_MALFORMED_VALUE, "nTSecurityDescriptor is not a self-relative descriptor");
        }
        return new SecurityDescriptor(bytes.clone());
    }

    public Optional<Sid> owner() throws ConnectorException {
        return sidAt(u32(4), "owner");
    }

    public Optional<Sid> group() throws ConnectorException {
        return sidAt(u32(8), "group");
    }

    private Optional<Sid> sidAt(long offset, String what) throws ConnectorException {
        if (offset == 0) {
            return Optional.empty();
        }
        if (offset < HEADER || offset + 8 > bytes.length) {
            throw new ConnectorException(FailureCode.AD_MALFORMED_VALUE, "nTSecurityDescriptor " + what + " offset " + offset);
        }
        int o = (int) offset;
        int count = bytes[o + 1] & 0xFF;
        int end = o + 8 + 4 * count;
        if (end > bytes.length) {
            throw new ConnectorException(FailureCode.AD_MALFORMED_VALUE, "nTSecurityDescriptor " + what + " SID is cut off");
        }
        return Optional.of(Sid.fromBinary(Arrays.copyOfRange(bytes, o, end)));
    }

    private long u32(int o) {
        return (bytes[o] & 0xFFL) | (bytes[o + 1] & 0xFFL) << 8 | (bytes[o + 2] & 0xFFL) << 16 | (bytes[o + 3] & 0xFFL) << 24;
    }
}
