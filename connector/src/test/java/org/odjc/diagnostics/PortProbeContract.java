package org.odjc.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What every {@link Probes.PortProbe} answers, the adapter and the fake alike. */
public abstract class PortProbeContract {
    /** The probe, with {@link #listening()} accepting and {@link #closed()} refusing. */
    protected abstract Probes.PortProbe probe() throws Exception;

    /** A host (an address literal) and port that accepts TCP connections. */
    protected abstract String listeningHost();

    protected abstract int listening();

    /** A port on the same host that accepts none. */
    protected abstract int closed();

    @Test
    void aListeningPortAnswersWithARoundTripAndNoRefusal() throws Exception {
        Probes.Connect c = probe().connect(listeningHost(), listening());

        assertThat(c.roundTrip()).hasValueSatisfying(rtt -> assertThat(rtt.isNegative()).isFalse());
        assertThat(c.refusal()).isEmpty();
    }

    @Test
    void aClosedPortAnswersWithoutARoundTripAndNamesTheRefusal() throws Exception {
        Probes.Connect c = probe().connect(listeningHost(), closed());

        assertThat(c.roundTrip()).isEmpty();
        assertThat(c.refusal()).isNotBlank().doesNotContain(" ");
    }
}
