package org.odjc.diagnostics;

/** The fake DiagnosisTest connects through keeps the port probe's contract. */
class FakePortsTest extends PortProbeContract {
    private final FakePorts ports = new FakePorts();

    @Override
    protected Probes.PortProbe probe() {
        ports.open.add("127.0.0.1:389");
        return ports;
    }

    @Override
    protected String listeningHost() {
        return "127.0.0.1";
    }

    @Override
    protected int listening() {
        return 389;
    }

    @Override
    protected int closed() {
        return 636;
    }
}
