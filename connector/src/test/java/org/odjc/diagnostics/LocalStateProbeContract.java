package org.odjc.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** What every {@link Probes.LocalStateProbe} answers, the adapter and the fake alike. */
public abstract class LocalStateProbeContract {
    protected abstract Probes.LocalStateProbe probe() throws Exception;

    /** A writable directory without a journal. */
    protected abstract String empty() throws Exception;

    /** A directory that cannot be written to (here: one that does not exist). */
    protected abstract String unwritable() throws Exception;

    /** A directory holding a journal that opens. */
    protected abstract String withJournal() throws Exception;

    /** A directory holding a journal.db that is not a journal. */
    protected abstract String withCorruptJournal() throws Exception;

    @Test
    void aWritableDirectoryAnswersItsFreeSpaceAndThatThereIsNoJournalYet() throws Exception {
        Probes.LocalStateProbe p = probe();
        String dir = empty();

        assertThat(p.writableFreeBytes(dir)).isPositive();
        Probes.Journal j = p.journal(dir);
        assertThat(j.exists()).isFalse();
        assertThat(j.path()).startsWith(dir).endsWith("journal.db");
        assertThat(j.failure()).isEmpty();
    }

    @Test
    void aDirectoryThatCannotBeWrittenToThrows() throws Exception {
        Probes.LocalStateProbe p = probe();
        String dir = unwritable();

        assertThatThrownBy(() -> p.writableFreeBytes(dir)).isInstanceOf(IOException.class);
    }

    @Test
    void aJournalThatOpensIsReadableWithItsSize() throws Exception {
        Probes.LocalStateProbe p = probe();

        Probes.Journal j = p.journal(withJournal());

        assertThat(j.exists()).isTrue();
        assertThat(j.failure()).isEmpty();
        assertThat(j.bytes()).isPositive();
    }

    @Test
    void aJournalThatDoesNotOpenCarriesItsCodeAndMessage() throws Exception {
        Probes.LocalStateProbe p = probe();

        Probes.Journal j = p.journal(withCorruptJournal());

        assertThat(j.exists()).isTrue();
        assertThat(j.failure()).isPresent();
        assertThat(j.message()).isNotBlank();
    }
}
