package org.odjc.diagnostics;

/** The fake DiagnosisTest reads its state directory through keeps the local-state probe's contract. */
class FakeStateDirectoriesTest extends LocalStateProbeContract {
    private final FakeStateDirectories dirs = new FakeStateDirectories();

    @Override
    protected Probes.LocalStateProbe probe() {
        return dirs;
    }

    @Override
    protected String empty() {
        dirs.directory("/state/empty", 1L << 30);
        return "/state/empty";
    }

    @Override
    protected String unwritable() {
        return "/state/missing";
    }

    @Override
    protected String withJournal() {
        dirs.directory("/state/j", 1L << 30).journal("/state/j", 4096);
        return "/state/j";
    }

    @Override
    protected String withCorruptJournal() {
        dirs.directory("/state/bad", 1L << 30).corruptJournal("/state/bad");
        return "/state/bad";
    }
}
