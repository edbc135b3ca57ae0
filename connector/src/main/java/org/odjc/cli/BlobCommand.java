package org.odjc.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "blob",
        description = {"Read and write offline-domain-join blobs.", "Djoin files, /printblob text and raw NDR."},
        subcommands = {BlobDecodeCommand.class, BlobComposeCommand.class})
final class BlobCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
