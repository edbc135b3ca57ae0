package org.odjc.host;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.Disposition;
import org.odjc.failure.FailureCode;
import org.odjc.provisioning.JournalEntry;
import org.odjc.provisioning.LeasedRequest;
import org.odjc.provisioning.RequestProcessor;
import org.odjc.provisioning.RequestState;
import org.odjc.provisioning.WorkSource;
import org.odjc.telemetry.Event;

/**
 * The connector's main loop: recover what a crash left open, then long-poll for as many requests
 * as there are free workers and process each on a bounded pool, extending its lease while it runs.
 * When the dispatcher (or the journal) is away it backs off, exponentially with full jitter, and
 * keeps going: the process stays up. A report whose fate was unknown makes the next turn recover
 * again. {@link #stop()} stops polling, lets in-flight work finish within the drain bound and
 * leaves the rest to their leases. Not restartable.
 */
public final class ConnectorService {
    /** Waits; the production one is {@code Thread::sleep}, tests record and return. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /**
     * @param workers requests processed at once (each holds one LDAP connection)
     * @param pollWait how long one long-poll may wait for work
     * @param extendEvery how often a lease in work is extended, and by {@code 3 x extendEvery}
     * @param drain how long {@link #stop()} waits for in-flight work
     * @param codesKept how long a failure code counts towards {@link #health()}
     * @param heartbeatEvery how often the host tells the dispatcher how it is
     */
    public record Settings(int workers, Duration pollWait, Duration minBackoff, Duration maxBackoff, Duration extendEvery,
            Duration drain, Duration codesKept, Duration heartbeatEvery) {
        public Settings {
            if (workers < 1 || workers > 64) {
                throw new IllegalArgumentException("workers: 1-64, not " + workers);
            }
            Objects.requireNonNull(pollWait, "pollWait");
            Objects.requireNonNull(minBackoff, "minBackoff");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
            Objects.requireNonNull(extendEvery, "extendEvery");
            Objects.requireNonNull(drain, "drain");
            Objects.requireNonNull(codesKept, "codesKept");
            Objects.requireNonNull(heartbeatEvery, "heartbeatEvery");
        }
    }

    private final WorkSource work;
    private final RequestProcessor processor;
    private final Settings settings;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final Consumer<String> log;
    private final ExecutorService pool;
    private final ScheduledExecutorService extender;
    private final Semaphore slots;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicBoolean recoveryNeeded = new AtomicBoolean(true);
    private final AtomicReference<FailureCode> halted = new AtomicReference<>();
    private final Map<FailureCode, Instant> recentCodes = new ConcurrentHashMap<>();
    private final Clock clock;
    private volatile Thread loop;
    private int failuresInARow;

    /** @param log receives one structured line per event ({@code event=… code=… requestId=…}); no secrets */
    public ConnectorService(WorkSource work, RequestProcessor processor, Settings settings, Sleeper sleeper,
            RandomGenerator random, Clock clock, Consumer<String> log) {
        this.clock = clock;
        this.work = work;
        this.processor = processor;
        this.settings = settings;
        this.sleeper = sleeper;
        this.random = random;
        this.log = log;
        this.pool = Executors.newFixedThreadPool(settings.workers(), daemon("odjc-worker"));
        this.extender = Executors.newSingleThreadScheduledExecutor(daemon("odjc-lease-extender"));
        this.slots = new Semaphore(settings.workers());
    }

