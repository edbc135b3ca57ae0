package org.odjc.host;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.odjc.domain.DomainDnsName;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.Disposition;
import org.odjc.failure.FailureCode;
import org.odjc.provisioning.HaltLatches;
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
 *
 * <p>A request that ends with a HALT or LATCH code about its domain (its bind, DCs, directory)
 * pauses that domain only: polls leave it out, a lease of it that raced the pause is handed back
 * untried, and the other domains keep working. A HALT pause ends on a timer ({@code maxBackoff}),
 * when the next request of the domain shows whether the fault was fixed; a LATCH is written to
 * {@link HaltLatches} (the journal) and lasts, across restarts, until {@code odjc halt clear}, which
 * the loop notices on its next turn. A HALT code about the connector itself (its journal, a bug)
 * pauses the whole loop for a back-off.
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
    private final List<DomainDnsName> domains;
    private final HaltLatches latches;
    /** Domains paused by a HALT code until their retry time, by lower-case name. */
    private final Map<String, Pause> timed = new ConcurrentHashMap<>();
    /** The latches as last read; written by the loop and by workers that latch a domain. */
    private final Map<String, Pause> latched = new ConcurrentHashMap<>();
    /** Held while the latches are read into {@link #latched} and while a worker latches a domain. */
    private final Object latching = new Object();
    private final AtomicInteger working = new AtomicInteger();
    private final Clock clock;
    private volatile Thread loop;
    private int failuresInARow;

    /**
     * A domain that takes no work now.
     *
     * @param retryAt when a HALT pause ends; empty for a LATCH, which lasts until {@code odjc halt clear}
     * @param detail the failure's message, one line
     */
    public record Pause(DomainDnsName domain, FailureCode code, Instant since, Optional<Instant> retryAt, String detail) {
        public Pause {
            Objects.requireNonNull(domain, "domain");
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(since, "since");
            Objects.requireNonNull(retryAt, "retryAt");
            Objects.requireNonNull(detail, "detail");
        }

        public boolean latched() {
            return retryAt.isEmpty();
        }
    }

    /** Without served domains named (never all paused) and with latches kept in memory: for tests and tools. */
    public ConnectorService(WorkSource work, RequestProcessor processor, Settings settings, Sleeper sleeper,
            RandomGenerator random, Clock clock, Consumer<String> log) {
        this(work, processor, List.of(), HaltLatches.inMemory(), settings, sleeper, random, clock, log);
    }

    /**
     * @param domains the domains served; when every one is paused the loop waits instead of polling
     * @param latches where LATCH pauses are kept and cleared
     * @param log receives one structured line per event ({@code event=… code=… requestId=…}); no secrets
     */
    public ConnectorService(WorkSource work, RequestProcessor processor, List<DomainDnsName> domains,
            HaltLatches latches, Settings settings, Sleeper sleeper, RandomGenerator random, Clock clock,
            Consumer<String> log) {
        this.domains = List.copyOf(domains);
        this.latches = latches;
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
        refreshPauses(); // a latch from before a restart shows in health and readiness at once
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
        Set<DomainDnsName> paused;
        try {
            paused = refreshPauses();
        } catch (RuntimeException bug) {
            slots.release();
            throw bug;
        }
        if (allPaused(paused)) { // nothing to ask for: wait, then look again
            slots.release();
            sleeper.sleep(untilNextRetry());
            return;
        }
        int free = 1 + slots.drainPermits();
        List<LeasedRequest> leased;
        try {
            leased = work.poll(free, settings.pollWait(), paused);
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

    /**
     * Reads the latches (so an {@code odjc halt clear} takes effect), ends HALT pauses whose time has
     * come, and returns the domains paused now.
     */
    private Set<DomainDnsName> refreshPauses() {
        Instant now = clock.instant();
        synchronized (latching) {
            readLatches(now);
        }
        for (Pause p : List.copyOf(timed.values())) {
            if (!p.retryAt().orElseThrow().isAfter(now) && timed.remove(p.domain().lowerCase(), p)) {
                log.accept(Event.DOMAIN_RESUMED.line() + " domain=" + p.domain().lowerCase() + " code=" + p.code().id()
                        + " by=timer");
            }
        }
        Set<DomainDnsName> paused = new java.util.LinkedHashSet<>();
        pauses().forEach(p -> paused.add(p.domain()));
        return paused;
    }

    /** The latches as stored; a latch gone since the last read was cleared by an admin. */
    private void readLatches(Instant now) {
        try {
            Map<String, Pause> read = new java.util.HashMap<>();
            for (HaltLatches.Latch l : latches.latched()) {
                read.put(l.domain().lowerCase(), new Pause(l.domain(), l.code(), l.since(), Optional.empty(), l.detail()));
            }
            for (Pause gone : List.copyOf(latched.values())) {
                if (!read.containsKey(gone.domain().lowerCase())) {
                    log.accept(Event.DOMAIN_RESUMED.line() + " domain=" + gone.domain().lowerCase() + " code="
                            + gone.code().id() + " by=halt-clear");
                }
            }
            latched.keySet().retainAll(read.keySet());
            latched.putAll(read);
        } catch (ConnectorException e) { // the journal is away: keep the latches last read
            recentCodes.put(e.code(), now);
        }
    }

    /** Whether every served domain is in {@code paused}; never when the served domains are not named. */
    private boolean allPaused(java.util.Collection<DomainDnsName> paused) {
        Set<String> names = new java.util.HashSet<>();
        paused.forEach(d -> names.add(d.lowerCase()));
        return !domains.isEmpty() && domains.stream().allMatch(d -> names.contains(d.lowerCase()));
    }

    /** How long to wait when every domain is paused: up to the next retry, at most a long-poll's wait. */
    private Duration untilNextRetry() {
        Instant now = clock.instant();
        Duration wait = settings.pollWait();
        for (Pause p : timed.values()) {
            Duration d = Duration.between(now, p.retryAt().orElseThrow());
            if (d.compareTo(wait) < 0) {
                wait = d.isNegative() ? Duration.ZERO : d;
            }
        }
        return wait;
    }

    /** The domains paused now: latched ones, then those waiting for their retry, by name. */
    public List<Pause> pauses() {
        Map<String, Pause> all = new java.util.TreeMap<>(timed);
        all.putAll(latched);
        return List.copyOf(all.values());
    }

    private Optional<Pause> pauseOf(DomainDnsName domain) {
        return Optional.ofNullable(latched.get(domain.lowerCase())).or(() -> Optional.ofNullable(timed.get(domain.lowerCase())));
    }

    private void handle(LeasedRequest r) {
        working.incrementAndGet();
        try {
            Optional<Pause> pause = pauseOf(r.request().domain());
            if (pause.isPresent()) {
                handBack(r, pause.get());
            } else {
                work(r);
            }
        } finally {
            working.decrementAndGet();
        }
    }

    /** A lease of a paused domain that raced the pause: reported failed, retryable, with no directory write. */
    private void handBack(LeasedRequest r, Pause pause) {
        String id = r.request().id().value();
        try {
            processor.handBack(r.request(), r.lease(), new ConnectorException(pause.code(), pause.detail()));
            log.accept(Event.REQUEST_HANDED_BACK.line() + " requestId=" + id + " domain=" + pause.domain().lowerCase()
                    + " code=" + pause.code().id());
        } catch (ConnectorException | RuntimeException e) {
            FailureCode code = e instanceof ConnectorException c ? c.code() : FailureCode.CLI_INTERNAL;
            noteCode(code, Optional.empty(), "");
            log.accept(Event.REQUEST_ERROR.line() + " requestId=" + id + " code=" + code.id()
                    + org.odjc.telemetry.EventLog.field("detail", e.getMessage()));
        }
    }

    private void work(LeasedRequest r) {
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
            last.code().flatMap(FailureCode::byId)
                    .ifPresent(c -> noteCode(c, Optional.of(r.request().domain()), last.detail()));
        } catch (ConnectorException | RuntimeException e) {
            FailureCode code = e instanceof ConnectorException c ? c.code() : FailureCode.CLI_INTERNAL;
            noteCode(code, Optional.empty(), ""); // thrown, not a result: the journal or a bug, not the domain
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

    /**
     * A request of {@code domain} ended with {@code code}: remember it; a HALT or LATCH about the
     * domain pauses the domain, one about the connector itself pauses the loop for a back-off.
     */
    private void noteCode(FailureCode code, Optional<DomainDnsName> domain, String detail) {
        Instant now = clock.instant();
        recentCodes.put(code, now);
        Disposition d = code.disposition();
        if (d != Disposition.HALT && d != Disposition.LATCH) {
            return;
        }
        if (domain.isEmpty() || !concernsDomain(code)) {
            halted.set(code);
            return;
        }
        DomainDnsName dn = domain.get();
        String line = detail.replaceAll("[\\r\\n]+", " ");
        if (d == Disposition.LATCH) {
            synchronized (latching) { // stored before the loop reads the latches again
                try {
                    latches.latch(new HaltLatches.Latch(dn, code, now, line));
                    latched.putIfAbsent(dn.lowerCase(), new Pause(dn, code, now, Optional.empty(), line));
                    log.accept(Event.DOMAIN_LATCHED.line() + " domain=" + dn.lowerCase() + " code=" + code.id()
                            + org.odjc.telemetry.EventLog.field("detail", line));
                    return;
                } catch (ConnectorException e) { // the journal is away: paused on the timer instead
                    recentCodes.put(e.code(), now);
                    log.accept(Event.REQUEST_ERROR.line() + " code=" + e.code().id() + org.odjc.telemetry.EventLog.field(
                            "detail", "the latch of " + dn.lowerCase() + " was not stored; it is paused on the timer"));
                }
            }
        }
        Instant retryAt = now.plus(settings.maxBackoff());
        Pause before = timed.get(dn.lowerCase());
        timed.put(dn.lowerCase(), new Pause(dn, code, before == null ? now : before.since(), Optional.of(retryAt), line));
        log.accept(Event.DOMAIN_HALTED.line() + " domain=" + dn.lowerCase() + " code=" + code.id() + " retryInMs="
                + settings.maxBackoff().toMillis() + org.odjc.telemetry.EventLog.field("detail", line));
    }

    /**
     * Whether a code is about one domain (its DCs, bind, directory, provisioning there) rather than
     * about the connector (its journal, the dispatcher, a bug): only the former pause just the domain.
     */
    static boolean concernsDomain(FailureCode code) {
        String id = code.id();
        return id.startsWith("AD-") || id.startsWith("DC-") || id.startsWith("PROV-") || id.startsWith("DIAG-");
    }

    /** Failure codes seen within {@code codesKept}, and those of paused domains, for the heartbeat and readiness. */
    public List<String> recentCodes() {
        Instant since = clock.instant().minus(settings.codesKept());
        recentCodes.values().removeIf(at -> at.isBefore(since));
        Set<String> codes = new TreeSet<>();
        recentCodes.keySet().forEach(c -> codes.add(c.id()));
        pauses().forEach(p -> codes.add(p.code().id()));
        return List.copyOf(codes);
    }

    /**
     * {@code halted} when a domain is latched (an admin must act), every served domain is paused, or
     * a recent code about the connector itself needs an admin; {@code degraded} when a domain is
     * paused or a recent request failed; else {@code ok}.
     */
    public String health() {
        List<String> codes = recentCodes();
        List<Pause> pauses = pauses();
        if (pauses.stream().anyMatch(Pause::latched) || allPaused(pauses.stream().map(Pause::domain).toList())
                || codes.stream().map(FailureCode::byId).flatMap(Optional::stream)
                        .anyMatch(c -> c.disposition() == Disposition.HALT && !concernsDomain(c))) {
            return "halted";
        }
        return codes.isEmpty() ? "ok" : "degraded";
    }

    /** Requests being worked on now (not the workers a long-poll holds while it waits for work). */
    public int inFlight() {
        return working.get();
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
    /** Whether {@link #stop()} has begun (tests release in-flight work only then, instead of sleeping). */
    boolean stopping() {
        return stopping.get();
    }

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
