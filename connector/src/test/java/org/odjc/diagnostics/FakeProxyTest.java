package org.odjc.diagnostics;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.odjc.proxy.PacDirective;

/** The proxy fake DiagnosisTest asks keeps the proxy probe's contract. */
class FakeProxyTest extends ProxyProbeContract {
    private final DiagnosisTest.World world = new DiagnosisTest.World();

    @Override
    protected Probes.ProxyProbe probe() {
        return world.probes().proxy();
    }

    @Override
    protected void arrangeNoWpad() {
        world.pac = Optional.empty();
    }

    @Override
    protected void arrangePac(String result) {
        List<Probes.Hop> all = PacDirective.parseAll(result).stream()
                .map(d -> new Probes.Hop(d.direct(), d.host(), d.port(), d.toString())).toList();
        Optional<Probes.Hop> chosen = PacDirective.firstUsable(PacDirective.parseAll(result))
                .map(d -> new Probes.Hop(d.direct(), d.host(), d.port(), d.toString()));
        world.pac = Optional.of(new Probes.PacAnswer(List.of("wpad." + HOME), Optional.of("http://wpad." + HOME
                + "/wpad.dat"), "127.0.0.81", 120, result, "https://localhost", Duration.ofMillis(2), all, chosen));
    }
}
