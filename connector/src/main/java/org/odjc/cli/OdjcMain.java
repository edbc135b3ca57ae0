package org.odjc.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.odjc.domain.Printable;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine;

/**
 * {@code odjc}: the connector's command line. Exit status 0 on success; 1 on a failure, whose
 * first standard-error line is {@code CODE summary: detail} and second the remedy; 2 on a usage
 * error (also coded). No stack trace unless {@code --debug}.
 */
@Command(name = "odjc",
        // inherited: -h/--help (and -V/--version) on every command and nested command
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = OdjcMain.Version.class,
        description = "ODJ Connector: offline domain join for Windows Autopilot hybrid join.",
        subcommands = {BlobCommand.class, ProvisionCommand.class, EnrollCommand.class, RunCommand.class, DiagnoseCommand.class, DelegateCommand.class, RequestsCommand.class, CleanupCommand.class, OuCommand.class, HaltCommand.class, SetupCommand.class,
            CommandLine.HelpCommand.class})
public final class OdjcMain implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces of failures.")
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static {
        // sqlite-jdbc logs through SLF4J, which we do not bind yet (issue 7 brings structured logging):
        // without this every command's stderr starts with SLF4J's "no providers" notice
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(args, System.in, out, err));
    }

    /** Runs one command line with the given streams; returns the exit status. */
    public static int run(String[] args, InputStream in, PrintWriter out, PrintWriter err) {
        CommandLine cli = commandLine();
        OdjcMain root = cli.getCommand();
        cli.setOut(out);
        cli.setErr(err);
        giveStdin(cli, in);
        cli.setParameterExceptionHandler((ex, argv) -> {
            ConnectorException coded = codedCause(ex);
            if (coded != null) {
                printFailure(err, coded);
            } else {
                err.println(FailureCode.CLI_USAGE.id() + " " + FailureCode.CLI_USAGE.summary() + ": "
                        + Printable.escape(ex.getMessage()));
                ex.getCommandLine().usage(err);
            }
            if (root.debug) {
                ex.printStackTrace(err);
            }
            err.flush();
            return EXIT_USAGE;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof ConnectorException coded) {
                printFailure(err, coded);
            } else {
                printFailure(err, new ConnectorException(FailureCode.CLI_INTERNAL, ex.getClass().getName()));
            }
            if (root.debug) {
                ex.printStackTrace(err);
            }
            err.flush();
            // a usage error found while running (a missing answer, a bad value) exits as one found while parsing
            return ex instanceof ConnectorException c && c.code() == FailureCode.CLI_USAGE ? EXIT_USAGE : EXIT_FAILURE;
        });
        int status = cli.execute(args);
        out.flush();
        err.flush();
        return status;
    }

    /** The whole command tree, configured as {@link #run} runs it (no colours, converters registered). */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new OdjcMain());
        cli.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        Converters.register(cli);
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static void giveStdin(CommandLine cli, InputStream in) {
        for (CommandLine sub : cli.getSubcommands().values()) {
            if (sub.getCommand() instanceof CliCommand c) {
                c.stdin(in);
            }
            giveStdin(sub, in);
        }
    }

    static void printFailure(PrintWriter err, ConnectorException e) {
        // the detail may quote a request, a file or a dispatcher's answer: escaped, so it stays one line
        err.println(Printable.escape(e.getMessage()));
        err.println("remedy: " + e.code().remedy());
    }

    private static ConnectorException codedCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConnectorException coded) {
                return coded;
            }
        }
        return null;
    }

    /** The version in the jar's manifest; {@code dev} when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = OdjcMain.class.getPackage().getImplementationVersion();
            return new String[] {"odjc " + (v == null ? "dev" : v)};
        }
    }
}
