package org.odjc.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A scratch Samba client that applies a blob the way a device would: its smb.conf names the
 * machine, workgroup and realm the blob carries (Samba's requestodj checks them), and
 * {@code net ads testjoin} then says {@code Join is OK} only if the blob's password is the one AD
 * holds.
 */
public final class SambaClient {
    private final SambaDc dc;
    private final Path conf;

    public SambaClient(SambaDc dc, String machineName, Path dir) {
        this.dc = dc;
        try {
            for (String sub : List.of("private", "state", "cache", "lock")) {
                Files.createDirectories(dir.resolve(sub));
            }
            conf = dir.resolve("smb.conf");
            Files.writeString(conf, String.join("\n",
                    "[global]",
                    "\tworkgroup = " + dc.netbios(),
                    "\trealm = " + dc.realm(),
                    "\tsecurity = ads",
                    "\tnetbios name = " + machineName,
                    "\tprivate dir = " + dir.resolve("private"),
                    "\tstate directory = " + dir.resolve("state"),
                    "\tcache directory = " + dir.resolve("cache"),
                    "\tlock directory = " + dir.resolve("lock"),
                    "\tpid directory = " + dir.resolve("lock"),
                    "\tncalrpc dir = " + dir.resolve("lock/ncalrpc"),
                    "\tlog file = " + dir.resolve("log.%m"),
                    ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ProcessResult requestOdj(Path djoinFile) {
        return Processes.run(List.of("net", "-s", conf.toString(), "offlinejoin", "requestodj", "loadfile=" + djoinFile),
                Map.of(), null, Duration.ofSeconds(60));
    }

    public ProcessResult testJoin() {
        return Processes.run(List.of("net", "-s", conf.toString(), "ads", "testjoin", "-S", dc.host()),
                Map.of(), null, Duration.ofSeconds(60));
    }
}
