package org.odjc.host;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.odjc.config.ConfigLoader;
import org.odjc.config.ConnectorConfig;
import org.odjc.domain.DomainDnsName;
import org.odjc.http.StatusPage;
import org.odjc.journal.SqliteJoinJournal;
import org.odjc.provisioning.JoinRequest;
import org.odjc.provisioning.JournalEntry;
import org.odjc.provisioning.Lease;
import org.odjc.provisioning.LeasedRequest;
import org.odjc.provisioning.NameRequest;
import org.odjc.provisioning.RequestId;
import org.odjc.provisioning.RequestState;
import org.odjc.provisioning.WorkSource;

/**
 * How long the status page and /metrics take to build as the journal grows (scripts/bench-status-page):
 * the page reads the journal under its lock, so this is also how long a page view holds up the
 * workers' journal appends. Arguments: journal sizes in requests (five events each, one every 30 s).
 */
public final class StatusPageBench {
    private StatusPageBench() {
    }

    public static void main(String[] args) throws Exception {
        for (String a : args) {
            run(Integer.parseInt(a));
        }
    }

    private static void run(int n) throws Exception {
        Path dir = Files.createTempDirectory("odjc-bench-status");
        SqliteJoinJournal journal = SqliteJoinJournal.open(dir.resolve("journal.db"));
        Instant now = Instant.now();
        long t0 = System.nanoTime();
        List<JournalEntry> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            JoinRequest r = new JoinRequest(new RequestId("req-" + i), DomainDnsName.parse("corp.example.test"), Optional.empty(),
                    NameRequest.Prefix.parse("AP"), "device-" + i);
            Instant at = now.minus(Duration.ofSeconds((long) (n - i) * 30)); // one every 30 s, the newest now
            JournalEntry e = JournalEntry.received(r, 1, at);
            batch.add(e);
            batch.add(e.next(RequestState.NAME_CHOSEN, "", at.plusMillis(10)));
            batch.add(e.next(RequestState.ACCOUNT_CREATED, "", at.plusMillis(150)));
            batch.add(e.next(RequestState.REPORTED, "", at.plusMillis(190)));
            batch.add(e.next(RequestState.DONE, "", at.plusMillis(200)));
            if (batch.size() >= 5000 || i == n - 1) { // a few large transactions: filling is not what is measured
                journal.append(batch.toArray(JournalEntry[]::new));
                batch.clear();
            }
        }
        System.out.printf("journal of %d requests (%d events) filled in %d ms%n", n, 5 * n,
                (System.nanoTime() - t0) / 1_000_000);
        ConnectorConfig config = ConfigLoader.parse(String.join("\n", "domains:", "  - name: corp.example.test",
                "    bind: {mode: ldaps, user: s@corp.example.test, passwordFile: pw}",
                "    ous: [\"OU=A,DC=corp,DC=example,DC=test\"]", "").getBytes(StandardCharsets.UTF_8), "bench", dir);
        ServiceMetrics metrics = new ServiceMetrics(Clock.systemUTC());
        DomainProbe probe = new DomainProbe(() -> config, (d, x) -> List.of(), dc -> null, Clock.systemUTC());
        WorkSource idle = new WorkSource() {
            @Override
            public List<LeasedRequest> poll(int max, Duration wait, java.util.Set<org.odjc.domain.DomainDnsName> paused) {
                return List.of();
            }

            @Override
            public Instant extend(Lease l, Duration by) {
                return now;
            }
        };
        ConnectorService service = new ConnectorService(idle, null, ConnectorHost.defaults(2), d -> { },
                new SplittableRandom(1), Clock.systemUTC(), l -> { });
        AdminStatus status = new AdminStatus("c", "dev", () -> config, service, metrics, probe,
                new DiagnosticsMonitor(() -> null, Clock.systemUTC(), l -> { }), journal, Duration.ofMinutes(1),
                () -> now.plus(Duration.ofDays(90)), dir.resolve("journal.db"), Clock.systemUTC());
        for (int round = 0; round < 3; round++) {
            long[] ms = new long[10];
            for (int i = 0; i < ms.length; i++) {
                long s = System.nanoTime();
                String html = StatusPage.render(status.status());
                ms[i] = (System.nanoTime() - s) / 1_000_000;
                if (html.isEmpty()) {
                    throw new AssertionError("an empty page");
                }
            }
            Arrays.sort(ms);
            long s = System.nanoTime();
            for (int i = 0; i < 100; i++) {
                status.metrics();
            }
            System.out.printf("  round %d: status page median %d ms (min %d, max %d of 10); /metrics %.2f ms%n", round,
                    ms[5], ms[0], ms[9], (System.nanoTime() - s) / 1e6 / 100);
        }
        journal.close();
    }
}
