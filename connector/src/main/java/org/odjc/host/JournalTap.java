package org.odjc.host;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.odjc.failure.ConnectorException;
import org.odjc.provisioning.JoinJournal;
import org.odjc.provisioning.JournalEntry;
import org.odjc.provisioning.OwnedAccount;
import org.odjc.provisioning.RequestId;

/** A journal that hands each entry to {@code written} once it is durably written: how metrics and events watch the workflow. */
final class JournalTap {
    private JournalTap() {
    }

    static JoinJournal tap(JoinJournal journal, Consumer<JournalEntry> written) {
        return new JoinJournal() {
            @Override
            public void append(JournalEntry... entries) throws ConnectorException {
                journal.append(entries);
                for (JournalEntry e : entries) {
                    written.accept(e);
                }
            }

            @Override
            public void appendWithAccount(OwnedAccount account, JournalEntry... entries) throws ConnectorException {
                journal.appendWithAccount(account, entries);
                for (JournalEntry e : entries) {
                    written.accept(e);
                }
            }

            @Override
            public Optional<JournalEntry> latest(RequestId id) throws ConnectorException {
                return journal.latest(id);
            }

            @Override
            public List<JournalEntry> unfinished() throws ConnectorException {
                return journal.unfinished();
            }
        };
    }
}
