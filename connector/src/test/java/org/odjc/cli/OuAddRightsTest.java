package org.odjc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odjc.diagnostics.AccessCheck;
import org.odjc.domain.DistinguishedName;
import org.odjc.domain.Sid;
import org.odjc.failure.ConnectorException;
import org.odjc.provisioning.Identity;
import picocli.CommandLine;

/**
 * {@code odjc ou add} checks the bind identity's rights on the OU as {@code odjc diagnose} does, on a
 * fake directory: missing ones leave the configuration as it was and print the delegate line.
 */
class OuAddRightsTest {
    static final String OU = "OU=NoRights,DC=corp,DC=example,DC=test";
    static final List<AccessCheck.Right> ALL = AccessCheck.CONNECTOR_RIGHTS;

    @TempDir
    Path dir;

    final Identity svc = new Identity("svc-odjc@corp.example.test", sid("S-1-5-21-1-2-3-1105"), Set.of());
    final List<String> delegated = new ArrayList<>();
    /** What the fake directory answers, one inspection after another (the last repeats). */
    final List<List<AccessCheck.Right>> missing = new ArrayList<>();

    record Run(int exit, String out, String err) {
    }

    private Path config() throws Exception {
        Path config = dir.resolve("connector.yaml");
        Files.writeString(config, """
                domains:
                  - name: corp.example.test
                    dcs: [nowhere.invalid]
                    bind: {mode: ldaps, user: svc-odjc@corp.example.test, passwordFile: pw}
                    ous:
                      - "OU=Autopilot,DC=corp,DC=example,DC=test"
                """);
        return config;
    }

    private Run add(Path config, boolean terminal, String stdin) {
        OuCommand.AddOu cmd = new OuCommand.AddOu();
        cmd.inspector = (d, ou) -> new OuCommand.Inspection(true, svc, missing.size() > 1 ? missing.remove(0) : missing.get(0));
        cmd.delegator = (c, ou, account) -> delegated.add(ou + " " + account);
        cmd.interactive = () -> terminal;
        cmd.stdin(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintWriter errWriter = new PrintWriter(err);
        CommandLine cli = new CommandLine(cmd);
        cli.setOut(new PrintWriter(out));
        cli.setErr(errWriter);
        cli.setExecutionExceptionHandler((ex, c, p) -> {
            OdjcMain.printFailure(errWriter, (ConnectorException) ex);
            errWriter.flush();
            return OdjcMain.EXIT_FAILURE;
        });
        int exit = cli.execute("--config", config.toString(), OU);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void missingRightsExitOneWriteNothingAndPrintTheExactDelegateLine() throws Exception {
        Path config = config();
        String before = Files.readString(config);
        missing.add(List.of(ALL.get(0), ALL.get(1), ALL.get(2)));

        Run r = add(config, false, "");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(Files.readString(config)).isEqualTo(before);
        assertThat(r.out()).contains("svc-odjc@corp.example.test lacks on " + OU
                + ": Create Computer objects, Delete Computer objects, Reset password")
                .contains("\n  odjc delegate --config " + config + " --ou " + OU
                        + " --account svc-odjc@corp.example.test --apply\n")
                .doesNotContain("[y/N]");
        assertThat(r.err()).startsWith("DIAG-008 ");
        assertThat(delegated).isEmpty();
    }

    @Test
    void onATerminalAYesRunsTheDelegationChecksAgainAndThenWritesTheOu() throws Exception {
        Path config = config();
        missing.add(List.of(ALL.get(0)));
        missing.add(List.of());

        Run r = add(config, true, "y\n");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("[y/N]").contains("delegated: svc-odjc@corp.example.test now holds every right");
        assertThat(delegated).containsExactly(OU + " svc-odjc@corp.example.test");
        assertThat(Files.readString(config)).contains(OU);
    }

    @Test
    void onATerminalTheDefaultAnswerDelegatesNothingAndWritesNothing() throws Exception {
        Path config = config();
        String before = Files.readString(config);
        missing.add(List.of(ALL.get(0)));

        Run r = add(config, true, "\n");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(delegated).isEmpty();
        assertThat(Files.readString(config)).isEqualTo(before);
    }

    @Test
    void anOuWithEveryRightIsWrittenAndRightsOnlyOnItsComputersMissingWarn() throws Exception {
        Path config = config();
        missing.add(List.of(ALL.get(3)));

        Run r = add(config, false, "");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("warning: the OU does not grant svc-odjc@corp.example.test Validated write to DNS host name");
        assertThat(Files.readString(config)).contains(OU);
    }

    private static Sid sid(String s) {
        try {
            return Sid.parse(s);
        } catch (ConnectorException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