    /** Runs the loop on the calling thread until {@link #stop()}. */
    public void run() {
        loop = Thread.currentThread();
        try {
            while (!stopping.get()) {
                try {
                    turn();
                } catch (RuntimeException bug) { // the loop outlives a bug in one turn; the log shows it
                    backOff(Event.LOOP_FAILED, new ConnectorException(FailureCode.CLI_INTERNAL, bug.toString(), bug));
                }
            }
        } catch (InterruptedException e) {
            if (!stopping.get()) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void turn() throws InterruptedException {
        if (recoveryNeeded.getAndSet(false)) {
            try {
                processor.recover();
                failuresInARow = 0;
            } catch (ConnectorException e) {
                recoveryNeeded.set(true);
                backOff(Event.RECOVERY_FAILED, e);
                return;
            }
        }
        slots.acquire();
        // checked once a worker is free, i.e. after the request that failed has finished
        FailureCode halt = halted.getAndSet(null);
        if (halt != null) { // stop taking work for a while: each request would fail the same way
            slots.release();
            backOff(Event.SERVICE_HALTED, new ConnectorException(halt, "a request failed with a code only an admin can fix"));
            return;
        }
        int free = 1 + slots.drainPermits();
        List<LeasedRequest> leased;
        try {
            leased = work.poll(free, settings.pollWait());
            failuresInARow = 0;
        } catch (ConnectorException e) {
            slots.release(free);
            if (!stopping.get()) { // a stop interrupts the long-poll: not a failure
                backOff(Event.POLL_FAILED, e);
            }
            return;
        } catch (RuntimeException bug) {
            slots.release(free); // the loop goes on after the bug: the slots must go on with it
            throw bug;
        }
        if (leased.size() > free) { // the port's adapter refuses surplus leases; never take more than the slots
            log.accept(Event.LEASE_SURPLUS.line() + " asked=" + free + " got=" + leased.size());
            leased = leased.subList(0, free);
        }
        slots.release(free - leased.size());
        for (LeasedRequest r : leased) {
            pool.execute(() -> {
                try {
                    handle(r);
                } finally {
                    slots.release();
                }
            });
        }
    }

    private void handle(LeasedRequest r) {
        String id = r.request().id().value();
        log.accept(Event.REQUEST_RECEIVED.line() + " requestId=" + id + " token=" + r.lease().fencingToken());
        long every = settings.extendEvery().toMillis();
        ScheduledFuture<?> extending = extender.scheduleAtFixedRate(() -> extend(r), every, every, TimeUnit.MILLISECONDS);
        try {
            JournalEntry last = processor.process(r.request(), r.lease());
            if (last.state() == RequestState.ACCOUNT_CREATED) {
                recoveryNeeded.set(true); // the report's fate is unknown: ask the dispatcher next turn
            }
            if (last.state() == RequestState.DONE || last.state() == RequestState.FAILED) {
                log.accept((last.state() == RequestState.DONE ? Event.REQUEST_DONE : Event.REQUEST_FAILED).line()
                        + " requestId=" + id + last.code().map(c -> " code=" + c).orElse(""));
            }
            last.code().flatMap(FailureCode::byId).ifPresent(this::noteCode);
        } catch (ConnectorException | RuntimeException e) {
            FailureCode code = e instanceof ConnectorException c ? c.code() : FailureCode.CLI_INTERNAL;
            noteCode(code);
            log.accept(Event.REQUEST_ERROR.line() + " requestId=" + id + " code=" + code.id() + org.odjc.telemetry.EventLog.field("detail", e.getMessage()));
        } finally {
            extending.cancel(false);
        }
    }

    private void extend(LeasedRequest r) {
        try {
            work.extend(r.lease(), settings.extendEvery().multipliedBy(3));
        } catch (ConnectorException e) {
            // lost: the report will be refused and the workflow deletes the account; unknown: try again next tick
            log.accept(Event.LEASE_EXTEND_FAILED.line() + " requestId=" + r.request().id() + " code=" + e.code().id());
        }
    }

    /** A request ended with {@code code}: remember it, and pause taking work when only an admin can fix it. */
    private void noteCode(FailureCode code) {
        recentCodes.put(code, clock.instant());
        if (code.disposition() == Disposition.HALT) {
            halted.set(code);
        }
    }

    /** Failure codes seen within {@code codesKept}, for the heartbeat and readiness. */
    public List<String> recentCodes() {
        Instant since = clock.instant().minus(settings.codesKept());
        recentCodes.values().removeIf(at -> at.isBefore(since));
        return recentCodes.keySet().stream().map(FailureCode::id).sorted().toList();
    }

    /** {@code halted} when a recent code needs an admin, {@code degraded} when one is transient, else {@code ok}. */
    public String health() {
        List<String> codes = recentCodes();
        if (codes.stream().map(FailureCode::byId).flatMap(Optional::stream)
                .anyMatch(c -> c.disposition() == Disposition.HALT)) {
            return "halted";
        }
        return codes.isEmpty() ? "ok" : "degraded";
    }

    /** Requests being worked on now. */
    public int inFlight() {
        return settings.workers() - slots.availablePermits();
    }

    /** Exponential back-off with full jitter (a uniform draw below the cap), so connectors do not stampede. */
    private void backOff(Event what, ConnectorException e) throws InterruptedException {
        recentCodes.put(e.code(), clock.instant()); // for health only: the back-off itself is the pause
        failuresInARow++;
        long cap = Math.min(settings.maxBackoff().toMillis(),
                settings.minBackoff().toMillis() << Math.min(failuresInARow - 1, 20));
        Duration wait = Duration.ofMillis(settings.minBackoff().toMillis()
                + random.nextLong(Math.max(1, cap - settings.minBackoff().toMillis() + 1)));
        log.accept(what.line() + " code=" + e.code().id() + " retryInMs=" + wait.toMillis()
                + org.odjc.telemetry.EventLog.field("detail", e.getMessage()));
        sleeper.sleep(wait);
    }

    /**
     * Stops polling, waits up to the drain bound for in-flight requests, then returns; what is
     * still running keeps its journal state and its lease simply runs out.
     *
     * @return whether everything in flight finished within the bound
     */
    public boolean stop() throws InterruptedException {
        stopping.set(true);
        Thread t = loop;
        if (t != null) {
            t.interrupt(); // a long-poll in progress is abandoned; its leases (if any came) run out
            t.join(settings.drain().toMillis());
        }
        pool.shutdown();
        boolean drained = pool.awaitTermination(settings.drain().toMillis(), TimeUnit.MILLISECONDS);
        extender.shutdownNow();
        if (!drained) {
            pool.shutdownNow();
        }
        log.accept(Event.SERVICE_STOPPED.line() + " drained=" + drained);
        return drained;
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
