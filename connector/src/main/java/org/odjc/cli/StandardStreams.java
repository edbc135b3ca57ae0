package org.odjc.cli;

import java.io.InputStream;
import picocli.CommandLine;

/** Gives commands the process's (or a test's) standard input, which picocli does not carry. */
final class StandardStreams {
    private StandardStreams() {
    }

    static void set(CommandLine cli, InputStream in) {
        for (CommandLine sub : cli.getSubcommands().values()) {
            if (sub.getCommand() instanceof ReadsStdin r) {
                r.stdin(in);
            }
            set(sub, in);
        }
    }

    /** A command that may read {@code -} as standard input. */
    interface ReadsStdin {
        void stdin(InputStream in);
    }
}
