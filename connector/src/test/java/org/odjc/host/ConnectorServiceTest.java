package org.odjc.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.odjc.domain.DomainDnsName;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.provisioning.JoinRequest;
import org.odjc.provisioning.JournalEntry;
import org.odjc.provisioning.Lease;
import org.odjc.provisioning.LeasedRequest;
import org.odjc.provisioning.NameRequest;
import org.odjc.provisioning.RequestId;
import org.odjc.provisioning.RequestProcessor;
import org.odjc.provisioning.RequestState;
import org.odjc.provisioning.WorkSource;

class ConnectorServiceTest {
    static final Instant T = Instant.parse("2026-11-30T12:00:00Z");
    static final Duration MIN = Duration.ofMillis(100);
    static final Duration MAX = Duration.ofSeconds(5);

    final FakeWork work = new FakeWork();
    final FakeProcessor processor = new FakeProcessor();
    final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
    final List<String> log = Collections.synchronizedList(new ArrayList<>());
    ConnectorService service;
    Thread loop;

    void start(int workers, Duration extendEvery, Duration drain) {
        service = new ConnectorService(work, processor, new ConnectorService.Settings(workers, Duration.ofMillis(20), MIN,
                MAX, extendEvery, drain, Duration.ofMinutes(5), Duration.ofSeconds(30)), sleeps::add, new SplittableRandom(1),
                java.time.Clock.fixed(T, java.time.ZoneOffset.UTC), org.odjc.telemetry.EventLog.traced(log::add));
        loop = new Thread(service::run, "test-loop");
        loop.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (service != null) {
            processor.release.countDown();
            service.stop();
        }
    }

