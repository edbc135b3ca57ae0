package org.odjc.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odjc.config.ConfigLoader;
import org.odjc.config.ConnectorConfig;
import org.odjc.domain.DcFlags;
import org.odjc.domain.DcInfo;
import org.odjc.domain.DistinguishedName;
import org.odjc.domain.DomainDnsName;
import org.odjc.domain.Guid;
import org.odjc.domain.IpAddress;
import org.odjc.domain.SiteName;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.http.Readiness;
import org.odjc.http.StatusView;
import org.odjc.journal.SqliteJoinJournal;
import org.odjc.provisioning.DirectorySession;
import org.odjc.provisioning.JoinRequest;
import org.odjc.provisioning.JournalEntry;
import org.odjc.provisioning.NameRequest;
import org.odjc.provisioning.RequestId;
import org.odjc.provisioning.RequestState;
import org.odjc.provisioning.WorkSource;
import org.odjc.testing.SettableClock;

class AdminStatusTest {
    static final Instant T0 = Instant.parse("2026-12-01T02:07:00Z");
    static final Duration WINDOW = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final SettableClock clock = new SettableClock(T0);
    private final AtomicReference<ConnectorException> dcFault = new AtomicReference<>();
    private SqliteJoinJournal journal;
    private ServiceMetrics metrics;
    private DomainProbe probe;
    private AdminStatus status;
    private ConnectorConfig config;

    @BeforeEach
    void wire() throws Exception {
        config = ConfigLoader.parse("""
                domains:
                  - name: corp.example.test
                    bind: {mode: ldaps, user: svc@corp.example.test, passwordFile: pw}
                    ous: ["OU=Autopilot,DC=corp,DC=example,DC=test"]
                service:
                  dispatcher: https://dispatcher.example.test
                  identity: identity
                  stateDirectory: state
                  admin: 0
                """.getBytes(StandardCharsets.UTF_8), "connector.yaml", dir);
        journal = SqliteJoinJournal.open(dir.resolve("journal.db"));
        metrics = new ServiceMetrics(clock);
        DomainDnsName domain = DomainDnsName.parse("corp.example.test");
        DcInfo dc = new DcInfo(DomainDnsName.parse("dc1.corp.example.test"), IpAddress.parse("127.0.0.10"),
                Guid.parse("6f4ab4b4-5c8b-4bde-8f0b-0d7c1e2a9b11"), domain, domain, DcFlags.WRITABLE_GC_KDC_DNS,
                SiteName.DEFAULT_FIRST_SITE, Optional.of(SiteName.DEFAULT_FIRST_SITE));
        probe = new DomainProbe(() -> config, (d, explicit) -> List.of(dc), metrics.observe(at -> {
            if (dcFault.get() != null) {
                throw dcFault.get();
            }
            return session();
        }), clock);
        WorkSource idle = new WorkSource() {
            @Override
            public List<org.odjc.provisioning.LeasedRequest> poll(int max, Duration wait, java.util.Set<org.odjc.domain.DomainDnsName> paused) {
                return List.of();
            }

            @Override
            public Instant extend(org.odjc.provisioning.Lease lease, Duration by) {
                return T0;
            }
        };
        ConnectorService service = new ConnectorService(idle, null, ConnectorHost.defaults(2), d -> { }, new SplittableRandom(1),
                clock, line -> { });
        DiagnosticsMonitor never = new DiagnosticsMonitor(() -> null, clock, line -> { });
        status = new AdminStatus("c-1", "dev", () -> config, service, metrics, probe, never, journal, WINDOW,
                () -> T0.plus(Duration.ofDays(30)), dir.resolve("journal.db"), clock);
    }

    @AfterEach
    void close() {
        journal.close();
    }

    /** A session on which every read succeeds. */
    private static DirectorySession session() {
        return (DirectorySession) Proxy.newProxyInstance(DirectorySession.class.getClassLoader(),
                new Class<?>[] {DirectorySession.class}, (p, m, args) -> switch (m.getName()) {
                    case "computersContainer" -> DistinguishedName.parse("CN=Computers,DC=corp,DC=example,DC=test");
                    case "exists" -> true;
                    default -> null;
                });
    }

