package org.odjc.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.odjc.config.ConfigEditor;
import org.odjc.config.ConfigLoader;
import org.odjc.config.ConnectorConfig;
import org.odjc.domain.DistinguishedName;
import org.odjc.domain.DomainDnsName;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.host.DirectoryAdapters;
import org.odjc.provisioning.OuAllowList;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code odjc ou list|add|remove}: the OU allow-list, edited in place (comments and layout kept,
 * the result validated, the file replaced atomically); a running service picks the change up
 * within seconds through its configuration reload.
 */
@Command(name = "ou", description = {"Show or change the OU allow-list.", "The OUs the connector may create computer accounts in."},
        subcommands = {OuCommand.ListOus.class, OuCommand.AddOu.class, OuCommand.RemoveOu.class, OuDefaultCommand.class})
final class OuCommand {

    /** The configured domain that {@code dn} lies in, or the one named. */
    static ConnectorConfig.Domain domainFor(ConnectorConfig c, Optional<String> named, DistinguishedName dn)
            throws ConnectorException {
        if (named.isPresent()) {
            DomainDnsName d = DomainDnsName.parse(named.get());
            return c.domain(d).orElseThrow(() -> new ConnectorException(FailureCode.CONFIG_EDIT_REFUSED,
                    "no domain " + d + " in the configuration"));
        }
        for (ConnectorConfig.Domain d : c.domains()) {
            DistinguishedName nc = DistinguishedName.parse(d.name().toNamingContext());
            if (dn.isDescendantOf(nc)) {
                return d;
            }
        }
        throw new ConnectorException(FailureCode.CONFIG_EDIT_REFUSED, dn + " lies in none of the configured domains "
                + c.domains().stream().map(d -> d.name().value()).toList());
    }

    @Command(name = "list", description = {"Show the allow-list of each domain.", "The allow-list of each domain; with --directory, every OU of the domain,",
        "allow-listed ones marked '*', read through the configured bind."})
    static final class ListOus extends CliCommand implements Callable<Integer> {
        @Mixin
        ConfigFile config;

        @Option(names = "--domain", paramLabel = "DNS-NAME", description = "Only this domain.")
        String domain;

        @Option(names = "--directory", description = "List the directory's OUs (the first 2,000).")
        boolean directory;

        @Override
        public Integer call() throws Exception {
            ConnectorConfig c = ConfigLoader.load(config.path);
            for (ConnectorConfig.Domain d : c.domains()) {
                if (domain != null && !d.name().equalsIgnoreCase(DomainDnsName.parse(domain))) {
                    continue;
                }
                out().println(d.name() + ":");
                if (!directory) {
                    for (OuAllowList.Entry e : d.ous().entries()) {
                        out().println("  " + e.ou() + (e.includeChildren() ? "  (and below)" : "")
                                + (d.defaultOu().filter(e.ou()::equals).isPresent() ? "  (default)" : ""));
                    }
                    continue;
                }
                List<DistinguishedName> all = DirectoryAdapters.inSession(d, d.dcs().stream().findFirst(),
                        System.getenv(), s -> s.organizationalUnits(2000));
                for (DistinguishedName ou : all) {
                    out().println((d.ous().permits(ou) ? "* " : "  ") + ou);
                }
                out().println("  (" + all.size() + " OUs" + (all.size() == 2000 ? ", the first 2,000" : "") + ")");
            }
            return OdjcMain.EXIT_OK;
        }
    }

    @Command(name = "add", description = {"Allow-list an OU.", "It must exist in the directory (read through the configured",
        "bind) unless --no-verify; odjc diagnose --only ous then checks the connector's rights there."})
    static final class AddOu extends CliCommand implements Callable<Integer> {
        @Mixin
        ConfigFile config;

        @Parameters(paramLabel = "DN", description = "The OU's distinguished name.")
        String ou;

        @Option(names = "--include-children", description = "Also every OU below it.")
        boolean includeChildren;

        @Option(names = "--domain", paramLabel = "DNS-NAME", description = "The domain (default: the one the DN lies in).")
        String domain;

        @Option(names = "--no-verify", description = "Do not look the OU up in the directory first.")
        boolean noVerify;

        @Override
        public Integer call() throws Exception {
            DistinguishedName dn = DistinguishedName.parse(ou);
            ConnectorConfig c = ConfigLoader.load(config.path);
            ConnectorConfig.Domain d = domainFor(c, Optional.ofNullable(domain), dn);
            String text = Files.readString(config.path, StandardCharsets.UTF_8);
            Path base = config.path.toAbsolutePath().getParent();
            String edited = ConfigEditor.addOu(text, base, d.name(), new OuAllowList.Entry(dn, includeChildren));
            if (!noVerify && !DirectoryAdapters.inSession(d, d.dcs().stream().findFirst(), System.getenv(), s -> s.exists(dn))) {
                throw new ConnectorException(FailureCode.AD_NO_SUCH_OBJECT, dn + " does not exist in " + d.name()
                        + " (create it first, or add it with --no-verify)");
            }
            ConfigEditor.write(config.path, edited);
            out().println("added " + dn + (includeChildren ? " and below" : "") + " to " + d.name()
                    + "'s allow-list in " + config.path + "; a running service applies it within seconds."
                    + " Check its rights there: odjc diagnose --only ous");
            return OdjcMain.EXIT_OK;
        }
    }

    @Command(name = "remove", description = {"Take an OU off the allow-list.", "Not the default OU, not the last one."})
    static final class RemoveOu extends CliCommand implements Callable<Integer> {
        @Mixin
        ConfigFile config;

        @Parameters(paramLabel = "DN", description = "The OU's distinguished name, as listed.")
        String ou;

        @Option(names = "--domain", paramLabel = "DNS-NAME", description = "The domain (default: the one the DN lies in).")
        String domain;

        @Override
        public Integer call() throws Exception {
            DistinguishedName dn = DistinguishedName.parse(ou);
            ConnectorConfig c = ConfigLoader.load(config.path);
            ConnectorConfig.Domain d = domainFor(c, Optional.ofNullable(domain), dn);
            String text = Files.readString(config.path, StandardCharsets.UTF_8);
            ConfigEditor.write(config.path, ConfigEditor.removeOu(text, config.path.toAbsolutePath().getParent(), d.name(), dn));
            out().println("removed " + dn + " from " + d.name() + "'s allow-list in " + config.path
                    + "; a running service stops creating accounts there within seconds (existing ones stay)");
            return OdjcMain.EXIT_OK;
        }
    }
}
