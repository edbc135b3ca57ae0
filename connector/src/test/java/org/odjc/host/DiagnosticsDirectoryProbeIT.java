package org.odjc.host;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.odjc.config.ConfigLoader;
import org.odjc.config.ConnectorConfig;
import org.odjc.diagnostics.Diagnosis;
import org.odjc.diagnostics.DirectoryProbeContract;
import org.odjc.diagnostics.Probes;
import org.odjc.domain.DistinguishedName;
import org.odjc.testing.ConnectorFixture;
import org.odjc.testing.SambaDc;

/** diagnose's directory probe keeps the directory probe's contract against the Samba DC, bound as configured. */
class DiagnosticsDirectoryProbeIT extends DirectoryProbeContract {
    @TempDir
    Path dir;

    private SambaDc dc;
    private String ou;
    private ConnectorConfig config;

    @BeforeEach
    void configure() throws Exception {
        dc = SambaDc.require();
        ou = ConnectorFixture.createOu(dc, "odjc-dirprobe");
        config = ConfigLoader.load(ConnectorFixture.config(dir, dc, ou, 1, 1));
    }

    @AfterEach
    void cleanUp() {
        if (ou != null) {
            dc.ldap("ldapdelete", null, "-r", ou);
        }
    }

    @Override
    protected Probes.DirectoryProbe probe() {
        return new Diagnostics(config, Map.of(), Clock.systemUTC()).directoryProbe();
    }

    @Override
    protected Diagnosis.Domain domain() {
        return Diagnostics.domain(config.domains().get(0));
    }

    @Override
    protected String dc() {
        return dc.host();
    }

    @Override
    protected String domainSid() {
        return dc.domainSid();
    }

    @Override
    protected DistinguishedName ou() throws Exception {
        return DistinguishedName.parse(ou);
    }
}
