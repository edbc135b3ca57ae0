package org.odjc.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
import org.odjc.provisioning.HaltLatches;
import org.odjc.provisioning.JoinRequest;
import org.odjc.provisioning.JournalEntry;
import org.odjc.provisioning.Lease;
import org.odjc.provisioning.LeasedRequest;
import org.odjc.provisioning.NameRequest;
import org.odjc.provisioning.RequestId;
import org.odjc.provisioning.RequestProcessor;
import org.odjc.provisioning.RequestState;
import org.odjc.provisioning.WorkSource;
import org.odjc.testing.SettableClock;

class ConnectorServiceTest {
    static final Instant T = Instant.parse("2026-11-30T12:00:00Z");
    static final Duration MIN = Duration.ofMillis(100);
    static final Duration MAX = Duration.ofSeconds(5);
    static final String CORP = "corp.example.test";
    static final String OTHER = "other.example.test";

    final FakeWork work = new FakeWork();
    final FakeProcessor processor = new FakeProcessor(work);
    final SettableClock clock = new SettableClock(T);
    HaltLatches latches = HaltLatches.inMemory();
    final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
    final List<String> log = Collections.synchronizedList(new ArrayList<>());
    ConnectorService service;
    Thread loop;

    void start(int workers, Duration extendEvery, Duration drain) {
        start(workers, extendEvery, drain, List.of());
    }

    /** @param domains the served domains (none named: the service never finds them all paused) */
    void start(int workers, Duration extendEvery, Duration drain, List<String> domains) {
        service = new ConnectorService(work, processor, domains.stream().map(ConnectorServiceTest::domain).toList(), latches,
                new ConnectorService.Settings(workers, Duration.ofMillis(20), MIN, MAX, extendEvery, drain,
                        Duration.ofMinutes(5), Duration.ofSeconds(30)), sleeps::add, new SplittableRandom(1), clock,
                org.odjc.telemetry.EventLog.traced(log::add));
        loop = new Thread(service::run, "test-loop");
        loop.start();
    }

