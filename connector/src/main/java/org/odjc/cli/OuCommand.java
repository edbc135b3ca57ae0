package org.odjc.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import org.odjc.config.ConfigEditor;
import org.odjc.config.ConfigLoader;
import org.odjc.config.ConnectorConfig;
import org.odjc.diagnostics.AccessCheck;
import org.odjc.domain.DistinguishedName;
import org.odjc.domain.DomainDnsName;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.host.Delegation;
import org.odjc.host.DirectoryAdapters;
import org.odjc.provisioning.Identity;
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

    /** What {@code odjc ou add} learns about an OU through the configured bind. */
    record Inspection(boolean exists, Identity identity, List<AccessCheck.Right> missing) {
        Inspection {
            Objects.requireNonNull(identity, "identity");
            missing = List.copyOf(missing);
        }
    }

    /** Port of {@code odjc ou add}: reads an OU through a domain's bind (tests give a fake). */
    @FunctionalInterface
    interface OuInspector {
        Inspection inspect(ConnectorConfig.Domain domain, DistinguishedName ou) throws ConnectorException;
    }

    /** Port of {@code odjc ou add}: runs {@code odjc delegate --apply} (tests give a fake). */
    @FunctionalInterface
    interface Delegator {
        void apply(ConnectorConfig config, DistinguishedName ou, String account) throws ConnectorException;
    }

    /** Whether the OU exists and which of the connector's rights its bind identity lacks there. */
    static Inspection inspect(ConnectorConfig.Domain d, DistinguishedName ou) throws ConnectorException {
        return DirectoryAdapters.inSession(d, d.dcs().stream().findFirst(), System.getenv(), s -> {
            Identity id = s.identity();
            if (!s.exists(ou)) {
                return new Inspection(false, id, List.of());
            }
            return new Inspection(true, id, Delegation.missing(s, id, ou));
        });
    }

    /** A word as a POSIX shell reads it: as is when it holds no special character, else single-quoted. */
    static String shellWord(String s) {
        return s.matches("[A-Za-z0-9=,._@:/+-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    @Command(name = "add", description = {"Allow-list an OU.", "It must exist in the directory and the configured bind's",
        "identity must hold the connector's rights there (as odjc diagnose --only ous checks them), unless --no-verify.",
        "When a right is missing nothing is written: it prints the odjc delegate line that adds them and, on a",
        "terminal, offers to run it."})
    static final class AddOu extends CliCommand implements Callable<Integer> {
        OuInspector inspector = OuCommand::inspect;
        Delegator delegator = (config, dn, account) -> Delegation.run(config, System.getenv(), dn, account, true);
        /** Whether to ask before running odjc delegate: standard input and output are a terminal. */
        BooleanSupplier interactive = () -> System.console() != null;

        @Mixin
        ConfigFile config;

        @Parameters(paramLabel = "DN", description = "The OU's distinguished name.")
        String ou;

        @Option(names = "--include-children", description = "Also every OU below it.")
        boolean includeChildren;

        @Option(names = "--domain", paramLabel = "DNS-NAME", description = "The domain (default: the one the DN lies in).")
        String domain;

        @Option(names = "--no-verify", description = "Do not look the OU and the rights there up in the directory first.")
        boolean noVerify;

        @Override
        public Integer call() throws Exception {
            DistinguishedName dn = DistinguishedName.parse(ou);
            ConnectorConfig c = ConfigLoader.load(config.path);
            ConnectorConfig.Domain d = domainFor(c, Optional.ofNullable(domain), dn);
            String text = Files.readString(config.path, StandardCharsets.UTF_8);
            Path base = config.path.toAbsolutePath().getParent();
            String edited = ConfigEditor.addOu(text, base, d.name(), new OuAllowList.Entry(dn, includeChildren));
            if (!noVerify) {
                verify(c, d, dn);
            }
            ConfigEditor.write(config.path, edited);
            out().println("added " + dn + (includeChildren ? " and below" : "") + " to " + d.name()
                    + "'s allow-list in " + config.path + "; a running service applies it within seconds."
                    + (noVerify ? " Check its rights there: odjc diagnose --only ous" : ""));
            return OdjcMain.EXIT_OK;
        }

        /**
         * The OU exists and the bind identity holds every right there; else, on a terminal, offers to
         * delegate them and looks again. Throws (nothing written) when they stay missing: a request
         * for the OU would fail with AD-002.
         */
        private void verify(ConnectorConfig c, ConnectorConfig.Domain d, DistinguishedName dn) throws ConnectorException {
            Inspection i = inspector.inspect(d, dn);
            if (!i.exists()) {
                throw new ConnectorException(FailureCode.AD_NO_SUCH_OBJECT, dn + " does not exist in " + d.name()
                        + " (create it first, or add it with --no-verify)");
            }
            if (i.missing().isEmpty()) {
                return;
            }
            String account = i.identity().name();
            if (i.missing().stream().allMatch(AccessCheck.Right::onChildren)) { // as diagnose: a warning, not a failure
                out().println("warning: the OU does not grant " + account + " "
                        + String.join(", ", i.missing().stream().map(AccessCheck.Right::name).toList())
                        + " on the computers it creates (the computer class's default security descriptor may);"
                        + " odjc delegate --ou " + shellWord(dn.toString()) + " --account " + shellWord(account)
                        + " --apply adds them");
                return;
            }
            String line = "odjc delegate" + (config.path.equals(Path.of(ConfigFile.DEFAULT)) ? ""
                    : " --config " + shellWord(config.path.toString())) + " --ou " + shellWord(dn.toString())
                    + " --account " + shellWord(account) + " --apply";
            out().println(account + " lacks on " + dn + ": "
                    + String.join(", ", i.missing().stream().map(AccessCheck.Right::name).toList()));
            out().println("every request for this OU would fail (AD-002); to delegate the rights, as an admin who may"
                    + " change the OU's permissions:");
            out().println("  " + line);
            out().flush();
            if (interactive.getAsBoolean() && confirm("run it now with the bind of " + config.path + "? [y/N] ")) {
                delegator.apply(c, dn, account);
                i = inspector.inspect(d, dn);
                if (i.missing().stream().allMatch(AccessCheck.Right::onChildren)) {
                    out().println("delegated: " + account + " now holds every right on " + dn);
                    return;
                }
            }
            throw new ConnectorException(FailureCode.DIAG_OU_RIGHT_MISSING, account + " lacks "
                    + i.missing().size() + " right(s) on " + dn + "; nothing was written to " + config.path
                    + ". Run: " + line + " (or add the OU with --no-verify)");
        }

        private boolean confirm(String question) {
            out().print(question);
            out().flush();
            try {
                java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(stdin(),
                        StandardCharsets.UTF_8));
                String answer = in.readLine();
                return answer != null && answer.strip().equalsIgnoreCase("y");
            } catch (java.io.IOException e) {
                return false;
            }
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