    private static Optional<String> code(Readiness r, String check) {
        return r.checks().stream().filter(c -> c.name().equals(check)).findFirst().orElseThrow().code();
    }

    @Test
    void isNotReadyWithAdmin002UntilTheDispatcherAnsweredAndTheFirstProbeEnded() {
        Readiness r = status.readiness();

        assertThat(r.ready()).isFalse();
        assertThat(code(r, "dispatcher")).contains("ADMIN-002");
        assertThat(code(r, "domain corp.example.test")).contains("ADMIN-002");
        assertThat(code(r, "configuration")).isEmpty();
        assertThat(code(r, "halt")).isEmpty();
    }

    @Test
    void isReadyOnceBothHappenedAndTurnsRedWhenTheDispatcherIsSilentLongerThanTheWindow() {
        metrics.dispatcherAnswered();
        probe.runOnce();
        assertThat(status.readiness().ready()).isTrue();

        clock.advance(WINDOW);
        assertThat(status.readiness().ready()).as("at the window's end it still counts").isTrue();
        clock.advance(Duration.ofSeconds(1));
        metrics.dispatcherFailed(FailureCode.CLOUD_UNREACHABLE);
        Readiness late = status.readiness();

        assertThat(late.ready()).isFalse();
        assertThat(late.failingCodes()).containsExactly("CLOUD-002");
    }

    @Test
    void aDomainLatchedBeforeARestartFailsItsOwnHaltCheckWithItsCodeWhileTheOtherChecksPass() throws Exception {
        journal.latch(new org.odjc.provisioning.HaltLatches.Latch(DomainDnsName.parse("corp.example.test"),
                FailureCode.PROV_ORPHAN_LEFT, T0.minusSeconds(600), "CN=AP1 could not be deleted"));
        ConnectorService restarted = new ConnectorService(null, null, List.of(DomainDnsName.parse("corp.example.test")),
                journal, ConnectorHost.defaults(2), d -> { }, new SplittableRandom(1), clock, line -> { });
        ServiceMetrics fresh = new ServiceMetrics(clock); // a new process's registry
        fresh.dispatcherAnswered();
        AdminStatus after = new AdminStatus("c-1", "dev", () -> config, restarted, fresh, probe,
                new DiagnosticsMonitor(() -> null, clock, line -> { }), journal, WINDOW, () -> T0.plus(Duration.ofDays(30)),
                dir.resolve("journal.db"), clock);
        probe.runOnce();

        Readiness r = after.readiness();

        assertThat(r.ready()).isFalse();
        assertThat(r.failingCodes()).containsExactly("PROV-009");
        assertThat(code(r, "halt")).isEmpty();
        assertThat(r.checks()).filteredOn(c -> c.name().equals("halt corp.example.test")).singleElement()
                .satisfies(c -> assertThat(c.detail()).contains("odjc halt clear --domain corp.example.test"));
        assertThat(restarted.health()).isEqualTo("halted");
    }

    @Test
    void aDomainWhoseDcFailsCarriesTheDcsCodeAndRecoversWithTheNextProbe() throws Exception {
        metrics.dispatcherAnswered();
        dcFault.set(new ConnectorException(FailureCode.AD_DC_UNREACHABLE, "dc1: connection refused"));
        probe.runOnce();
        Readiness red = status.readiness();
        dcFault.set(null);
        probe.runOnce();

        assertThat(red.failingCodes()).containsExactly("AD-006");
        assertThat(red.checks().get(2).detail()).contains("connection refused");
        assertThat(status.readiness().ready()).isTrue();
        assertThat(status.metrics()).contains("odjc_ldap_operations_total{dc=\"dc1.corp.example.test\",operation=\"bind\","
                + "result=\"AD-006\"} 1\n").contains("odjc_domain_usable{domain=\"corp.example.test\"} 1\n")
                .contains("odjc_ready 1\n").contains("odjc_certificate_expiry_timestamp_seconds "
                        + T0.plus(Duration.ofDays(30)).getEpochSecond() + "\n");
    }

