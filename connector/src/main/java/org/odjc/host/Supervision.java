package org.odjc.host;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.odjc.failure.ConnectorException;
import org.odjc.platform.ServiceNotifier;
import org.odjc.telemetry.Event;
import org.odjc.telemetry.EventLog;

/**
 * What {@code odjc run} tells its service manager: {@code READY=1} once the loop takes work, a
 * status line every {@link #STATUS_EVERY}, {@code STOPPING=1} when the drain begins, and the
 * watchdog ping at the interval the manager asked for, but only while the service loop's thread
 * lives: a JVM whose loop died (or that is frozen) stops pinging, and systemd restarts it.
 * Without a service manager every call does nothing. Thread-safe.
 */
public final class Supervision implements AutoCloseable {
    static final Duration STATUS_EVERY = Duration.ofSeconds(30);

    private final ServiceNotifier notifier;
    private final Consumer<String> log;
    private final ScheduledExecutorService timer;
    private final AtomicBoolean undeliveredLogged = new AtomicBoolean();

    Supervision(ServiceNotifier notifier, Consumer<String> log) {
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.log = Objects.requireNonNull(log, "log");
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "odjc-supervision");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The supervision the environment asks for ({@code NOTIFY_SOCKET}, {@code WATCHDOG_USEC},
     * {@code WATCHDOG_PID}); fails with {@code SYSTEMD-001} when they are malformed.
     */
    public static Supervision fromEnvironment(Map<String, String> environment, long pid, Consumer<String> log)
            throws ConnectorException {
        ServiceNotifier notifier = ServiceNotifier.fromEnvironment(environment, pid);
        if (notifier.active()) {
            log.accept(Event.SERVICE_MANAGER.line() + EventLog.field("notify", notifier) + " watchdogEveryMs="
                    + notifier.watchdogInterval().map(Duration::toMillis).map(String::valueOf).orElse("none"));
        }
        return new Supervision(notifier, log);
    }

    /**
     * Start-up is over: {@code READY=1} with {@code status}, then the status line and the watchdog
     * on their timers.
     *
     * @param loopAlive whether the thread running the service loop still runs
     */
    public void ready(Supplier<String> status, BooleanSupplier loopAlive) {
        delivered(notifier.ready(status.get()), "READY");
        if (!notifier.active()) {
            return;
        }
        timer.scheduleWithFixedDelay(() -> delivered(notifier.status(status.get()), "STATUS"),
                STATUS_EVERY.toMillis(), STATUS_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        notifier.watchdogInterval().ifPresent(every -> timer.scheduleAtFixedRate(() -> feedWatchdog(loopAlive),
                0, every.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** One watchdog tick: {@code WATCHDOG=1} if the loop lives, else nothing, and systemd's timeout acts. */
    void feedWatchdog(BooleanSupplier loopAlive) {
        if (loopAlive.getAsBoolean()) {
            delivered(notifier.watchdog(), "WATCHDOG");
        }
    }

    /** The graceful stop has begun. */
    public void stopping() {
        delivered(notifier.stopping("stopping: draining requests in flight"), "STOPPING");
    }

    /** The service cannot start: the code and its summary show in {@code systemctl status}. */
    public void notStarted(ConnectorException why) {
        delivered(notifier.status("not started: " + why.code().id() + " " + why.code().summary()), "STATUS");
    }

    /** Logs the first undelivered message only: the socket being gone is one fact, not one per ping. */
    private void delivered(boolean ok, String what) {
        if (!ok && undeliveredLogged.compareAndSet(false, true)) {
            log.accept(Event.SERVICE_MANAGER_UNREACHABLE.line() + " message=" + what
                    + EventLog.field("detail", "the notify socket did not take it; later failures are not logged"));
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
