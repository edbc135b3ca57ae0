package org.odjc.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.odjc.domain.DistinguishedName;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

/** What every {@link Probes.DirectoryProbe} and the session's {@link Probes.DirectoryReads} answer. */
public abstract class DirectoryProbeContract {
    protected abstract Probes.DirectoryProbe probe() throws Exception;

    protected abstract Diagnosis.Domain domain() throws Exception;

    /** The DC the session binds to. */
    protected abstract String dc();

    /** The domain's SID, which the bound identity's is under. */
    protected abstract String domainSid();

    /** An OU that exists, whose DACL grants something. */
    protected abstract DistinguishedName ou() throws Exception;

    @Test
    void theBoundIdentityIsADomainPrincipalWithAKeyVersionAndAQuota() throws Exception {
        List<Object> seen = new ArrayList<>();

        probe().inSession(domain(), dc(), s -> {
            var id = s.identity();
            seen.add(id.sid().toString());
            seen.add(s.keyVersion(id.sid()));
            seen.add(s.machineAccountQuota(id.sid()));
        });

        assertThat(seen).hasSize(3);
        assertThat((String) seen.get(0)).startsWith(domainSid() + "-");
        assertThat(seen.get(1)).isInstanceOfSatisfying(java.util.OptionalLong.class,
                k -> assertThat(k.orElse(0)).isPositive());
        assertThat(seen.get(2)).isInstanceOfSatisfying(org.odjc.provisioning.MachineAccountQuota.class,
                q -> assertThat(q.quota()).isNotNegative());
    }

    @Test
    void anOusDaclIsReadAndAMissingOneYieldsAd004() throws Exception {
        DistinguishedName ou = ou();
        DistinguishedName missing = DistinguishedName.parse("OU=nosuch-odjc," + ou);
        List<Object> seen = new ArrayList<>();

        probe().inSession(domain(), dc(), s -> {
            seen.add(s.dacl(ou));
            seen.add(catchThrowableOfType(() -> s.dacl(missing), ConnectorException.class));
        });

        assertThat(seen.get(0)).asList().isNotEmpty();
        assertThat(((ConnectorException) seen.get(1)).code()).isEqualTo(FailureCode.AD_NO_SUCH_OBJECT);
    }
}