    @Test
    void everyLeasedRequestIsProcessedAndNoMoreAreAskedForThanWorkersAreFree() throws Exception {
        for (int i = 0; i < 7; i++) {
            work.queue.add(leased("r" + i));
        }
        processor.release.countDown();
        start(2, Duration.ofSeconds(10), Duration.ofSeconds(5));

        assertThat(processor.done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(processor.processed).containsExactlyInAnyOrder("r0", "r1", "r2", "r3", "r4", "r5", "r6");
        assertThat(work.asked).allMatch(max -> max >= 1 && max <= 2);
        assertThat(processor.recoveries.get()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aDispatcherOutageBacksOffWithJitteredWaitsThatGrowToTheCapThenResumes() throws Exception {
        for (int i = 0; i < 12; i++) {
            work.failures.add(new ConnectorException(FailureCode.CLOUD_UNREACHABLE, "connection refused"));
        }
        work.queue.add(leased("after"));
        processor.expected = new CountDownLatch(1);
        processor.release.countDown();
        start(1, Duration.ofSeconds(10), Duration.ofSeconds(5));

        assertThat(processor.expected.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(sleeps).hasSize(12);
        for (int n = 1; n <= 12; n++) {
            long cap = Math.min(MAX.toMillis(), MIN.toMillis() << (n - 1));
            assertThat(sleeps.get(n - 1).toMillis()).as("wait %d", n).isBetween(MIN.toMillis(), cap);
        }
        assertThat(sleeps.subList(8, 12)).as("late waits may reach far beyond the first")
                .anyMatch(d -> d.toMillis() > 4 * MIN.toMillis());
        assertThat(logged()).anyMatch(l -> l.startsWith("event=poll-failed code=CLOUD-002 retryInMs="));
    }

    @Test
    void recoveryComesFirstIsRetriedUntilItWorksAndRunsAgainAfterAReportOfUnknownFate() throws Exception {
        processor.recoverFailures = 2;
        processor.unknownFate.add("r-unknown");
        work.queue.add(leased("r-unknown"));
        processor.expected = new CountDownLatch(1);
        processor.release.countDown();
        start(1, Duration.ofSeconds(10), Duration.ofSeconds(5));

        assertThat(processor.expected.await(5, TimeUnit.SECONDS)).isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (processor.recoveries.get() < 4 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(processor.recoveries.get()).as("2 failed, 1 at start, 1 after the unknown report").isEqualTo(4);
        assertThat(sleeps).hasSize(2);
        assertThat(work.asked).isNotEmpty();
    }

    @Test
    void aBugInOneTurnIsLoggedAsLoopFailedAndTheLoopGoesOn() throws Exception {
        work.bug = new IllegalStateException("a bug");
        work.queue.add(leased("after-bug"));
        processor.expected = new CountDownLatch(1);
        processor.release.countDown();
        start(1, Duration.ofSeconds(10), Duration.ofSeconds(5));

        assertThat(processor.expected.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(logged()).anyMatch(l -> l.startsWith("event=loop-failed code=CLI-001 ") && l.contains("a bug"));
    }

    @Test
    void leasesBeyondTheFreeSlotsAreLoggedAsSurplusAndOnlyTheFreeOnesAreWorkedOn() throws Exception {
        for (int i = 0; i < 3; i++) {
            work.queue.add(leased("s" + i));
        }
        work.surplus = true;
        processor.expected = new CountDownLatch(1);
        processor.release.countDown();
        start(1, Duration.ofSeconds(10), Duration.ofSeconds(5));

        assertThat(processor.expected.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(logged()).anyMatch(l -> l.equals("event=lease-surplus asked=1 got=3"));
        assertThat(processor.processed).containsExactly("s0");
    }

    @Test
    void aProcessingErrorAndAFailedLeaseExtensionAreLoggedWithTheRequestAndCode() throws Exception {
        work.extendFails = true;
        work.queue.add(leased("throws-1"));
        start(1, Duration.ofMillis(20), Duration.ofSeconds(5));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (logged().stream().noneMatch(l -> l.startsWith("event=lease-extend-failed")) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        processor.release.countDown();
        while (logged().stream().noneMatch(l -> l.startsWith("event=request-error")) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }

        assertThat(logged()).anyMatch(l -> l.equals("event=lease-extend-failed requestId=throws-1 code=CLOUD-002"))
                .anyMatch(l -> l.startsWith("event=request-error requestId=throws-1 code=AD-006"));
    }

    @Test
    void leasesAreExtendedWhileTheirRequestIsWorkedOn() throws Exception {
        work.queue.add(leased("slow"));
        start(1, Duration.ofMillis(20), Duration.ofSeconds(5));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (work.extensions.get() < 3 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(work.extensions.get()).isGreaterThanOrEqualTo(3);
        assertThat(work.extendedBy).isEqualTo(Duration.ofMillis(60));
        processor.release.countDown();
    }

    @Test
    void stopLetsInFlightWorkFinishWithinTheDrainBound() throws Exception {
        work.queue.add(leased("in-flight"));
        start(1, Duration.ofSeconds(10), Duration.ofSeconds(5));
        assertThat(processor.started.await(5, TimeUnit.SECONDS)).isTrue();

        Thread releaser = new Thread(() -> {
            try {
                Thread.sleep(100); // lets stop() begin waiting first
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            processor.release.countDown();
        });
        releaser.start();
        boolean drained = service.stop();
        service = null;

        assertThat(drained).isTrue();
        assertThat(processor.processed).containsExactly("in-flight");
        loop.join(1000);
        assertThat(loop.isAlive()).isFalse();
    }

    @Test
    void workThatOutlastsTheDrainBoundIsLeftToItsLease() throws Exception {
        work.queue.add(leased("stuck"));
        start(1, Duration.ofSeconds(10), Duration.ofMillis(200));
        assertThat(processor.started.await(5, TimeUnit.SECONDS)).isTrue();

        assertThat(service.stop()).isFalse();
        service = null;
        assertThat(logged()).contains("event=service-stopped drained=false");
    }

    @Test
    void aFailureOnlyAnAdminCanFixPausesTakingWorkOnceAndShowsAsHalted() throws Exception {
        processor.failWith.put("r-rights", "AD-002");
        work.queue.add(leased("r-rights"));
        work.queue.add(leased("r-next"));
        processor.expected = new CountDownLatch(2);
        processor.release.countDown();
        start(1, Duration.ofSeconds(10), Duration.ofSeconds(5));

        assertThat(processor.expected.await(5, TimeUnit.SECONDS)).as("work resumes after the pause").isTrue();
        assertThat(logged()).anyMatch(l -> l.startsWith("event=service-halted code=AD-002 retryInMs="));
        assertThat(service.recentCodes()).containsExactly("AD-002");
        assertThat(service.health()).isEqualTo("halted");
    }

    @Test
    void aDispatcherOutageShowsAsDegradedNotHalted() throws Exception {
        work.failures.add(new ConnectorException(FailureCode.CLOUD_UNREACHABLE, "connection refused"));
        work.queue.add(leased("r1"));
        processor.expected = new CountDownLatch(1);
        processor.release.countDown();
        start(1, Duration.ofSeconds(10), Duration.ofSeconds(5));

        assertThat(processor.expected.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(service.health()).isEqualTo("degraded");
        assertThat(service.recentCodes()).containsExactly("CLOUD-002");
    }

    /** A copy: workers append to the log while assertions read it. */
    private List<String> logged() {
        synchronized (log) {
            return new ArrayList<>(log);
        }
    }

    private static LeasedRequest leased(String id) {
        try {
            RequestId rid = new RequestId(id);
            return new LeasedRequest(new JoinRequest(rid, DomainDnsName.parse("corp.example.test"), Optional.empty(),
                    NameRequest.Prefix.parse("AP"), "device"), new Lease(rid, 1, T));
        } catch (ConnectorException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static final class FakeWork implements WorkSource {
        final BlockingQueue<LeasedRequest> queue = new LinkedBlockingQueue<>();
        final List<ConnectorException> failures = Collections.synchronizedList(new ArrayList<>());
        final List<Integer> asked = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger extensions = new AtomicInteger();
        volatile Duration extendedBy;
        volatile RuntimeException bug;
        volatile boolean surplus;
        volatile boolean extendFails;

        @Override
        public List<LeasedRequest> poll(int max, Duration wait) throws ConnectorException {
            RuntimeException b = bug;
            if (b != null) {
                bug = null;
                throw b;
            }
            if (!failures.isEmpty()) {
                throw failures.remove(0);
            }
            if (surplus && queue.size() > max) {
                surplus = false;
                List<LeasedRequest> all = new ArrayList<>();
                queue.drainTo(all);
                return all; // more than asked: a misbehaving dispatcher
            }
            asked.add(max);
            List<LeasedRequest> out = new ArrayList<>();
            try {
                LeasedRequest first = queue.poll(wait.toMillis(), TimeUnit.MILLISECONDS); // the long-poll's wait
                if (first != null) {
                    out.add(first);
                    queue.drainTo(out, max - 1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectorException(FailureCode.CLOUD_UNREACHABLE, "interrupted");
            }
            return out;
        }

        @Override
        public Instant extend(Lease lease, Duration by) throws ConnectorException {
            if (extendFails) {
                throw new ConnectorException(FailureCode.CLOUD_UNREACHABLE, "dispatcher away");
            }
            extensions.incrementAndGet();
            extendedBy = by;
            return T.plus(by);
        }
    }

    static final class FakeProcessor implements RequestProcessor {
        final List<String> processed = Collections.synchronizedList(new ArrayList<>());
        final List<String> unknownFate = Collections.synchronizedList(new ArrayList<>());
        final java.util.Map<String, String> failWith = new java.util.concurrent.ConcurrentHashMap<>();
        final AtomicInteger recoveries = new AtomicInteger();
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch done = new CountDownLatch(7);
        volatile CountDownLatch expected = new CountDownLatch(0);
        volatile int recoverFailures;

        @Override
        public JournalEntry process(JoinRequest request, Lease lease) throws ConnectorException {
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            processed.add(request.id().value());
            done.countDown();
            expected.countDown();
            if (request.id().value().startsWith("throws")) {
                throw new ConnectorException(FailureCode.AD_DC_UNREACHABLE, "the DC went away");
            }
            String code = failWith.get(request.id().value());
            if (code != null) {
                return JournalEntry.received(request, lease.fencingToken(), T).withCode(code)
                        .next(RequestState.FAILED, "", T);
            }
            RequestState state = unknownFate.contains(request.id().value()) ? RequestState.ACCOUNT_CREATED
                    : RequestState.DONE;
            return JournalEntry.received(request, lease.fencingToken(), T).next(state, "", T);
        }

        @Override
        public synchronized void recover() throws ConnectorException {
            recoveries.incrementAndGet();
            if (recoverFailures > 0) {
                recoverFailures--;
                throw new ConnectorException(FailureCode.CLOUD_UNREACHABLE, "dispatcher away");
            }
        }
    }
}
