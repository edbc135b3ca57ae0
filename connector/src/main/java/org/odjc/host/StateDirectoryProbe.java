package org.odjc.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.odjc.diagnostics.Probes;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.journal.SqliteJoinJournal;

/** {@code odjc diagnose}'s local probe: the state directory written to, its free space, the journal opened. */
final class StateDirectoryProbe implements Probes.LocalStateProbe {
    @Override
    public long writableFreeBytes(String directory) throws IOException {
        Path dir = Path.of(directory);
        Path probe = Files.createTempFile(dir, ".odjc-diagnose-", ".tmp");
        Files.delete(probe);
        return Files.getFileStore(dir).getUsableSpace();
    }

    @Override
    public Probes.Journal journal(String directory) {
        Path journal = Path.of(directory).resolve("journal.db");
        if (!Files.exists(journal)) {
            return Probes.Journal.absent(journal.toString());
        }
        try (SqliteJoinJournal j = SqliteJoinJournal.open(journal)) {
            return Probes.Journal.readable(journal.toString(), Files.size(journal));
        } catch (ConnectorException | IOException e) {
            return Probes.Journal.unreadable(journal.toString(), e instanceof ConnectorException c ? c.code()
                    : FailureCode.JOURNAL_UNAVAILABLE, e.getMessage());
        }
    }
}
