package org.odjc.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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

    /** An access control entry of the DACL (MS-DTYP 2.4.4): the four types AD uses for rights. */
    public record Ace(Type type, int flags, long mask, Optional<Guid> objectType, Optional<Guid> inheritedObjectType,
            Sid sid) {
        public enum Type {
            ALLOWED, DENIED, ALLOWED_OBJECT, DENIED_OBJECT, OTHER
        }

        public static final int OBJECT_INHERIT = 0x01;
        public static final int CONTAINER_INHERIT = 0x02;
        public static final int INHERIT_ONLY = 0x08;
        public static final int INHERITED = 0x10;

        public boolean allows() {
            return type == Type.ALLOWED || type == Type.ALLOWED_OBJECT;
        }

        public boolean denies() {
            return type == Type.DENIED || type == Type.DENIED_OBJECT;
        }

        /** The ACE's wire form (MS-DTYP 2.4.4.1, 2.4.4.3). */
        public byte[] toBytes() {
            if (type == Type.OTHER) {
                throw new IllegalStateException("only the four rights ACE types are written");
            }
            boolean object = type == Type.ALLOWED_OBJECT || type == Type.DENIED_OBJECT;
            byte[] sidBytes = sid.toBinary();
            int size = 8 + (object ? 4 + (objectType.isPresent() ? 16 : 0) + (inheritedObjectType.isPresent() ? 16 : 0) : 0)
                    + sidBytes.length;
            byte[] b = new byte[size];
            b[0] = (byte) switch (type) {
                case ALLOWED -> 0x00;
                case DENIED -> 0x01;
                case ALLOWED_OBJECT -> 0x05;
                default -> 0x06;
            };
            b[1] = (byte) flags;
            b[2] = (byte) size;
            b[3] = (byte) (size >> 8);
            putU32(b, 4, mask);
            int q = 8;
            if (object) {
                putU32(b, q, (objectType.isPresent() ? 1 : 0) | (inheritedObjectType.isPresent() ? 2 : 0));
                q += 4;
                if (objectType.isPresent()) {
                    objectType.get().toWire(b, q);
                    q += 16;
                }
                if (inheritedObjectType.isPresent()) {
                    inheritedObjectType.get().toWire(b, q);
                    q += 16;
                }
            }
            System.arraycopy(sidBytes, 0, b, q, sidBytes.length);
            return b;
        }
    }

    /** SE_DACL_PRESENT, SE_DACL_AUTO_INHERITED, SE_DACL_PROTECTED, SE_SELF_RELATIVE (MS-DTYP 2.4.6). */
    private static final int DACL_PRESENT = 0x0004;
    private static final int DACL_CONTROL_BITS = 0x0400 | 0x1000;
    private static final int SELF_RELATIVE = 0x8000;

    /**
     * A descriptor holding only this one's DACL with {@code added} placed after its explicit ACEs
     * and before its inherited ones (the canonical order), every existing ACE kept byte for byte.
     * Written with SD_FLAGS = DACL, it changes the DACL alone.
     */
    public byte[] daclOnlyWith(List<Ace> added) throws ConnectorException {
        long offset = u32(16);
        if (offset == 0) {
            throw malformed("no DACL to add to");
        }
        int o = (int) offset;
        int count = (bytes[o + 4] & 0xFF) | (bytes[o + 5] & 0xFF) << 8;
        int p = o + 8;
        int insertAt = -1;
        for (int i = 0; i < count; i++) {
            int size = (bytes[p + 2] & 0xFF) | (bytes[p + 3] & 0xFF) << 8;
            if (insertAt < 0 && (bytes[p + 1] & Ace.INHERITED) != 0) {
                insertAt = p;
            }
            p += size;
        }
        int end = p;
        if (insertAt < 0) {
            insertAt = end;
        }
        java.io.ByteArrayOutputStream extra = new java.io.ByteArrayOutputStream();
        added.forEach(a -> extra.writeBytes(a.toBytes()));
        int aclSize = 8 + (end - (o + 8)) + extra.size();
        if (aclSize > 0xFFFF || count + added.size() > 0xFFFF) {
            throw malformed("the DACL would exceed 64 KiB");
        }
        byte[] out = new byte[HEADER + aclSize];
        out[0] = 1;
        int control = ((bytes[2] & 0xFF) | (bytes[3] & 0xFF) << 8) & DACL_CONTROL_BITS | DACL_PRESENT | SELF_RELATIVE;
        out[2] = (byte) control;
        out[3] = (byte) (control >> 8);
        putU32(out, 16, HEADER);
        out[HEADER] = 4; // ACL_REVISION_DS: object ACEs
        out[HEADER + 2] = (byte) aclSize;
        out[HEADER + 3] = (byte) (aclSize >> 8);
        int total = count + added.size();
        out[HEADER + 4] = (byte) total;
        out[HEADER + 5] = (byte) (total >> 8);
        int w = HEADER + 8;
        System.arraycopy(bytes, o + 8, out, w, insertAt - (o + 8));
        w += insertAt - (o + 8);
        System.arraycopy(extra.toByteArray(), 0, out, w, extra.size());
        w += extra.size();
        System.arraycopy(bytes, insertAt, out, w, end - insertAt);
        return out;
    }

    private static void putU32(byte[] b, int o, long v) {
        b[o] = (byte) v;
        b[o + 1] = (byte) (v >> 8);
        b[o + 2] = (byte) (v >> 16);
        b[o + 3] = (byte) (v >> 24);
    }

    /**
     * The DACL's entries in order, or empty when the descriptor carries none (SD_FLAGS did not
     * ask for it). ACE header: type u8, flags u8, size u16; then mask u32; object ACEs add flags u32
     * and the GUIDs their flags announce (1: ObjectType, 2: InheritedObjectType); then the SID.
     */
    public List<Ace> dacl() throws ConnectorException {
        long offset = u32(16);
        if (offset == 0) {
            return List.of();
        }
        if (offset < HEADER || offset + 8 > bytes.length) {
            throw malformed("DACL offset " + offset);
        }
        int o = (int) offset;
        int count = (bytes[o + 4] & 0xFF) | (bytes[o + 5] & 0xFF) << 8;
        List<Ace> aces = new ArrayList<>(count);
        int p = o + 8;
        for (int i = 0; i < count; i++) {
            if (p + 8 > bytes.length) {
                throw malformed("ACE " + i + " is cut off");
            }
            int type = bytes[p] & 0xFF;
            int flags = bytes[p + 1] & 0xFF;
            int size = (bytes[p + 2] & 0xFF) | (bytes[p + 3] & 0xFF) << 8;
            if (size < 8 || p + size > bytes.length) {
                throw malformed("ACE " + i + " has size " + size);
            }
            long mask = u32(p + 4);
            int q = p + 8;
            Optional<Guid> objectType = Optional.empty();
            Optional<Guid> inherited = Optional.empty();
            Ace.Type t = switch (type) {
                case 0x00 -> Ace.Type.ALLOWED;
                case 0x01 -> Ace.Type.DENIED;
                case 0x05 -> Ace.Type.ALLOWED_OBJECT;
                case 0x06 -> Ace.Type.DENIED_OBJECT;
                default -> Ace.Type.OTHER;
            };
            if (t == Ace.Type.ALLOWED_OBJECT || t == Ace.Type.DENIED_OBJECT) {
                long objectFlags = u32(q);
                q += 4;
                if ((objectFlags & 1) != 0) {
                    objectType = Optional.of(Guid.fromWire(bytes, q));
                    q += 16;
                }
                if ((objectFlags & 2) != 0) {
                    inherited = Optional.of(Guid.fromWire(bytes, q));
                    q += 16;
                }
            }
            if (t != Ace.Type.OTHER) {
                if (q + 8 > p + size) {
                    throw malformed("ACE " + i + " has no room for its SID");
                }
                int subs = bytes[q + 1] & 0xFF;
                if (q + 8 + 4 * subs > p + size) {
                    throw malformed("ACE " + i + "'s SID is cut off");
                }
                aces.add(new Ace(t, flags, mask, objectType, inherited,
                        Sid.fromBinary(Arrays.copyOfRange(bytes, q, q + 8 + 4 * subs))));
            }
            p += size;
        }
        return aces;
    }

    private static ConnectorException malformed(String what) {
        return new ConnectorException(FailureCode.AD_MALFORMED_VALUE, "nTSecurityDescriptor: " + what);
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
