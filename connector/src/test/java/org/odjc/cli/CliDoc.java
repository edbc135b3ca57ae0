package org.odjc.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * Prints docs/cli.md from the picocli model of {@code odjc}: every command and subcommand with its
 * usage help, as {@code odjc COMMAND --help} prints it (run by scripts/cli-doc; CliDocTest fails when
 * the file and the model disagree).
 */
public final class CliDoc {
    /** Wide enough for the flags' descriptions, fixed so the file does not depend on a terminal. */
    static final int WIDTH = 100;

    private CliDoc() {
    }

    public static String render() {
        CommandLine root = new CommandLine(new OdjcMain());
        root.setUsageHelpWidth(WIDTH);
        root.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        StringBuilder out = new StringBuilder("""
                # Command reference

                Every `odjc` command with its usage help, exactly as `odjc COMMAND --help` prints it. This file
                is generated from the commands by `scripts/cli-doc`; `CliDocTest` fails when it is stale. What
                the commands do and guarantee, in prose: [operations.md](operations.md).

                """);
        List<CommandLine> all = new ArrayList<>();
        collect(root, all);
        for (CommandLine c : all) {
            out.append("## `").append(c.getCommandSpec().qualifiedName()).append("`\n\n```\n")
                    .append(c.getUsageMessage(CommandLine.Help.Ansi.OFF).stripTrailing()).append("\n```\n\n");
        }
        return out.toString().stripTrailing() + "\n";
    }

    private static void collect(CommandLine c, List<CommandLine> into) {
        if (c.getCommandSpec().usageMessage().hidden()) {
            return;
        }
        into.add(c);
        for (CommandLine sub : c.getSubcommands().values().stream().distinct().toList()) {
            if (sub.getParent() == c && !sub.getCommandName().equals("help")) {
                collect(sub, into);
            }
        }
    }

    public static void main(String[] args) {
        System.out.print(render());
    }
}
