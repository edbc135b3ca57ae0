package org.odjc.host;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.odjc.failure.ConnectorException;
import org.odjc.telemetry.Event;
import org.odjc.telemetry.EventLog;

/**
 * The procrun {@code jvm}-mode contract, apart from procrun's static entry points: {@link #start}
 * builds the service and blocks on the calling thread until {@link #stop} (called from another
 * thread) has drained it and released its resources. Once started, the object is spent (procrun
 * makes a new JVM for each start). Thread-safe.
 */
public final class ServiceLifecycle {
    /** A running service: the loop, its graceful stop and its resources. {@link ConnectorHost} in production. */
    public interface Running {
        /** Runs the loop on the calling thread until {@link #stop()}. */
        void run();

        /** Stops the loop within the drain bound; whether in-flight work finished within it. */
        boolean stop() throws InterruptedException;

        /** Releases the journal and connections; called once, after {@link #run()} returned. */
        void close();
    }

    /** Builds the service from procrun's start parameters; fails with the code that keeps it from starting. */
    @FunctionalInterface
    public interface Launcher {
        Running launch(String[] args) throws ConnectorException;
    }

    /** How a {@link #start} call ended. */
    public enum Outcome {
        /** Ran and stopped on request. */
        STOPPED,
        /** Did not start: the configuration, identity or journal is unusable (logged with its code). */
        NOT_STARTED,
        /** A stop arrived before the service was built; nothing ran. */
        STOPPED_BEFORE_START
    }

    private final Launcher launcher;
    private final Duration stopWait;
    private final Consumer<String> log;
    private final Object lock = new Object();
    private final CountDownLatch finished = new CountDownLatch(1);
    /** Counted down once {@link #stop} has let the service drain. */
    private final CountDownLatch drained = new CountDownLatch(1);
    private boolean started;
    private boolean stopRequested;
    private Running running;

    /**
     * @param stopWait how long {@link #stop} waits for {@code start} to release everything after the
     *                 service's own drain; procrun's {@code --StopTimeout} must exceed drain plus this
     * @param log one structured line per event; never a secret
     */
    public ServiceLifecycle(Launcher launcher, Duration stopWait, Consumer<String> log) {
        this.launcher = Objects.requireNonNull(launcher, "launcher");
        this.stopWait = Objects.requireNonNull(stopWait, "stopWait");
        this.log = Objects.requireNonNull(log, "log");
    }

    /**
     * Builds and runs the service; returns only after a {@link #stop} (or when it cannot start).
     * A second call fails: procrun calls it once per JVM.
     */
    public Outcome start(String[] args) {
        synchronized (lock) {
            if (started) {
                throw new IllegalStateException("the service was already started in this JVM");
            }
            started = true;
        }
        try {
            Running r;
            try {
                r = launcher.launch(args);
            } catch (ConnectorException e) {
                // returning (not exiting) lets procrun report a clean stop: when the start method
                // returns, prunsrv.c's serviceMain destroys the JVM (waiting for non-daemon
                // threads) and reports SERVICE_STOPPED with the JVM's exit code, 0 here; the SCM's
                // recovery actions are for crashes, and a restart would not fix this
                log.accept(Event.SERVICE_NOT_STARTED.line() + " code=" + e.code().id()
                        + EventLog.field("detail", e.getMessage().replace('\n', ';')));
                return Outcome.NOT_STARTED;
            }
            synchronized (lock) {
                if (stopRequested) { // stop came while the host was being built: it must not run
                    r.close();
                    return Outcome.STOPPED_BEFORE_START;
                }
                running = r;
            }
            // the loop gets a thread of its own: ConnectorService.stop() waits for the loop's
            // thread to end, and this one lives on until the drain is over
            Thread loop = new Thread(r::run, "odjc-service-loop");
            loop.start();
            try {
                loop.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // not procrun's way to stop, but stop all the same
            } finally {
                awaitDrain(r);
                r.close();
            }
            return Outcome.STOPPED;
        } finally {
            finished.countDown();
        }
    }

    /**
     * The loop returns as soon as a stop begins, while requests may still be in flight and writing
     * the journal: closing waits for the stop's drain (or drains here when the loop ended by itself).
     */
    private void awaitDrain(Running r) {
        boolean stopping;
        synchronized (lock) {
            stopping = stopRequested;
        }
        try {
            if (stopping) {
                drained.await();
            } else {
                r.stop();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // close anyway: the JVM is ending
        }
    }

    /** Whether {@link #stop} has been called (for tests that time a stop against the build). */
    boolean stopRequested() {
        synchronized (lock) {
            return stopRequested;
        }
    }

    /** Whether {@link #start} has returned. */
    public boolean finished() {
        return finished.getCount() == 0;
    }

    /**
     * Stops the service gracefully: the service's drain, then waits up to {@code stopWait} for
     * {@code start} to close the journal and return. Safe before, during or after {@code start}.
     *
     * @return whether in-flight work drained and {@code start} returned in time
     */
    public boolean stop() throws InterruptedException {
        Running r;
        boolean wasStarted;
        synchronized (lock) {
            stopRequested = true;
            r = running;
            wasStarted = started;
        }
        boolean allDone;
        try {
            allDone = r == null || r.stop();
        } finally {
            drained.countDown();
        }
        if (!wasStarted) {
            return allDone; // start never came: nothing to wait for
        }
        boolean returned = finished.await(stopWait.toMillis(), TimeUnit.MILLISECONDS);
        if (!returned) {
            log.accept(Event.SERVICE_STOP_SLOW.line() + " waitedMs=" + stopWait.toMillis());
        }
        return allDone && returned;
    }
}
