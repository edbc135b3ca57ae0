package org.odjc.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.odjc.domain.SecurityDescriptor;
import org.odjc.domain.Sid;

/** The emulator's descriptors are read by the core's {@link SecurityDescriptor} as a DC's are. */
class AdSecurityDescriptorsTest {
    private static final Sid ADMINS = new Sid(5, List.of(21L, 1L, 2L, 3L, 512L));
    private static final Sid CREATOR = new Sid(5, List.of(21L, 1L, 2L, 3L, 1105L));

    @Test
    void theDefaultDescriptorParsesWithItsOwnerGroupAndThreeAllowAces() throws Exception {
        SecurityDescriptor sd = SecurityDescriptor.parse(AdSecurityDescriptors.defaultFor(CREATOR, ADMINS));

        assertThat(sd.owner()).contains(CREATOR);
        assertThat(sd.group()).contains(ADMINS);
        assertThat(sd.dacl()).containsExactly(AdSecurityDescriptors.allow(AdSecurityDescriptors.FULL_CONTROL, ADMINS),
                AdSecurityDescriptors.allow(AdSecurityDescriptors.FULL_CONTROL, AdSecurityDescriptors.LOCAL_SYSTEM),
                AdSecurityDescriptors.allow(AdSecurityDescriptors.READ_DS, AdSecurityDescriptors.AUTHENTICATED_USERS));
    }

    @Test
    void sdFlagsAskingForTheDaclAloneReturnNoOwnerAndTheSameDacl() throws Exception {
        byte[] full = AdSecurityDescriptors.defaultFor(CREATOR, ADMINS);

        SecurityDescriptor dacl = SecurityDescriptor.parse(
                AdSecurityDescriptors.restrict(full, AdSecurityDescriptors.DACL_SECURITY_INFORMATION));
        SecurityDescriptor owner = SecurityDescriptor.parse(
                AdSecurityDescriptors.restrict(full, AdSecurityDescriptors.OWNER_SECURITY_INFORMATION));

        assertThat(dacl.owner()).isEmpty();
        assertThat(dacl.dacl()).isEqualTo(SecurityDescriptor.parse(full).dacl());
        assertThat(owner.owner()).contains(CREATOR);
        assertThat(owner.dacl()).isEmpty();
    }
}
