package org.odjc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Every command explains itself: {@code --help} everywhere, {@code odjc help CMD}, whole sentences, every option described. */
class HelpTest {

    /** Every command's path below {@code odjc}, the root's included as the empty path. */
    private static List<List<String>> paths(CommandLine cl, List<String> prefix, List<List<String>> into) {
        into.add(prefix);
        for (var e : cl.getSubcommands().entrySet()) {
            if (e.getValue().getCommandSpec().aliases().length > 0 && !e.getValue().getCommandName().equals(e.getKey())) {
                continue;
            }
            List<String> p = new ArrayList<>(prefix);
            p.add(e.getKey());
            paths(e.getValue(), p, into);
        }
        return into;
    }

    private static List<CommandSpec> specs(CommandLine cl, List<CommandSpec> into) {
        into.add(cl.getCommandSpec());
        cl.getSubcommands().values().forEach(s -> specs(s, into));
        return into;
    }

    @Test
    void everyCommandAndNestedCommandAnswersHelpAndShortHWithItsUsageAndExitZero() {
        List<List<String>> all = paths(OdjcMain.commandLine(), List.of(), new ArrayList<>());
        assertThat(all).hasSizeGreaterThan(15); // ou add, blob decode, requests show... are in
        for (List<String> path : all) {
            for (String flag : List.of("--help", "-h")) {
                List<String> args = new ArrayList<>(path);
                args.add(flag);
                OdjcMainTest.Run r = OdjcMainTest.run(args.toArray(String[]::new));
                assertThat(r.exit()).as(args + ": " + r.err()).isZero();
                String usage = "Usage: odjc" + (path.isEmpty() ? "" : " " + String.join(" ", path));
                assertThat(r.out().lines()).as(args.toString()).anyMatch(l -> l.startsWith(usage));
                assertThat(r.err()).as(args.toString()).isEmpty();
            }
        }
    }

    @Test
    void everyOptionAndParameterOfEveryCommandHasADescription() {
        SoftAssertions soft = new SoftAssertions();
        for (CommandSpec s : specs(OdjcMain.commandLine(), new ArrayList<>())) {
            for (OptionSpec o : s.options()) {
                soft.assertThat(String.join(" ", o.description()).strip()).as(s.qualifiedName() + " " + o.longestName()).isNotEmpty();
            }
            for (var p : s.positionalParameters()) {
                soft.assertThat(String.join(" ", p.description()).strip()).as(s.qualifiedName() + " " + p.paramLabel()).isNotEmpty();
            }
        }
        soft.assertAll();
    }

    @Test
    void helpNamingACommandPrintsThatCommandsUsage() {
        OdjcMainTest.Run run = OdjcMainTest.run("help", "run");
        OdjcMainTest.Run setup = OdjcMainTest.run("help", "setup");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("Usage: odjc run");
        assertThat(setup.exit()).as(setup.err()).isZero();
        assertThat(setup.out()).startsWith("Usage: odjc setup").contains("--domain");
    }

    @Test
    void theCommandListShowsOneWholeSentencePerCommand() {
        OdjcMainTest.Run r = OdjcMainTest.run("--help");
        String list = r.out().substring(r.out().indexOf("Commands:"));
        SoftAssertions soft = new SoftAssertions();

        for (CommandSpec s : specs(OdjcMain.commandLine(), new ArrayList<>())) {
            for (CommandLine sub : s.subcommands().values()) {
                CommandSpec c = sub.getCommandSpec();
                String[] shown = c.usageMessage().header().length > 0 ? c.usageMessage().header() : c.usageMessage().description();
                soft.assertThat(shown).as(c.qualifiedName()).isNotEmpty();
                if (shown.length > 0) {
                    soft.assertThat(shown[0].strip()).as(c.qualifiedName()).endsWith(".").hasSizeLessThanOrEqualTo(64);
                }
            }
        }
        soft.assertAll();
        assertThat(list).contains("setup").contains("help");
        assertThat(list.lines().filter(l -> !l.isBlank() && !l.startsWith("Commands:")))
                .allSatisfy(l -> assertThat(l.strip()).endsWith("."));
    }

    @Test
    void aUsageErrorStillPointsToAHelpThatWorks() {
        OdjcMainTest.Run bad = OdjcMainTest.run("requests", "--no-such-flag");
        assertThat(bad.exit()).isEqualTo(OdjcMain.EXIT_USAGE);
        assertThat(bad.err()).contains("--help");
        assertThat(OdjcMainTest.run("requests", "--help").exit()).isZero();
    }
}
