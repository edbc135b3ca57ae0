package org.odjc.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.odjc.domain.Guid;
import org.odjc.domain.SecurityDescriptor;
import org.odjc.domain.SecurityDescriptor.Ace;
import org.odjc.domain.Sid;

/** Rights read from DACLs built byte by byte as AD stores them (MS-DTYP 2.4.4, 2.4.5, 2.4.6). */
class AccessCheckTest {
    static final Sid SVC = sid("S-1-5-21-1-2-3-1105");
    static final Sid JOINERS = sid("S-1-5-21-1-2-3-1106");
    static final Sid OTHER = sid("S-1-5-21-1-2-3-1107");
    static final Guid USER_CLASS = guid("bf967aba-0de6-11d0-a285-00aa003049e2");
    static final Guid RESET_PASSWORD = guid("00299570-246d-11d0-a768-00aa006e0529");
    static final AccessCheck.Right CREATE = AccessCheck.CONNECTOR_RIGHTS.get(0);
    static final AccessCheck.Right RESET = AccessCheck.CONNECTOR_RIGHTS.get(2);

    @Test
    void theDaclParsesBackEveryAceWithItsTypeFlagsMaskGuidsAndSid() throws Exception {
        byte[] sd = sd(
                ace(0x06, 0, 0x1, AccessCheck.COMPUTER_CLASS, null, OTHER),
                ace(0x05, 0x12, 0x100, RESET_PASSWORD, AccessCheck.COMPUTER_CLASS, JOINERS),
                ace(0x00, 0x10, 0xF01FF, null, null, SVC));

        List<Ace> dacl = SecurityDescriptor.parse(sd).dacl();

        assertThat(dacl).extracting(Ace::type).containsExactly(Ace.Type.DENIED_OBJECT, Ace.Type.ALLOWED_OBJECT,
                Ace.Type.ALLOWED);
        assertThat(dacl.get(1).objectType()).contains(RESET_PASSWORD);
        assertThat(dacl.get(1).inheritedObjectType()).contains(AccessCheck.COMPUTER_CLASS);
        assertThat(dacl.get(1).flags()).isEqualTo(0x12);
        assertThat(dacl.get(2).mask()).isEqualTo(0xF01FF);
        assertThat(dacl.get(2).sid()).isEqualTo(SVC);
    }

    @Test
    void aGroupsCreateComputerAllowGrantsAndAnEarlierDenyForTheUserWins() throws Exception {
        List<Ace> allow = SecurityDescriptor.parse(sd(ace(0x05, 0, 0x1, AccessCheck.COMPUTER_CLASS, null, JOINERS))).dacl();
        List<Ace> denyFirst = SecurityDescriptor.parse(sd(ace(0x06, 0, 0x1, AccessCheck.COMPUTER_CLASS, null, SVC),
                ace(0x05, 0, 0x1, AccessCheck.COMPUTER_CLASS, null, JOINERS))).dacl();

        assertThat(AccessCheck.holds(allow, Set.of(SVC, JOINERS), CREATE)).isTrue();
        assertThat(AccessCheck.holds(allow, Set.of(SVC), CREATE)).isFalse();
        assertThat(AccessCheck.holds(denyFirst, Set.of(SVC, JOINERS), CREATE)).isFalse();
    }

    @Test
    void createChildForAnotherClassOrAnInheritOnlyAceGrantsNothingOnTheOuItself() throws Exception {
        List<Ace> dacl = SecurityDescriptor.parse(sd(ace(0x05, 0, 0x1, USER_CLASS, null, SVC),
                ace(0x00, 0x0A, 0x1, null, null, SVC))).dacl();

        assertThat(AccessCheck.holds(dacl, Set.of(SVC), CREATE)).isFalse();
    }

