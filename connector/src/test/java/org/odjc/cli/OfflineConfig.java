package org.odjc.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** For CLI tests that read the journal and never the directory. */
final class OfflineConfig {
    private OfflineConfig() {
    }

    /**
     * {@code dir/connector.yaml} whose only DC does not exist (any bind would fail, so a pass proves none
     * was tried), with its state directory {@code dir/state} made.
     */
    static Path write(Path dir) throws Exception {
        Path config = dir.resolve("connector.yaml");
        Files.writeString(config, """
                domains:
                  - name: corp.example.test
                    dcs: [nowhere.invalid]
                    bind: {mode: ldaps, user: svc@corp.example.test, passwordFile: pw}
                    ous: ["OU=Autopilot,DC=corp,DC=example,DC=test"]
                service:
                  dispatcher: https://dispatcher.example.test
                  identity: identity
                  stateDirectory: state
                """);
        Files.createDirectories(dir.resolve("state"));
        return config;
    }
}
