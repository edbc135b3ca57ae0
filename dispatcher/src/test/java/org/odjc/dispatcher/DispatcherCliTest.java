package org.odjc.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The admin commands against an in-process dispatcher made from a real state directory. */
class DispatcherCliTest {
    static final byte[] NDR = {0x01, 0x10, 0x08, 0x00, (byte) 0xCC, (byte) 0xCC, (byte) 0xCC, (byte) 0xCC, 0x42};

    @TempDir
    Path dir;

    DispatchQueue queue;
    DispatcherServer server;
    Path state;

    @BeforeEach
    void start() throws Exception {
        state = dir.resolve("state");
        DispatcherMain.StateDirectory sd = new DispatcherMain.StateDirectory(state);
        SecureRandom random = new SecureRandom();
        sd.prepare(random);
        DispatcherCa ca = DispatcherCa.loadOrCreate(state, "localhost", Clock.systemUTC(), random);
        queue = new DispatchQueue(sd.database(), sd.blobKey(), Clock.systemUTC(), Duration.ofMinutes(2), Duration.ofHours(1),
                Duration.ofHours(24));
        server = new DispatcherServer(queue, null, ca.serverContext(List.of("localhost"), Duration.ofDays(1)),
                Files.readString(sd.adminTokenFile()).strip(), Clock.systemUTC(), Duration.ofSeconds(1),
                new InetSocketAddress("127.0.0.1", 0), new Log(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()),
                        Clock.systemUTC()));
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        queue.close();
    }

    record Run(int exit, String out, String err) {
    }

    Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = DispatcherMain.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(new String[] {"--dispatcher", "https://localhost:" + server.port(), "--state-dir", state.toString()},
                0, all, args.length, 4);
        return new Run(cl.execute(all), out.toString(), err.toString());
    }

    void succeed(String id) throws Exception {
        queue.submit(new DispatchQueue.Submission(id, "corp.example.com", null, "PC1", null, "device-1"));
        queue.lease("c1", Set.of("corp.example.com"), 1);
        queue.result("c1", id, 1, new DispatchQueue.Result("PC1", "CN=PC1,DC=corp", "S-1-5-21-1-2-3-1000", "dc1", NDR,
                null, null, false));
    }

    @Test
    void statusNeverConsumesTheBlobAndBlobFileTakesItOnceAsAnOwnerOnlyDjoinFile() throws Exception {
        succeed("r1");

        Run first = run("status", "r1");
        Run second = run("status", "r1");
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(second.out()).contains("\"blobAvailable\" : true").doesNotContain("\"blob\" :");

        Path file = dir.resolve("r1.djoin");
        Run take = run("status", "r1", "--blob-file", file.toString());
        assertThat(take.exit()).as(take.err()).isZero();
        assertThat(take.out()).contains("wrote " + file + " (djoin format, 0600)");
        assertThat(Files.readAllBytes(file)).isEqualTo(DjoinFile.encode(NDR));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        Run again = run("status", "r1", "--blob-file", dir.resolve("again.djoin").toString());
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("HTTP 410 blob-already-retrieved");
        assertThat(dir.resolve("again.djoin")).doesNotExist();
    }

    @Test
    void valuesFromAnOlderDatabaseAreShownWithVisibleEscapesNotRaw() throws Exception {
        succeed("r1");
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + state.resolve("dispatcher.db"));
                Statement st = db.createStatement()) {
            st.executeUpdate("UPDATE requests SET device_id = 'dev' || char(27) || '[2J' || char(155) || char(8238) || 'x',"
                    + " result_name = 'PC' || char(27) || ']0;pwned' || char(7)");
        }

        Run status = run("status", "r1");
        Run list = run("list");

        for (Run r : List.of(status, list)) {
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).doesNotContain("\u001b", "\u009b", "\u202e", "\u0007");
            assertThat(r.out()).containsIgnoringCase("PC\\u001b]0;pwned\\u0007")
                    .containsIgnoringCase("dev\\u001b[2J\\u009b\\u202ex");
        }
        assertThat(list.out()).contains("REQUEST_ID").contains("succeeded");
    }

    @Test
    void listShowsNewestFirstFiltersByStateAndPagesWithACursor() throws Exception {
        succeed("r1");
        queue.submit(new DispatchQueue.Submission("r2", "corp.example.com", null, "PC2", null, "device-2"));
        Thread.sleep(5); // distinct submit times (milliseconds)
        queue.submit(new DispatchQueue.Submission("r3", "corp.example.com", null, "PC3", null, "device-3"));

        Run all = run("list", "--limit", "2");
        assertThat(all.exit()).as(all.err()).isZero();
        assertThat(all.out().lines().skip(1).map(l -> l.split(" +")[0])).containsExactly("r3", "r2");
        assertThat(all.err()).contains("more: --cursor ");
        Run queued = run("list", "--state", "succeeded");
        assertThat(queued.out().lines().skip(1).map(l -> l.split(" +")[0])).containsExactly("r1");
        Run bad = run("list", "--limit", "5000");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("HTTP 400 bad-request: limit must be 1-1000");
    }
}
