package org.odjc.host;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.odjc.diagnostics.LocalStateProbeContract;
import org.odjc.diagnostics.Probes;
import org.odjc.journal.SqliteJoinJournal;

/** The state directory probe keeps the local-state probe's contract on real directories and a real journal. */
class StateDirectoryProbeTest extends LocalStateProbeContract {
    @TempDir
    Path dir;

    @Override
    protected Probes.LocalStateProbe probe() {
        return new StateDirectoryProbe();
    }

    @Override
    protected String empty() throws Exception {
        return Files.createDirectory(dir.resolve("empty")).toString();
    }

    @Override
    protected String unwritable() {
        return dir.resolve("missing").toString();
    }

    @Override
    protected String withJournal() throws Exception {
        Path d = Files.createDirectory(dir.resolve("j"));
        SqliteJoinJournal.open(d.resolve("journal.db")).close();
        return d.toString();
    }

    @Override
    protected String withCorruptJournal() throws Exception {
        Path d = Files.createDirectory(dir.resolve("bad"));
        Files.write(d.resolve("journal.db"), new byte[] {'n', 'o', 't', ' ', 'a', ' ', 'd', 'b', 0, 1, 2, 3, 4, 5, 6, 7,
            8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31});
        return d.toString();
    }
}