    @Test
    void theStatusListsTheJournalsRequestsNewestFirstAndChartsFinishedOnesInTheirQuarterHour() throws Exception {
        append("r-1", T0.minus(Duration.ofHours(2)), RequestState.DONE, Duration.ofMillis(400), null);
        append("r-2", T0.minus(Duration.ofMinutes(5)), RequestState.DONE, Duration.ofMillis(200), null);
        append("r-3", T0.minus(Duration.ofMinutes(4)), RequestState.FAILED, Duration.ofMillis(100), "PROV-001");
        append("r-4", T0.minus(Duration.ofMinutes(1)), RequestState.NAME_CHOSEN, Duration.ofMillis(50), null);

        StatusView v = status.status();

        assertThat(v.requests()).extracting(StatusView.RequestRow::requestId).containsExactly("r-4", "r-3", "r-2", "r-1");
        assertThat(v.requests().get(1).code()).contains("PROV-001");
        assertThat(v.requests().get(1).latency()).isEqualTo(Duration.ofMillis(100));
        assertThat(v.chart()).hasSize(AdminStatus.CHART_BUCKETS);
        StatusView.Bucket last = v.chart().get(AdminStatus.CHART_BUCKETS - 1);
        assertThat(last.start()).isEqualTo(Instant.parse("2026-12-01T02:00:00Z"));
        assertThat(last.succeeded()).isEqualTo(1);
        assertThat(last.failed()).isEqualTo(1);
        assertThat(last.meanLatency()).contains(Duration.ofMillis(150));
        assertThat(v.chart().stream().mapToInt(StatusView.Bucket::total).sum()).as("r-4 has not finished").isEqualTo(3);
        assertThat(v.chart().get(AdminStatus.CHART_BUCKETS - 9).total()).as("r-1, two hours ago").isEqualTo(1);
    }

    @Test
    void aRequestTheDispatcherCancelledOrLetExpireShowsAsSuchNotAsFailedOrDone() throws Exception {
        append("r-cancelled", T0.minus(Duration.ofMinutes(6)), RequestState.FAILED, Duration.ofMillis(100), "CLOUD-001",
                "reporting: HTTP 409 lease-lost: request r-cancelled is cancelled (last leased under fencing token 1);"
                        + " this message carries 1");
        append("r-expired", T0.minus(Duration.ofMinutes(5)), RequestState.FAILED, Duration.ofMillis(100), "CLOUD-001",
                "reporting: HTTP 409 lease-lost: request r-expired is expired; this message carries 1");
        append("r-settled", T0.minus(Duration.ofMinutes(4)), RequestState.DONE, Duration.ofMillis(100), null,
                "cancelled; deleted CN=AP1,OU=A,DC=corp,DC=example,DC=test");
        append("r-failed", T0.minus(Duration.ofMinutes(3)), RequestState.FAILED, Duration.ofMillis(100), "PROV-001", "");
        append("r-done", T0.minus(Duration.ofMinutes(2)), RequestState.DONE, Duration.ofMillis(100), null, "reported");

        StatusView v = status.status();

        assertThat(v.requests()).extracting(StatusView.RequestRow::requestId, StatusView.RequestRow::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple("r-done", "DONE"), org.assertj.core.groups.Tuple.tuple("r-failed", "FAILED"),
                org.assertj.core.groups.Tuple.tuple("r-settled", "CANCELLED"),
                org.assertj.core.groups.Tuple.tuple("r-expired", "EXPIRED"),
                org.assertj.core.groups.Tuple.tuple("r-cancelled", "CANCELLED"));
        assertThat(v.chart().stream().mapToInt(StatusView.Bucket::failed).sum()).as("only r-failed failed").isEqualTo(1);
        assertThat(v.chart().stream().mapToInt(StatusView.Bucket::succeeded).sum()).as("only r-done succeeded").isEqualTo(1);
    }

    private void append(String id, Instant received, RequestState last, Duration took, String code) throws Exception {
        append(id, received, last, took, code, "");
    }

    private void append(String id, Instant received, RequestState last, Duration took, String code, String detail)
            throws Exception {
        JoinRequest request = new JoinRequest(new RequestId(id), DomainDnsName.parse("corp.example.test"), Optional.empty(),
                NameRequest.Prefix.parse("AP"), "device-" + id);
        JournalEntry first = JournalEntry.received(request, 1, received);
        JournalEntry end = (code == null ? first : first.withCode(code)).next(last, detail, received.plus(took));
        journal.append(first, end);
    }
}
