package org.odjc.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

/** The procrun jvm-mode contract: start blocks, stop from another thread drains, and start has returned by then. */
class ServiceLifecycleTest {
    final List<String> log = Collections.synchronizedList(new ArrayList<>());
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());

    /** Runs until stopped; records the order of run, stop and close. */
    class FakeRunning implements ServiceLifecycle.Running {
        final CountDownLatch running = new CountDownLatch(1);
        final CountDownLatch stopped = new CountDownLatch(1);

        @Override
        public void run() {
            calls.add("run");
            running.countDown();
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            calls.add("run-returned");
        }

        @Override
        public boolean stop() {
            calls.add("stop");
            stopped.countDown();
            return true;
        }

        @Override
        public void close() {
            calls.add("close");
        }
    }

    @Test
    void startBlocksUntilStopIsCalledFromAnotherThreadAndStopReturnsOnlyAfterStartHasClosedTheService() throws Exception {
        FakeRunning service = new FakeRunning();
        ServiceLifecycle lifecycle = new ServiceLifecycle(args -> service, Duration.ofSeconds(5), org.odjc.telemetry.EventLog.traced(log::add));
        CompletableFuture<ServiceLifecycle.Outcome> start = CompletableFuture.supplyAsync(() -> lifecycle.start(new String[0]));

        assertThat(service.running.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(start).as("start blocks while the service runs").isNotDone();
        assertThat(lifecycle.finished()).isFalse();

        assertThat(lifecycle.stop()).isTrue();
        assertThat(lifecycle.finished()).isTrue();
        assertThat(calls).containsExactly("run", "stop", "run-returned", "close");
        assertThat(start.get(5, TimeUnit.SECONDS)).isEqualTo(ServiceLifecycle.Outcome.STOPPED);
    }

    @Test
    void theServiceIsClosedOnlyAfterTheStopsDrainEvenThoughItsLoopReturnsAsTheStopBegins() throws Exception {
        CountDownLatch loopReturned = new CountDownLatch(1);
        FakeRunning service = new FakeRunning() {
            @Override
            public void run() {
                super.run();
                loopReturned.countDown();
            }

            @Override
            public boolean stop() {
                super.stop(); // the loop returns now; a request in flight still writes the journal
                try {
                    loopReturned.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                calls.add("drained");
                return true;
            }
        };
        ServiceLifecycle lifecycle = new ServiceLifecycle(args -> service, Duration.ofSeconds(5), org.odjc.telemetry.EventLog.traced(log::add));
        CompletableFuture<ServiceLifecycle.Outcome> start = CompletableFuture.supplyAsync(() -> lifecycle.start(new String[0]));
        assertThat(service.running.await(5, TimeUnit.SECONDS)).isTrue();

        assertThat(lifecycle.stop()).isTrue();
        assertThat(start.get(5, TimeUnit.SECONDS)).isEqualTo(ServiceLifecycle.Outcome.STOPPED);
        assertThat(calls).containsExactly("run", "stop", "run-returned", "drained", "close");
    }

    @Test
    void theLoopRunsOnAThreadOfItsOwnSoAStopThatWaitsForThatThreadToEndIsNotHeldUp() throws Exception {
        FakeRunning service = new FakeRunning() {
            volatile Thread runner;

            @Override
            public void run() {
                runner = Thread.currentThread();
                super.run();
            }

            @Override
            public boolean stop() {
                super.stop();
                try {
                    runner.join(10_000); // what ConnectorService.stop() does with its loop's thread
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                calls.add(runner.isAlive() ? "loop-thread-alive" : "loop-thread-ended");
                return true;
            }
        };
        ServiceLifecycle lifecycle = new ServiceLifecycle(args -> service, Duration.ofSeconds(5), org.odjc.telemetry.EventLog.traced(log::add));
        CompletableFuture<ServiceLifecycle.Outcome> start = CompletableFuture.supplyAsync(() -> lifecycle.start(new String[0]));
        assertThat(service.running.await(5, TimeUnit.SECONDS)).isTrue();

        assertThat(lifecycle.stop()).isTrue();
        assertThat(calls).containsExactly("run", "stop", "run-returned", "loop-thread-ended", "close");
        assertThat(start.get(5, TimeUnit.SECONDS)).isEqualTo(ServiceLifecycle.Outcome.STOPPED);
    }

    @Test
    void aLoopThatEndsWithoutAStopIsDrainedBeforeItIsClosed() throws Exception {
        FakeRunning service = new FakeRunning();
        service.stopped.countDown(); // the loop ends by itself
        ServiceLifecycle lifecycle = new ServiceLifecycle(args -> service, Duration.ofSeconds(5), org.odjc.telemetry.EventLog.traced(log::add));

        assertThat(lifecycle.start(new String[0])).isEqualTo(ServiceLifecycle.Outcome.STOPPED);
        assertThat(calls).containsExactly("run", "run-returned", "stop", "close");
    }

    @Test
    void aServiceThatCannotStartMakesStartReturnAtOnceWithItsCodeLogged() throws Exception {
        ServiceLifecycle lifecycle = new ServiceLifecycle(args -> {
            throw new ConnectorException(FailureCode.CONFIG_INVALID, "domains[0].name: missing");
        }, Duration.ofSeconds(5), org.odjc.telemetry.EventLog.traced(log::add));

        assertThat(lifecycle.start(new String[0])).isEqualTo(ServiceLifecycle.Outcome.NOT_STARTED);
        assertThat(log).singleElement().asString().startsWith("event=service-not-started code=CONFIG-001 detail=\"");
        assertThat(lifecycle.stop()).as("procrun may still send its stop").isTrue();
    }

    @Test
    void aStopThatArrivesWhileTheServiceIsBeingBuiltKeepsItFromRunning() throws Exception {
        CountDownLatch building = new CountDownLatch(1);
        CountDownLatch stopSent = new CountDownLatch(1);
        FakeRunning service = new FakeRunning();
        ServiceLifecycle lifecycle = new ServiceLifecycle(args -> {
            building.countDown();
            try {
                stopSent.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return service;
        }, Duration.ofSeconds(5), org.odjc.telemetry.EventLog.traced(log::add));
        CompletableFuture<ServiceLifecycle.Outcome> start = CompletableFuture.supplyAsync(() -> lifecycle.start(new String[0]));
        assertThat(building.await(5, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Boolean> stop = CompletableFuture.supplyAsync(() -> {
            try {
                return lifecycle.stop();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        while (!lifecycle.stopRequested()) {
            Thread.onSpinWait();
        }
        stopSent.countDown();

        assertThat(start.get(5, TimeUnit.SECONDS)).isEqualTo(ServiceLifecycle.Outcome.STOPPED_BEFORE_START);
        assertThat(stop.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(calls).containsExactly("close");
    }

    @Test
    void aStartThatDoesNotReturnWithinTheWaitMakesStopReportItAndReturnAnyway() throws Exception {
        CountDownLatch closeMayFinish = new CountDownLatch(1);
        FakeRunning service = new FakeRunning() {
            @Override
            public void close() {
                try {
                    closeMayFinish.await(5, TimeUnit.SECONDS); // a journal that takes too long to close
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        ServiceLifecycle lifecycle = new ServiceLifecycle(args -> service, Duration.ofMillis(50), org.odjc.telemetry.EventLog.traced(log::add));
        CompletableFuture<ServiceLifecycle.Outcome> start = CompletableFuture.supplyAsync(() -> lifecycle.start(new String[0]));
        assertThat(service.running.await(5, TimeUnit.SECONDS)).isTrue();

        assertThat(lifecycle.stop()).isFalse();
        assertThat(log).contains("event=service-stop-slow waitedMs=50");
        closeMayFinish.countDown();
        assertThat(start.get(5, TimeUnit.SECONDS)).isEqualTo(ServiceLifecycle.Outcome.STOPPED);
    }

    @Test
    void aLifecycleStartsOnlyOnce() throws Exception {
        ServiceLifecycle lifecycle = new ServiceLifecycle(args -> {
            throw new ConnectorException(FailureCode.CONFIG_UNREADABLE, "no file");
        }, Duration.ofSeconds(5), org.odjc.telemetry.EventLog.traced(log::add));
        lifecycle.start(new String[0]);

        assertThatThrownBy(() -> lifecycle.start(new String[0])).isInstanceOf(IllegalStateException.class);
    }
}
