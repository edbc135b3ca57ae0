package org.odjc.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --config} option of the commands that read the installed configuration. */
final class ConfigFile {
    static final String DEFAULT = "/etc/odjc/connector.yaml";

    @Option(names = "--config", defaultValue = DEFAULT, paramLabel = "FILE",
            description = "The connector configuration (default ${DEFAULT-VALUE}).")
    Path path;
}
