package org.odjc.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

/** What every {@link Probes.DnsProbe} answers, the adapter and the fake alike. */
public abstract class DnsProbeContract {
    protected abstract Probes.DnsProbe probe() throws Exception;

    /** A domain whose DNS servers answer. */
    protected abstract Diagnosis.Domain domain() throws Exception;

    /** A domain whose DNS servers do not answer at all. */
    protected abstract Diagnosis.Domain unreachable() throws Exception;

    /** The domain's DC, as its {@code _ldap._tcp.dc._msdcs} record names it. */
    protected abstract String dcHost();

    /** The DC's address, as its A record gives it. */
    protected abstract String dcAddress();

    private String ldapName() throws Exception {
        return "_ldap._tcp.dc._msdcs." + domain().name().lowerCase();
    }

    @Test
    void theDcsLdapRecordNamesTheDcOnPort389() throws Exception {
        assertThat(probe().srv(domain(), ldapName())).contains(new Probes.Srv(dcHost(), 389));
    }

    @Test
    void aNameTheServerDoesNotKnowYieldsAnEmptyAnswerNotAnError() throws Exception {
        String missing = "_ldap._tcp.nosuch-site._sites.dc._msdcs." + domain().name().lowerCase();

        assertThat(probe().srv(domain(), missing)).isEmpty();
        assertThat(probe().addresses(domain(), "nosuch-host." + domain().name().lowerCase())).isEmpty();
    }

    @Test
    void theDcsAddressesAreLiteralsTheFirstOfThemItsAddress() throws Exception {
        assertThat(probe().addresses(domain(), dcHost())).first().isEqualTo(dcAddress());
    }

    @Test
    void serversThatDoNotAnswerYieldDc005ForRecordsAndAddressesAlike() throws Exception {
        Probes.DnsProbe p = probe();
        Diagnosis.Domain d = unreachable();

        ConnectorException srv = catchThrowableOfType(() -> p.srv(d, "_ldap._tcp.dc._msdcs." + d.name().lowerCase()),
                ConnectorException.class);
        ConnectorException a = catchThrowableOfType(() -> p.addresses(d, dcHost()), ConnectorException.class);

        assertThat(srv.code()).isEqualTo(FailureCode.DC_DNS_UNREACHABLE);
        assertThat(a.code()).isEqualTo(FailureCode.DC_DNS_UNREACHABLE);
        assertThat(FailureCode.DC_DNS_UNREACHABLE.id()).isEqualTo("DC-005");
    }

    @Test
    void theServersAskedAreDescribed() throws Exception {
        assertThat(probe().describeServers(domain())).isNotBlank();
    }
}
