package org.odjc.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.odjc.config.ConfigEditor;
import org.odjc.config.ConfigLoader;
import org.odjc.config.ConnectorConfig;
import org.odjc.domain.DistinguishedName;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code odjc ou default DN}: sets a domain's {@code defaultOu} in place (comments and layout
 * kept, the result validated, the file replaced atomically), as {@code odjc ou add|remove} edit
 * the allow-list. The DN must already be allowed: requests without an OU go there, so it never
 * lies outside what the connector may write; allow-list it first with {@code odjc ou add}.
 */
@Command(name = "default", description = {"Set the default OU, where requests that name none go.",
    "The OU must be on the allow-list already (listed, or below an entry added with --include-children):",
    "allow-list it first with odjc ou add. A running service applies the change within seconds."})
final class OuDefaultCommand extends CliCommand implements Callable<Integer> {
    @Mixin
    ConfigFile config;

    @Parameters(paramLabel = "DN", description = "The OU's distinguished name.")
    String ou;

    @Option(names = "--domain", paramLabel = "DNS-NAME", description = "The domain (default: the one the DN lies in).")
    String domain;

    @Override
    public Integer call() throws Exception {
        DistinguishedName dn = DistinguishedName.parse(ou);
        ConnectorConfig c = ConfigLoader.load(config.path);
        ConnectorConfig.Domain d = OuCommand.domainFor(c, Optional.ofNullable(domain), dn);
        String text = Files.readString(config.path, StandardCharsets.UTF_8);
        String edited = ConfigEditor.setDefaultOu(text, config.path.toAbsolutePath().getParent(), d.name(), dn);
        if (edited.equals(text)) {
            out().println(dn + " is " + d.name() + "'s default OU already; " + config.path + " is unchanged");
            return OdjcMain.EXIT_OK;
        }
        ConfigEditor.write(config.path, edited);
        out().println(d.name() + "'s default OU is now " + dn + " in " + config.path
                + "; a running service applies it within seconds");
        return OdjcMain.EXIT_OK;
    }
}
