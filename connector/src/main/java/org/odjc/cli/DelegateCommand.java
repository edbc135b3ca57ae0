package org.odjc.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.odjc.config.ConfigLoader;
import org.odjc.diagnostics.AccessCheck;
import org.odjc.domain.DistinguishedName;
import org.odjc.domain.Printable;
import org.odjc.domain.SecurityDescriptor.Ace;
import org.odjc.host.Delegation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code odjc delegate}: see {@link Delegation}. A dry run unless {@code --apply}. */
@Command(name = "delegate",
        description = {"Grant an account the rights the connector needs on an OU.",
            "Show (dry run) or, with --apply, add the ACEs that give ACCOUNT what the connector needs on an OU:",
            "Create and Delete Computer objects there; Reset password, validated writes to DNS host name and SPN, and",
            "Account Restrictions on the computer objects below it. The configured bind must be allowed to change",
            "the OU's permissions (a Domain Admin, say); odjc diagnose --only ous checks the result."})
final class DelegateCommand extends CliCommand implements Callable<Integer> {
    @Option(names = "--config", defaultValue = ConfigFile.DEFAULT, paramLabel = "FILE",
            description = "Whose domain bind to use (default ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--ou", required = true, paramLabel = "DN", description = "The OU to delegate on.")
    String ou;

    @Option(names = "--account", required = true, paramLabel = "NAME",
            description = "The connector's account or a group of it: sAMAccountName (svc-odjc, odjc01$) or UPN.")
    String account;

    @Option(names = "--apply", description = "Write the ACEs (default: only show them).")
    boolean apply;

    @Override
    public Integer call() throws Exception {
        Delegation.Plan p = Delegation.run(ConfigLoader.load(config), System.getenv(), DistinguishedName.parse(ou), account,
                apply);
        out().println(Printable.escape(p.account().name()) + " (" + p.account().sid() + ") on " + Printable.escape(p.ou()) + ":");
        for (AccessCheck.Right r : p.held()) {
            out().println("  held     " + r.name());
        }
        for (Ace a : p.toAdd()) {
            String name = AccessCheck.CONNECTOR_RIGHTS.stream()
                    .filter(r -> r.objectType().equals(a.objectType()) && (a.mask() & r.mask()) != 0)
                    .map(AccessCheck.Right::name).findFirst().orElse("?");
            out().println((apply ? "  added    " : "  missing  ") + name + "  " + sddl(a));
        }
        out().println(p.toAdd().isEmpty() ? "nothing to add" : apply ? p.toAdd().size() + " ACE(s) added"
                : "dry run: run again with --apply to add " + p.toAdd().size() + " ACE(s)");
        return OdjcMain.EXIT_OK;
    }

    /** The ACE in SDDL, as dsacls and PowerShell's Get-Acl show it. */
    static String sddl(Ace a) {
        StringBuilder rights = new StringBuilder();
        long m = a.mask();
        String[][] names = {{"1", "CC"}, {"2", "DC"}, {"8", "SW"}, {"16", "RP"}, {"32", "WP"}, {"256", "CR"}};
        for (String[] n : names) {
            if ((m & Long.parseLong(n[0])) != 0) {
                rights.append(n[1]);
            }
        }
        String flags = ((a.flags() & Ace.CONTAINER_INHERIT) != 0 ? "CI" : "") + ((a.flags() & Ace.INHERIT_ONLY) != 0 ? "IO" : "");
        return "(" + (a.allows() ? "OA" : "OD") + ";" + flags + ";" + rights + ";"
                + a.objectType().map(Object::toString).orElse("") + ";"
                + a.inheritedObjectType().map(Object::toString).orElse("") + ";" + a.sid() + ")";
    }
}
