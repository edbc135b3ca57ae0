package org.odjc.config;

import java.util.ArrayList;
import java.util.List;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

/** Every problem found in a configuration, each with its path and line; reported all at once. */
final class ConfigProblems {
    private final String source;
    private final List<String> problems = new ArrayList<>();

    ConfigProblems(String source) {
        this.source = source;
    }

    void add(String path, int line, String what) {
        String where = path.isEmpty() ? "(document)" : path;
        problems.add(line > 0 ? where + " (line " + line + "): " + what : where + ": " + what);
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    List<String> all() {
        return List.copyOf(problems);
    }

    /** Throws {@code CONFIG-001} listing every problem, one per line, if there are any. */
    void throwIfAny() throws ConnectorException {
        if (!problems.isEmpty()) {
            throw new ConnectorException(FailureCode.CONFIG_INVALID,
                    source + ": " + problems.size() + (problems.size() == 1 ? " problem" : " problems") + "\n  "
                            + String.join("\n  ", problems));
        }
    }
}
