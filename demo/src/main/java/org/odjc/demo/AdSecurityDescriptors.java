package org.odjc.demo;

import com.unboundid.asn1.ASN1Element;
import com.unboundid.asn1.ASN1Integer;
import com.unboundid.asn1.ASN1Sequence;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.odjc.domain.SecurityDescriptor;
import org.odjc.domain.Sid;

/**
 * {@code nTSecurityDescriptor} as a DC keeps and returns it: the default descriptor AD gives a new
 * object, and the SD_FLAGS control (MS-ADTS 3.1.1.3.4.1.11) by which a client asks for some parts
 * only. The connector reads DACLs and writes a DACL alone with that control, so the emulator answers
 * as a DC does: absent parts with offset 0 and their PRESENT bit cleared. The ACEs are the core's
 * {@link SecurityDescriptor.Ace}, in the core's wire form; only what a DC adds is here.
 */
final class AdSecurityDescriptors {
    /** LDAP_SERVER_SD_FLAGS_OID (MS-ADTS 3.1.1.3.4.1.11). */
    static final String SD_FLAGS_OID = "1.2.840.113556.1.4.801";
    static final int OWNER_SECURITY_INFORMATION = 0x1;
    static final int GROUP_SECURITY_INFORMATION = 0x2;
    static final int DACL_SECURITY_INFORMATION = 0x4;
    static final int SACL_SECURITY_INFORMATION = 0x8;
    /** What a DC returns of nTSecurityDescriptor without the control (the SACL needs a privilege). */
    static final int DEFAULT_SD_FLAGS =
            OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION;
    /** GENERIC_ALL as AD stores it for directory objects. */
    static final long FULL_CONTROL = 0x000F01FF;
    /** READ_CONTROL | LIST_OBJECT | READ_PROPERTY | LIST_CHILDREN. */
    static final long READ_DS = 0x00020094;
    static final Sid LOCAL_SYSTEM = new Sid(5, List.of(18L));
    static final Sid AUTHENTICATED_USERS = new Sid(5, List.of(11L));

    // MS-DTYP 2.4.6, self-relative; little-endian
    private static final int SE_DACL_PRESENT = 0x0004;
    private static final int SE_SACL_PRESENT = 0x0010;
    private static final int SE_SELF_RELATIVE = 0x8000;
    private static final int SD_HEADER = 20;

    private AdSecurityDescriptors() {
    }

    /** An ACCESS_ALLOWED_ACE (MS-DTYP 2.4.4.2) without inheritance flags. */
    static SecurityDescriptor.Ace allow(long mask, Sid trustee) {
        return new SecurityDescriptor.Ace(SecurityDescriptor.Ace.Type.ALLOWED, 0, mask, Optional.empty(),
                Optional.empty(), trustee);
    }

    /** AD's default SD of new objects, trimmed: owner, group, full control to admins and SYSTEM, read to users. */
    static byte[] defaultFor(Sid owner, Sid domainAdmins) {
        return encode(owner, domainAdmins, List.of(allow(FULL_CONTROL, domainAdmins), allow(FULL_CONTROL, LOCAL_SYSTEM),
                allow(READ_DS, AUTHENTICATED_USERS)));
    }

    /** Owner, group and a DACL; ACL_REVISION 2 (the default descriptor holds no object ACEs). */
    static byte[] encode(Sid owner, Sid group, List<SecurityDescriptor.Ace> dacl) {
        ByteArrayOutputStream aces = new ByteArrayOutputStream();
        dacl.forEach(a -> aces.writeBytes(a.toBytes()));
        int aclSize = 8 + aces.size();
        ByteBuffer acl = ByteBuffer.allocate(aclSize).order(ByteOrder.LITTLE_ENDIAN);
        acl.put((byte) 2).put((byte) 0).putShort((short) aclSize).putShort((short) dacl.size()).putShort((short) 0);
        acl.put(aces.toByteArray());
        return selfRelative(SE_DACL_PRESENT, owner.toBinary(), group.toBinary(), null, acl.array());
    }

    /**
     * The parts of {@code sd} an SD_FLAGS value asks for, as a DC returns them: absent parts have
     * offset 0 and their PRESENT bit cleared.
     */
    static byte[] restrict(byte[] sd, int flags) {
        ByteBuffer in = ByteBuffer.wrap(sd).order(ByteOrder.LITTLE_ENDIAN);
        int control = in.getShort(2) & 0xFFFF;
        byte[] owner = (flags & OWNER_SECURITY_INFORMATION) != 0 ? sidAt(sd, in.getInt(4)) : null;
        byte[] group = (flags & GROUP_SECURITY_INFORMATION) != 0 ? sidAt(sd, in.getInt(8)) : null;
        byte[] sacl = (flags & SACL_SECURITY_INFORMATION) != 0 ? aclAt(sd, in.getInt(12)) : null;
        byte[] dacl = (flags & DACL_SECURITY_INFORMATION) != 0 ? aclAt(sd, in.getInt(16)) : null;
        control &= ~(SE_DACL_PRESENT | SE_SACL_PRESENT | SE_SELF_RELATIVE);
        return selfRelative(control | (dacl == null ? 0 : SE_DACL_PRESENT) | (sacl == null ? 0 : SE_SACL_PRESENT),
                owner, group, sacl, dacl);
    }

    /** The SD_FLAGS a request asks for; without the control a DC returns owner, group and DACL. */
    static int sdFlags(Control[] controls) throws LDAPException {
        for (Control c : controls) {
            if (SD_FLAGS_OID.equals(c.getOID())) {
                try {
                    ASN1Element[] seq = ASN1Sequence.decodeAsSequence(c.getValue().getValue()).elements();
                    return ASN1Integer.decodeAsInteger(seq[0]).intValue();
                } catch (Exception e) {
                    throw new LDAPException(ResultCode.PROTOCOL_ERROR, "00000057: LdapErr: DSID-0C090B0A, "
                            + "comment: Error processing control, data 0, v4563");
                }
            }
        }
        return DEFAULT_SD_FLAGS;
    }

    /** The controls without SD_FLAGS, which the in-memory server, not knowing it, would refuse as critical. */
    static Control[] withoutSdFlags(Control[] controls) {
        return Arrays.stream(controls).filter(c -> !SD_FLAGS_OID.equals(c.getOID())).toArray(Control[]::new);
    }

    private static byte[] selfRelative(int control, byte[] owner, byte[] group, byte[] sacl, byte[] dacl) {
        int size = SD_HEADER + length(owner) + length(group) + length(sacl) + length(dacl);
        ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        out.put((byte) 1).put((byte) 0).putShort((short) (control | SE_SELF_RELATIVE));
        int offset = SD_HEADER;
        for (byte[] part : new byte[][] {owner, group, sacl, dacl}) {
            out.putInt(part == null ? 0 : offset);
            offset += length(part);
        }
        for (byte[] part : new byte[][] {owner, group, sacl, dacl}) {
            if (part != null) {
                out.put(part);
            }
        }
        return out.array();
    }

    private static byte[] sidAt(byte[] sd, int offset) {
        return offset == 0 ? null : Arrays.copyOfRange(sd, offset, offset + 8 + 4 * (sd[offset + 1] & 0xFF));
    }

    private static byte[] aclAt(byte[] sd, int offset) {
        return offset == 0 ? null
                : Arrays.copyOfRange(sd, offset, offset + ((sd[offset + 2] & 0xFF) | (sd[offset + 3] & 0xFF) << 8));
    }

    private static int length(byte[] part) {
        return part == null ? 0 : part.length;
    }
}
