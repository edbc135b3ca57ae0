package org.odjc.installer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.odjc.testing.ProcessResult;
import org.odjc.testing.Processes;

/**
 * What the distributions carry: the connector and its libraries, never the reference dispatcher nor
 * the demo's AD emulator (they live in their own modules; an admin installs a connector, not an MDM's
 * service). Listed as an admin would, with {@code tar tzf} and from the zip's directory.
 */
class DistributionContentsIT {
    /** Jars that belong to other programs than the connector. */
    static final List<String> FOREIGN = List.of("odjc-dispatcher", "odjc-demo");

    @Test
    void theLinuxTarballCarriesTheConnectorAndNeitherTheDispatcherNorTheDemo() {
        ProcessResult r = Processes.run(List.of("tar", "tzf", LinuxInstallation.tarball().toString()), Map.of(), null,
                java.time.Duration.ofSeconds(60));
        assertThat(r.exit()).as(r.toString()).isZero();
        List<String> entries = List.of(r.out().split("\n"));

        assertThat(entries).anyMatch(e -> e.endsWith("/odjc.jar")).anyMatch(e -> e.contains("/lib/unboundid-ldapsdk-"))
                .anyMatch(e -> e.contains("/lib/odjc-common-"));
        assertThat(entries).noneMatch(e -> FOREIGN.stream().anyMatch(e::contains));
    }

    @Test
    void theWindowsZipCarriesTheConnectorAndNeitherTheDispatcherNorTheDemo() throws Exception {
        Path zip = Path.of(System.getProperty("odjc.windowsZip", "target/odjc-windows.zip"));
        List<String> entries = new ArrayList<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            z.stream().forEach(e -> entries.add(e.getName()));
        }

        assertThat(entries).anyMatch(e -> e.endsWith("/odjc.jar")).anyMatch(e -> e.endsWith("prunsrv.exe"))
                .anyMatch(e -> e.contains("/lib/odjc-common-"));
        assertThat(entries).noneMatch(e -> FOREIGN.stream().anyMatch(e::contains));
    }
}
