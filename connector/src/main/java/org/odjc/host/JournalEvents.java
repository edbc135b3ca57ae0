package org.odjc.host;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.odjc.provisioning.RequestId;
import org.odjc.failure.ConnectorException;
import org.odjc.provisioning.JoinJournal;
import org.odjc.provisioning.JournalEntry;
import org.odjc.provisioning.OwnedAccount;
import org.odjc.telemetry.Event;
import org.odjc.telemetry.EventLog;

/** The journal's steps an admin looks for, as events: the account created, the blob reported. Logged after the write. */
final class JournalEvents {
    private JournalEvents() {
    }

    static JoinJournal observe(JoinJournal journal, Consumer<String> log) {
        return new JoinJournal() {
            @Override
            public void append(JournalEntry... entries) throws ConnectorException {
                journal.append(entries);
                logged(entries);
            }

            @Override
            public void appendWithAccount(OwnedAccount account, JournalEntry... entries) throws ConnectorException {
                journal.appendWithAccount(account, entries);
                logged(entries);
            }

            @Override
            public Optional<JournalEntry> latest(RequestId id) throws ConnectorException {
                return journal.latest(id);
            }

            @Override
            public List<JournalEntry> unfinished() throws ConnectorException {
                return journal.unfinished();
            }

            private void logged(JournalEntry... entries) {
                for (JournalEntry e : entries) {
                    String who = " requestId=" + e.request().id().value() + e.name().map(n -> " computer=" + n).orElse("");
                    switch (e.state()) {
                        case ACCOUNT_CREATED -> log.accept(Event.ACCOUNT_CREATED.line() + who
                                + e.dn().map(dn -> EventLog.field("dn", dn)).orElse("")
                                + e.dc().map(dc -> EventLog.field("dc", dc)).orElse(""));
                        case REPORTED -> log.accept(Event.BLOB_REPORTED.line() + who);
                        default -> {
                        }
                    }
                }
            }
        };
    }
}
