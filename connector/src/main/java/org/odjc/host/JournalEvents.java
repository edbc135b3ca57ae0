package org.odjc.host;

import java.util.function.Consumer;
import org.odjc.provisioning.JoinJournal;
import org.odjc.provisioning.JournalEntry;
import org.odjc.telemetry.Event;
import org.odjc.telemetry.EventLog;

/** The journal's steps an admin looks for, as events: the account created, the blob reported. Logged after the write. */
final class JournalEvents {
    private JournalEvents() {
    }

    static JoinJournal observe(JoinJournal journal, Consumer<String> log) {
        return JournalTap.tap(journal, e -> logged(e, log));
    }

    private static void logged(JournalEntry e, Consumer<String> log) {
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
