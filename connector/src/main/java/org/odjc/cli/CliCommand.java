package org.odjc.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every leaf command has: its picocli spec, standard output, and standard input for {@code -}. */
abstract class CliCommand {
    @Spec
    CommandSpec spec;

    private InputStream stdin = System.in;

    final void stdin(InputStream in) {
        this.stdin = in;
    }

    final InputStream stdin() {
        return stdin;
    }

    final PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