    @Test
    void rightsOnChildrenComeFromInheritableAcesForComputersIncludingCreatorOwner() throws Exception {
        List<Ace> forUsers = SecurityDescriptor.parse(sd(ace(0x05, 0x02, 0x100, RESET_PASSWORD, USER_CLASS, SVC))).dacl();
        List<Ace> forComputers = SecurityDescriptor.parse(sd(
                ace(0x05, 0x0A, 0x100, RESET_PASSWORD, AccessCheck.COMPUTER_CLASS, AccessCheck.CREATOR_OWNER))).dacl();
        List<Ace> notInheritable = SecurityDescriptor.parse(sd(ace(0x05, 0, 0x100, RESET_PASSWORD, null, SVC))).dacl();

        assertThat(AccessCheck.holds(forUsers, Set.of(SVC), RESET)).isFalse();
        assertThat(AccessCheck.holds(forComputers, Set.of(SVC), RESET)).isTrue();
        assertThat(AccessCheck.holds(notInheritable, Set.of(SVC), RESET)).isFalse();
    }

    @Test
    void anAllowForEveryoneCountsWithoutTokenGroupsListingIt() throws Exception {
        List<Ace> dacl = SecurityDescriptor.parse(sd(ace(0x00, 0, 0x3, null, null, AccessCheck.EVERYONE))).dacl();

        assertThat(AccessCheck.holds(dacl, Set.of(OTHER), CREATE)).isTrue();
    }

    @Test
    void addedAcesGoAfterTheExplicitOnesAndBeforeTheInheritedOnesWithEveryOtherAceKept() throws Exception {
        byte[] deny = ace(0x06, 0, 0x1, AccessCheck.COMPUTER_CLASS, null, OTHER);
        byte[] inherited = ace(0x00, 0x10, 0xF01FF, null, null, JOINERS);
        SecurityDescriptor before = SecurityDescriptor.parse(sd(deny, inherited));
        Ace grant = AccessCheck.grant(RESET, SVC);

        List<Ace> after = SecurityDescriptor.parse(before.daclOnlyWith(List.of(AccessCheck.grant(CREATE, SVC), grant))).dacl();

        assertThat(after).hasSize(4);
        assertThat(after.get(0)).isEqualTo(before.dacl().get(0));
        assertThat(after.get(1).sid()).isEqualTo(SVC);
        assertThat(after.get(2)).isEqualTo(grant);
        assertThat(after.get(3)).isEqualTo(before.dacl().get(1));
        assertThat(AccessCheck.holds(after, Set.of(SVC), CREATE)).isTrue();
        assertThat(AccessCheck.holds(after, Set.of(SVC), RESET)).isTrue();
        assertThat(AccessCheck.holds(after, Set.of(OTHER), CREATE)).isFalse();
    }

    /** A self-relative SD with only a DACL (what SD_FLAGS=4 returns). */
    static byte[] sd(byte[]... aces) {
        ByteArrayOutputStream acl = new ByteArrayOutputStream();
        int size = 8;
        for (byte[] a : aces) {
            size += a.length;
        }
        acl.writeBytes(new byte[] {4, 0, (byte) size, (byte) (size >> 8), (byte) aces.length, 0, 0, 0});
        for (byte[] a : aces) {
            acl.writeBytes(a);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {1, 0, 0x04, (byte) 0x80}); // revision, sbz1, control SE_DACL_PRESENT|SE_SELF_RELATIVE
        out.writeBytes(new byte[12]); // no owner, group, SACL
        out.writeBytes(new byte[] {20, 0, 0, 0}); // DACL right after the header
        out.writeBytes(acl.toByteArray());
        return out.toByteArray();
    }

    static byte[] ace(int type, int flags, long mask, Guid objectType, Guid inheritedType, Sid sid) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(u32(mask));
        if (type == 0x05 || type == 0x06) {
            body.writeBytes(u32((objectType != null ? 1 : 0) | (inheritedType != null ? 2 : 0)));
            for (Guid g : new Guid[] {objectType, inheritedType}) {
                if (g != null) {
                    byte[] b = new byte[16];
                    g.toWire(b, 0);
                    body.writeBytes(b);
                }
            }
        }
        body.writeBytes(sid.toBinary());
        int size = 4 + body.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) type, (byte) flags, (byte) size, (byte) (size >> 8)});
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    static byte[] u32(long v) {
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
    }

    static Sid sid(String s) {
        try {
            return Sid.parse(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Guid guid(String s) {
        try {
            return Guid.parse(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
