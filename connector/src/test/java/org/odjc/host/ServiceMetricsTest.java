package org.odjc.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.odjc.domain.DomainDnsName;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.provisioning.JoinJournal;
import org.odjc.provisioning.JoinRequest;
import org.odjc.provisioning.JournalEntry;
import org.odjc.provisioning.Lease;
import org.odjc.provisioning.LeasedRequest;
import org.odjc.provisioning.NameRequest;
import org.odjc.provisioning.RequestId;
import org.odjc.provisioning.RequestState;
import org.odjc.provisioning.WorkSource;
import org.odjc.telemetry.PrometheusText;
import org.odjc.testing.SettableClock;

class ServiceMetricsTest {
    static final Instant T0 = Instant.parse("2026-12-01T02:00:00Z");

    private final SettableClock clock = new SettableClock(T0);
    private final ServiceMetrics metrics = new ServiceMetrics(clock);
    private final List<JournalEntry> written = new ArrayList<>();
    private final JoinJournal journal = metrics.observe(new JoinJournal() {
        @Override
        public void append(JournalEntry... entries) {
            written.addAll(List.of(entries));
        }

        @Override
        public void appendWithAccount(org.odjc.provisioning.OwnedAccount account, JournalEntry... entries) {
            written.addAll(List.of(entries));
        }

        @Override
        public Optional<JournalEntry> latest(RequestId id) {
            return Optional.empty();
        }

        @Override
        public List<JournalEntry> unfinished() {
            return List.of();
        }
    });

    static JoinRequest request(String id) throws ConnectorException {
        return new JoinRequest(new RequestId(id), DomainDnsName.parse("corp.example.test"), Optional.empty(),
                NameRequest.Prefix.parse("AP"), "device-" + id);
    }

    @Test
    void countsEachFinishedRequestByOutcomeAndCodeAndTimesItFromTheJournalsOwnTimestamps() throws Exception {
        JournalEntry r1 = JournalEntry.received(request("r-1"), 1, T0);
        journal.append(r1);
        journal.append(r1.next(RequestState.ACCOUNT_CREATED, "", T0.plusMillis(300)));
        journal.append(r1.next(RequestState.REPORTED, "", T0.plusMillis(400)),
                r1.next(RequestState.DONE, "reported", T0.plusMillis(450)));
        JournalEntry r2 = JournalEntry.received(request("r-2"), 1, T0);
        journal.append(r2, r2.withCode("PROV-001").next(RequestState.FAILED, "OU not allowed", T0.plusSeconds(3)));

        String text = PrometheusText.write(metrics.registry.snapshot());

        assertThat(written).hasSize(6);
        assertThat(text).contains("odjc_requests_total{outcome=\"done\",code=\"\"} 1\n")
                .contains("odjc_requests_total{outcome=\"failed\",code=\"PROV-001\"} 1\n")
                .contains("odjc_request_provisioning_seconds_bucket{le=\"0.25\"} 0\n")
                .contains("odjc_request_provisioning_seconds_bucket{le=\"0.5\"} 1\n")
                .contains("odjc_request_provisioning_seconds_count 1\n")
                .contains("odjc_request_duration_seconds_sum{outcome=\"done\"} 0.45\n")
                .contains("odjc_request_duration_seconds_bucket{outcome=\"failed\",le=\"2.5\"} 0\n")
                .contains("odjc_request_duration_seconds_bucket{outcome=\"failed\",le=\"5\"} 1\n");
    }

    @Test
    void aRequestClosedByRecoveryIsCountedButNotTimedSinceItsStartIsFromBeforeTheRestart() throws Exception {
        journal.append(JournalEntry.received(request("r-3"), 1, T0).next(RequestState.DONE, "recovered", T0));

        String text = PrometheusText.write(metrics.registry.snapshot());

        assertThat(text).contains("odjc_requests_total{outcome=\"done\",code=\"\"} 1\n")
                .doesNotContain("odjc_request_duration_seconds_count");
    }

    @Test
    void countsARequestWhoseProcessingThrewByItsCodeSinceTheJournalNeverSawItsOutcome() throws Exception {
        org.odjc.provisioning.RequestProcessor failing = metrics.observe(new org.odjc.provisioning.RequestProcessor() {
            @Override
            public JournalEntry process(JoinRequest request, Lease lease) throws ConnectorException {
                throw new ConnectorException(FailureCode.JOURNAL_UNAVAILABLE, "disk full");
            }

            @Override
            public JournalEntry handBack(JoinRequest request, Lease lease, ConnectorException why) {
                throw new UnsupportedOperationException("not handed back here");
            }

            @Override
            public void recover() {
            }
        });

        assertThatThrownBy(() -> failing.process(request("r-5"), new Lease(new RequestId("r-5"), 1, T0)))
                .isInstanceOf(ConnectorException.class);
        assertThat(PrometheusText.write(metrics.registry.snapshot()))
                .contains("odjc_request_errors_total{code=\"JOURNAL-001\"} 1\n").doesNotContain("odjc_requests_total{");
    }

    @Test
    void countsPollsLeasesAndExtensionsAndRemembersWhenTheDispatcherLastAnswered() throws Exception {
        LeasedRequest leased = new LeasedRequest(request("r-4"), new Lease(new RequestId("r-4"), 1, T0.plusSeconds(90)));
        List<Object> answers = new ArrayList<>(List.of(List.of(leased), new ConnectorException(FailureCode.CLOUD_UNREACHABLE,
                "refused")));
        WorkSource work = metrics.observe(new WorkSource() {
            @Override
            @SuppressWarnings("unchecked")
            public List<LeasedRequest> poll(int max, Duration wait, java.util.Set<org.odjc.domain.DomainDnsName> paused) throws ConnectorException {
                Object next = answers.remove(0);
                if (next instanceof ConnectorException e) {
                    throw e;
                }
                return (List<LeasedRequest>) next;
            }

            @Override
            public Instant extend(Lease lease, Duration by) throws ConnectorException {
                throw new ConnectorException(FailureCode.CLOUD_LEASE_LOST, "taken over");
            }
        });
        assertThat(metrics.dispatcherLastFailure()).isNull();

        clock.set(T0.plusSeconds(5));
        assertThat(work.poll(4, Duration.ofSeconds(25), java.util.Set.of())).hasSize(1);
        clock.set(T0.plusSeconds(10));
        assertThatThrownBy(() -> work.poll(4, Duration.ofSeconds(25), java.util.Set.of())).isInstanceOf(ConnectorException.class);
        assertThat(metrics.dispatcherReached()).isEqualTo(T0.plusSeconds(5));
        assertThat(metrics.dispatcherLastFailure()).contains(FailureCode.CLOUD_UNREACHABLE);
        assertThatThrownBy(() -> work.extend(leased.lease(), Duration.ofSeconds(90))).isInstanceOf(ConnectorException.class);

        String text = PrometheusText.write(metrics.registry.snapshot());
        assertThat(text).contains("odjc_polls_total{result=\"ok\"} 1\n").contains("odjc_polls_total{result=\"CLOUD-002\"} 1\n")
                .contains("odjc_leases_total 1\n").contains("odjc_lease_extensions_total{result=\"CLOUD-001\"} 1\n");
        assertThat(metrics.dispatcherReached()).as("a refused extension is an answer").isEqualTo(T0.plusSeconds(10));
    }
}