    /** Waits (spinning, without sleeping) until {@code condition} holds, for at most 5 s. */
    static void await(String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.onSpinWait();
        }
    }

    static DomainDnsName domain(String name) {
        try {
            return DomainDnsName.parse(name);
        } catch (ConnectorException e) {
            throw new IllegalArgumentException(e);
        }
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
        await("a failed extension is logged", () -> logged().stream().anyMatch(l -> l.startsWith("event=lease-extend-failed")));
        processor.release.countDown();
        await("the request's error is logged", () -> logged().stream().anyMatch(l -> l.startsWith("event=request-error")));

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

        ConnectorService stopped = service;
        Thread releaser = new Thread(() -> {
            await("stop() has begun", stopped::stopping); // the work is still in flight when stop() starts
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
    void aRequestWithoutRightsOnItsOuFailsAloneAndTheNextIsTakenWithoutAPause() throws Exception {
        processor.failWith.put("r-rights", "AD-002");
        work.queue.add(leased("r-rights"));
        work.queue.add(leased("r-next"));
        processor.expected = new CountDownLatch(2);
        processor.release.countDown();
        start(1, Duration.ofSeconds(10), Duration.ofSeconds(5));

        assertThat(processor.expected.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(processor.processed).containsExactly("r-rights", "r-next");
        assertThat(sleeps).as("no pause: the service keeps taking work").isEmpty();
        assertThat(logged()).noneMatch(l -> l.startsWith("event=service-halted"));
        assertThat(service.recentCodes()).containsExactly("AD-002");
        assertThat(service.health()).isEqualTo("degraded");
    }

    @Test
    void anOuWithoutRightsFailsItsRequestOnceNeverToBeLeasedAgainWhileOtherRequestsAndDomainsSucceed() throws Exception {
        processor.failWith.put("r-rights", "AD-002");
        work.queue.add(leased("r-rights", CORP, 1));
        work.queue.add(leased("r-other", OTHER, 1));
        work.queue.add(leased("r-corp", CORP, 1));
        processor.expected = new CountDownLatch(3);
        processor.release.countDown();
        start(1, Duration.ofSeconds(10), Duration.ofSeconds(5), List.of(CORP, OTHER));

        assertThat(processor.expected.await(5, TimeUnit.SECONDS)).isTrue();
        int polls = work.asked.size();
        await("three more polls", () -> work.asked.size() >= polls + 3);

        assertThat(work.reports).as("reported failed once, not retryable").containsExactly("r-rights AD-002 retryable=false");
        assertThat(work.queue).as("nothing handed back for another lease").isEmpty();
        assertThat(processor.processed).containsExactly("r-rights", "r-other", "r-corp");
        assertThat(service.pauses()).isEmpty();
        assertThat(work.pausedAsked).allMatch(Set::isEmpty);
        assertThat(logged()).noneMatch(l -> l.startsWith("event=service-halted") || l.startsWith("event=domain-halted"));
    }

    @Test
    void aBindFaultPausesOnlyItsDomainWhichIsTriedAgainWhenItsRetryTimeComes() throws Exception {
        processor.failWith.put("b-1", "AD-007");
        work.queue.add(leased("b-1", CORP, 1));
        processor.release.countDown();
        start(1, Duration.ofSeconds(10), Duration.ofSeconds(5), List.of(CORP, OTHER));
        await("corp paused", () -> logged().stream().anyMatch(l -> l.startsWith("event=domain-halted")));

        work.queue.add(leased("c-2", CORP, 1));
        work.queue.add(leased("o-1", OTHER, 1));
        await("the other domain's request done", () -> processor.processed.contains("o-1"));
        int polls = work.pausedAsked.size();
        await("two more polls", () -> work.pausedAsked.size() >= polls + 2);

        assertThat(work.reports).containsExactly("b-1 AD-007 retryable=true");
        assertThat(processor.processed).containsExactly("b-1", "o-1");
        assertThat(work.pausedAsked.get(work.pausedAsked.size() - 1)).containsExactly(CORP);
        ConnectorService.Pause pause = service.pauses().get(0);
        assertThat(pause.domain().lowerCase()).isEqualTo(CORP);
        assertThat(pause.code()).isEqualTo(FailureCode.AD_BIND_INVALID);
        assertThat(pause.retryAt()).contains(T.plus(MAX));
        assertThat(service.health()).isEqualTo("degraded");
        assertThat(service.recentCodes()).containsExactly("AD-007");
        assertThat(sleeps).as("the loop did not pause: only the domain did").isEmpty();
        assertThat(logged()).anyMatch(l -> l.startsWith("event=domain-halted domain=corp.example.test code=AD-007 retryInMs=5000"));

        clock.advance(MAX);
        await("corp's requests done after the retry time", () -> processor.processed.containsAll(List.of("b-1", "c-2"))
                && processor.processed.size() == 4);
        assertThat(processor.processed).containsExactlyInAnyOrder("b-1", "o-1", "b-1", "c-2");
        assertThat(service.pauses()).isEmpty();
        assertThat(logged()).contains("event=domain-resumed domain=corp.example.test code=AD-007 by=timer");
    }

    @Test
    void whenEveryDomainIsPausedTheLoopWaitsForTheRetryInsteadOfPolling() throws Exception {
        processor.failWith.put("b-1", "DC-007");
        work.queue.add(leased("b-1", CORP, 1));
        processor.release.countDown();
        start(1, Duration.ofSeconds(10), Duration.ofSeconds(5), List.of(CORP));
        await("a wait", () -> !sleeps.isEmpty());
        int polls = work.asked.size();
        await("more waits", () -> sleeps.size() > 3);

        assertThat(work.asked).as("no poll with nothing to ask for").hasSize(polls);
        assertThat(sleeps.get(0)).isEqualTo(Duration.ofMillis(20)).as("a long-poll's wait: the retry is further away");
        assertThat(service.health()).isEqualTo("halted");
    }

    @Test
    void aLatchedDomainStaysPausedAcrossARestartUntilHaltClearAndTheOtherDomainKeepsWorking() throws Exception {
        processor.failWith.put("l-1", "PROV-009");
        work.queue.add(leased("l-1", CORP, 1));
        processor.release.countDown();
        start(1, Duration.ofSeconds(10), Duration.ofSeconds(5), List.of(CORP, OTHER));
        await("corp latched", () -> logged().stream().anyMatch(l -> l.startsWith("event=domain-latched")));
        assertThat(latches.latched()).extracting(l -> l.domain().lowerCase() + " " + l.code().id())
                .containsExactly("corp.example.test PROV-009");
        assertThat(logged()).anyMatch(l -> l.startsWith("event=domain-latched domain=corp.example.test code=PROV-009"));
        service.stop();
        work.queue.clear(); // the handed-back l-1: the dispatcher keeps it queued

        work.queue.add(leased("c-1", CORP, 1));
        work.queue.add(leased("o-1", OTHER, 1));
        start(1, Duration.ofSeconds(10), Duration.ofSeconds(5), List.of(CORP, OTHER)); // a restart
        await("the other domain's request done", () -> processor.processed.contains("o-1"));
        clock.advance(Duration.ofHours(1)); // a latch has no timer
        int polls = work.pausedAsked.size();
        await("two more polls", () -> work.pausedAsked.size() >= polls + 2);
        assertThat(processor.processed).containsExactly("l-1", "o-1");
        assertThat(service.pauses()).singleElement().satisfies(p -> {
            assertThat(p.latched()).isTrue();
            assertThat(p.since()).isEqualTo(T);
        });
        assertThat(service.health()).isEqualTo("halted");

        latches.clear(Optional.of(domain(CORP)));
        await("corp's request done", () -> processor.processed.contains("c-1"));
        assertThat(service.pauses()).isEmpty();
        assertThat(logged()).contains("event=domain-resumed domain=corp.example.test code=PROV-009 by=halt-clear");
    }

    @Test
    void aLatchKeptInTheJournalOutlivesTheProcessAndAClearThroughAnotherConnectionResumesTheDomain(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("journal.db");
        try (org.odjc.journal.SqliteJoinJournal journal = org.odjc.journal.SqliteJoinJournal.open(file)) {
            processor.failWith.put("l-1", "PROV-009");
            work.queue.add(leased("l-1", CORP, 1));
            processor.release.countDown();
            service = new ConnectorService(work, processor, List.of(domain(CORP), domain(OTHER)), journal,
                    new ConnectorService.Settings(1, Duration.ofMillis(20), MIN, MAX, Duration.ofSeconds(10),
                            Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofSeconds(30)), sleeps::add,
                    new SplittableRandom(1), clock, org.odjc.telemetry.EventLog.traced(log::add));
            loop = new Thread(service::run, "test-loop");
            loop.start();
            await("corp latched", () -> logged().stream().anyMatch(l -> l.startsWith("event=domain-latched")));
            service.stop();
            service = null;
        }
        work.queue.clear();

        try (org.odjc.journal.SqliteJoinJournal reopened = org.odjc.journal.SqliteJoinJournal.open(file);
                org.odjc.journal.SqliteJoinJournal admin = org.odjc.journal.SqliteJoinJournal.open(file)) {
            work.queue.add(leased("c-1", CORP, 1));
            service = new ConnectorService(work, processor, List.of(domain(CORP), domain(OTHER)), reopened,
                    new ConnectorService.Settings(1, Duration.ofMillis(20), MIN, MAX, Duration.ofSeconds(10),
                            Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofSeconds(30)), sleeps::add,
                    new SplittableRandom(1), clock, org.odjc.telemetry.EventLog.traced(log::add));
            assertThat(service.pauses()).as("latched from the start").extracting(p -> p.code().id()).containsExactly("PROV-009");
            loop = new Thread(service::run, "test-loop");
            loop.start();
            int polls = work.pausedAsked.size();
            await("two polls", () -> work.pausedAsked.size() >= polls + 2);
            assertThat(processor.processed).containsExactly("l-1");

            assertThat(admin.clear(Optional.of(domain(CORP)))).hasSize(1); // what odjc halt clear does, in its own process
            await("corp's request done", () -> processor.processed.contains("c-1"));
            service.stop();
            service = null;
        }
    }

    @Test
    void aLatchThatCannotBeStoredPausesTheDomainOnTheTimerInstead() throws Exception {
        HaltLatches memory = latches;
        latches = new HaltLatches() {
            @Override
            public List<Latch> latched() throws ConnectorException {
                return memory.latched();
            }

            @Override
            public void latch(Latch latch) throws ConnectorException {
                throw new ConnectorException(FailureCode.JOURNAL_UNAVAILABLE, "disk full");
            }

            @Override
            public List<Latch> clear(Optional<DomainDnsName> domain) throws ConnectorException {
                return memory.clear(domain);
            }
        };
        processor.failWith.put("l-1", "PROV-009");
        work.queue.add(leased("l-1", CORP, 1));
        processor.release.countDown();
        start(1, Duration.ofSeconds(10), Duration.ofSeconds(5), List.of(CORP, OTHER));
        await("corp paused", () -> logged().stream().anyMatch(l -> l.startsWith("event=domain-halted")));

        assertThat(service.pauses()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo(FailureCode.PROV_ORPHAN_LEFT);
            assertThat(p.retryAt()).contains(T.plus(MAX));
        });
        assertThat(logged()).anyMatch(l -> l.startsWith("event=request-error code=JOURNAL-001"))
                .noneMatch(l -> l.startsWith("event=domain-latched"));
    }

    @Test
    void aLeaseOfAPausedDomainGrantedBeforeThePauseIsHandedBackUntried() throws Exception {
        processor.failWith.put("b-1", "AD-008");
        work.queue.add(leased("b-1", CORP, 1));
        processor.release.countDown();
        start(1, Duration.ofSeconds(10), Duration.ofSeconds(5), List.of(CORP, OTHER));
        await("corp paused", () -> logged().stream().anyMatch(l -> l.startsWith("event=domain-halted")));

        work.leaseDespitePause = "raced";
        work.queue.add(leased("raced", CORP, 1));
        await("handed back", () -> logged().stream().anyMatch(l -> l.startsWith("event=request-handed-back")));

        assertThat(processor.handedBack).containsExactly("raced AD-008");
        assertThat(processor.processed).containsExactly("b-1");
        assertThat(work.reports).contains("raced AD-008 retryable=true");
        assertThat(logged()).anyMatch(l -> l.equals("event=request-handed-back requestId=raced domain=corp.example.test code=AD-008"));
    }

    @Test
    void aJournalFaultIsTheConnectorsNotADomainsAndPausesAllWorkForABackOff() throws Exception {
        work.queue.add(leased("journal-1", CORP, 1));
        work.queue.add(leased("o-1", OTHER, 1));
        processor.expected = new CountDownLatch(2);
        processor.release.countDown();
        start(1, Duration.ofSeconds(10), Duration.ofSeconds(5), List.of(CORP, OTHER));

        assertThat(processor.expected.await(5, TimeUnit.SECONDS)).as("work resumes after the back-off").isTrue();
        assertThat(logged()).anyMatch(l -> l.startsWith("event=service-halted code=JOURNAL-001 retryInMs="));
        assertThat(sleeps).hasSize(1);
        assertThat(service.pauses()).as("no domain is blamed").isEmpty();
        assertThat(service.health()).isEqualTo("halted");
    }

    @Test
    void anIdleServiceCountsNoRequestInFlightWhileItsLongPollHoldsTheWorkers() throws Exception {
        work.holdPoll = new CountDownLatch(1);
        start(3, Duration.ofSeconds(10), Duration.ofSeconds(5));
        assertThat(work.inPoll.await(5, TimeUnit.SECONDS)).isTrue();

        assertThat(service.inFlight()).isZero();
        work.holdPoll.countDown();
    }

    @Test
    void oneRequestInProcessCountsAsOneInFlight() throws Exception {
        work.queue.add(leased("busy"));
        start(3, Duration.ofSeconds(10), Duration.ofSeconds(5));
        assertThat(processor.started.await(5, TimeUnit.SECONDS)).isTrue();
        work.holdPoll = new CountDownLatch(1); // the next poll stays in its wait while we look
        work.inPoll = new CountDownLatch(1);
        assertThat(work.inPoll.await(5, TimeUnit.SECONDS)).isTrue();

        assertThat(service.inFlight()).isEqualTo(1);
        work.holdPoll.countDown();
        processor.release.countDown();
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
        return leased(id, CORP, 1);
    }

    private static LeasedRequest leased(String id, String domain, long token) {
        try {
            RequestId rid = new RequestId(id);
            return new LeasedRequest(new JoinRequest(rid, DomainDnsName.parse(domain), Optional.empty(),
                    NameRequest.Prefix.parse("AP"), "device"), new Lease(rid, token, T));
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
        /** When set, a poll signals {@link #inPoll} and waits for it: the long-poll's wait, held open. */
        volatile CountDownLatch holdPoll;
        volatile CountDownLatch inPoll = new CountDownLatch(1);

        /** The paused domains each poll left out, lower-case. */
        final List<Set<String>> pausedAsked = Collections.synchronizedList(new ArrayList<>());
        /** Results reported: {@code id code retryable=…}, as the dispatcher received them. */
        final List<String> reports = Collections.synchronizedList(new ArrayList<>());
        /** Leases this request once although its domain is paused, as a lease granted just before the pause is. */
        volatile String leaseDespitePause;

        /** The dispatcher's side of a failed result: a retryable one is queued again under the next token. */
        void report(LeasedRequest r, FailureCode code, boolean retryable) {
            reports.add(r.request().id().value() + " " + code.id() + " retryable=" + retryable);
            if (retryable) {
                queue.add(new LeasedRequest(r.request(), new Lease(r.request().id(), r.lease().fencingToken() + 1, T)));
            }
        }

        @Override
        public List<LeasedRequest> poll(int max, Duration wait, Set<DomainDnsName> paused) throws ConnectorException {
            Set<String> skip = new java.util.TreeSet<>();
            paused.forEach(d -> skip.add(d.lowerCase()));
            pausedAsked.add(skip);
            CountDownLatch hold = holdPoll;
            if (hold != null) {
                inPoll.countDown();
                try {
                    hold.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ConnectorException(FailureCode.CLOUD_UNREACHABLE, "interrupted");
                }
            }
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
                long until = System.nanoTime() + wait.toNanos(); // the long-poll's wait
                while (out.isEmpty() && System.nanoTime() < until) {
                    LeasedRequest first = queue.poll(1, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    List<LeasedRequest> candidates = new ArrayList<>(List.of(first));
                    queue.drainTo(candidates);
                    for (LeasedRequest c : candidates) { // the dispatcher leases only the domains asked for
                        boolean pausedOne = skip.contains(c.request().domain().lowerCase());
                        boolean despite = pausedOne && c.request().id().value().equals(leaseDespitePause);
                        if (out.size() < max && (!pausedOne || despite)) {
                            leaseDespitePause = despite ? null : leaseDespitePause; // once: handed back, it waits
                            out.add(c);
                        } else {
                            queue.add(c);
                        }
                    }
                    if (out.isEmpty()) {
                        Thread.onSpinWait();
                    }
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
        final FakeWork dispatcher;
        final List<String> processed = Collections.synchronizedList(new ArrayList<>());
        final List<String> handedBack = Collections.synchronizedList(new ArrayList<>());
        final List<String> unknownFate = Collections.synchronizedList(new ArrayList<>());
        final java.util.Map<String, String> failWith = new java.util.concurrent.ConcurrentHashMap<>();
        final AtomicInteger recoveries = new AtomicInteger();
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch done = new CountDownLatch(7);
        volatile CountDownLatch expected = new CountDownLatch(0);
        volatile int recoverFailures;

        FakeProcessor(FakeWork dispatcher) {
            this.dispatcher = dispatcher;
        }

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
            if (request.id().value().startsWith("journal")) {
                throw new ConnectorException(FailureCode.JOURNAL_UNAVAILABLE, "disk full");
            }
            String code = failWith.remove(request.id().value()); // fails once: a later lease succeeds
            if (code != null) { // reported as JoinWorkflow reports it: retryable as the code's disposition says
                FailureCode c = FailureCode.byId(code).orElseThrow();
                dispatcher.report(new LeasedRequest(request, lease), c, c.disposition().retryable());
                return JournalEntry.received(request, lease.fencingToken(), T).withCode(code)
                        .next(RequestState.FAILED, "failed with " + code, T);
            }
            RequestState state = unknownFate.contains(request.id().value()) ? RequestState.ACCOUNT_CREATED
                    : RequestState.DONE;
            return JournalEntry.received(request, lease.fencingToken(), T).next(state, "", T);
        }

        @Override
        public JournalEntry handBack(JoinRequest request, Lease lease, ConnectorException why) {
            handedBack.add(request.id().value() + " " + why.code().id());
            dispatcher.report(new LeasedRequest(request, lease), why.code(), true);
            return JournalEntry.received(request, lease.fencingToken(), T).withCode(why.code().id())
                    .next(RequestState.FAILED, "handed back", T);
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
