package org.odjc.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.odjc.domain.DomainDnsName;
import org.odjc.provisioning.DirectoryAccess;
import org.odjc.provisioning.OuAllowList;

/** What every {@link Probes.ProxyProbe} answers about WPAD, the adapter and the fake alike. */
public abstract class ProxyProbeContract {
    protected static final String HOME = "corp.example.test";

    protected abstract Probes.ProxyProbe probe() throws Exception;

    /** No WPAD name resolves. */
    protected abstract void arrangeNoWpad() throws Exception;

    /** {@code wpad.}{@link #HOME} resolves and serves a PAC script whose answer for every URL is {@code result}. */
    protected abstract void arrangePac(String result) throws Exception;

    protected static Diagnosis.Domain home() throws Exception {
        return new Diagnosis.Domain(DomainDnsName.parse(HOME), List.of(), List.of(),
                new DirectoryAccess(new DirectoryAccess.Bind.Simple(DirectoryAccess.Transport.LDAPS, "Administrator@" + HOME,
                        new org.odjc.provisioning.PasswordSource.File("/etc/odjc/pw")), Optional.empty(), false),
                OuAllowList.ANY);
    }

    @Test
    void whenNoWpadNameResolvesTheAnswerIsNotFoundWithTheNamesTried() throws Exception {
        arrangeNoWpad();

        Probes.PacAnswer a = probe().pac(home());

        assertThat(a.url()).isEmpty();
        assertThat(a.tried()).isNotEmpty().first().asString().startsWith("wpad." + HOME);
        assertThat(a.all()).isEmpty();
        assertThat(a.chosen()).isEmpty();
    }

    @Test
    void aPacAnswerIsSplitIntoItsEntriesAndTheFirstTheConnectorCanUseIsChosen() throws Exception {
        arrangePac("SOCKS 127.0.0.1:1; PROXY 127.0.0.1:40003; DIRECT");

        Probes.PacAnswer a = probe().pac(home());

        assertThat(a.url()).hasValueSatisfying(u -> assertThat(u).contains("wpad." + HOME).endsWith("/wpad.dat"));
        assertThat(a.characters()).isPositive();
        assertThat(a.result()).isEqualTo("SOCKS 127.0.0.1:1; PROXY 127.0.0.1:40003; DIRECT");
        assertThat(a.all()).extracting(Probes.Hop::direct).containsExactly(false, false, true);
        assertThat(a.chosen()).hasValueSatisfying(h -> {
            assertThat(h.direct()).isFalse();
            assertThat(h.host()).isEqualTo("127.0.0.1");
            assertThat(h.port()).isEqualTo(40003);
        });
    }

    @Test
    void aDirectOnlyAnswerChoosesDirect() throws Exception {
        arrangePac("DIRECT");

        Probes.PacAnswer a = probe().pac(home());

        assertThat(a.chosen()).hasValueSatisfying(h -> assertThat(h.direct()).isTrue());
    }
}
