package org.odjc.diagnostics;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.HashMap;
import java.util.Map;
import org.odjc.failure.FailureCode;

/** State directories as a map: a directory's free bytes, and its journal when it has one. */
final class FakeStateDirectories implements Probes.LocalStateProbe {
    final Map<String, Long> free = new HashMap<>();
    final Map<String, Probes.Journal> journals = new HashMap<>();

    /** A writable directory with {@code bytes} free and no journal. */
    FakeStateDirectories directory(String dir, long bytes) {
        free.put(dir, bytes);
        return this;
    }

    FakeStateDirectories journal(String dir, long bytes) {
        journals.put(dir, Probes.Journal.readable(dir + "/journal.db", bytes));
        return this;
    }

    FakeStateDirectories corruptJournal(String dir) {
        journals.put(dir, Probes.Journal.unreadable(dir + "/journal.db", FailureCode.JOURNAL_UNAVAILABLE,
                "file is not a database"));
        return this;
    }

    @Override
    public long writableFreeBytes(String directory) throws IOException {
        Long bytes = free.get(directory);
        if (bytes == null) {
            throw new NoSuchFileException(directory);
        }
        return bytes;
    }

    @Override
    public Probes.Journal journal(String directory) {
        return journals.getOrDefault(directory, Probes.Journal.absent(directory + "/journal.db"));
    }
}
