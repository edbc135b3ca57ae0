package org.odjc.host;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.provisioning.Directory;
import org.odjc.provisioning.DirectorySession;
import org.odjc.provisioning.JoinJournal;
import org.odjc.provisioning.JoinRequest;
import org.odjc.provisioning.JournalEntry;
import org.odjc.provisioning.Lease;
import org.odjc.provisioning.LeasedRequest;
import org.odjc.provisioning.RequestId;
import org.odjc.provisioning.RequestProcessor;
import org.odjc.provisioning.RequestState;
import org.odjc.provisioning.WorkSource;
import org.odjc.telemetry.MetricsRegistry;

/**
 * The service's metrics, counted at the ports the use case already goes through (journal,
 * dispatcher, directory), so the core stays free of instrumentation: each {@code observe…}
 * method wraps a port and counts what passes. Latencies come from the journal entries' own
 * timestamps (the workflow's injected clock). Thread-safe.
 */
final class ServiceMetrics {
    /** Seconds: an LDAP add and a blob take a fraction of one; a slow DC or a retry takes tens. */
    static final double[] LATENCY_BUCKETS = {0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120};

    final MetricsRegistry registry = new MetricsRegistry();
    private final MetricsRegistry.Counter requests = registry.counter("odjc_requests_total",
            "Requests the connector finished, by journal outcome (done, failed) and failure code (empty when none).",
            "outcome", "code");
    private final MetricsRegistry.Histogram provisioning = registry.histogram("odjc_request_provisioning_seconds",
            "Time from receiving a request to its computer account created and blob built.", LATENCY_BUCKETS);
    private final MetricsRegistry.Histogram endToEnd = registry.histogram("odjc_request_duration_seconds",
            "Time from receiving a request to its end in the journal (result reported or failure), by outcome.",
            LATENCY_BUCKETS, "outcome");
    private final MetricsRegistry.Counter errors = registry.counter("odjc_request_errors_total",
            "Requests whose processing stopped before an outcome was journaled (e.g. the journal failing), by failure "
                    + "code; they are settled later by recovery or by their lease running out.", "code");
    private final MetricsRegistry.Counter ldap = registry.counter("odjc_ldap_operations_total",
            "LDAP operations by DC, operation (bind is opening a session) and result (success or the failure code).",
            "dc", "operation", "result");
    private final MetricsRegistry.Counter polls = registry.counter("odjc_polls_total",
            "Long-polls to the dispatcher, by result (ok or the failure code).", "result");
    private final MetricsRegistry.Counter leases = registry.counter("odjc_leases_total",
            "Requests leased from the dispatcher.");
    private final MetricsRegistry.Counter extensions = registry.counter("odjc_lease_extensions_total",
            "Lease extensions, by result (ok or the failure code; CLOUD-001 is a lease lost).", "result");

    private final Clock clock;
    private final Map<RequestId, Instant> received = new ConcurrentHashMap<>();
    private final AtomicReference<Instant> dispatcherReached = new AtomicReference<>();
    private final AtomicReference<Optional<FailureCode>> dispatcherLast = new AtomicReference<>();

    ServiceMetrics(Clock clock) {
        this.clock = clock;
    }

    /** When the dispatcher last answered anything (a poll, an extension, a heartbeat); null before it has. */
    Instant dispatcherReached() {
        return dispatcherReached.get();
    }

    /** How the last exchange with the dispatcher ended: empty when it answered; null before any ended. */
    Optional<FailureCode> dispatcherLastFailure() {
        return dispatcherLast.get();
    }

    void dispatcherAnswered() {
        dispatcherReached.set(clock.instant());
        dispatcherLast.set(Optional.empty());
    }

    void dispatcherFailed(FailureCode code) {
        dispatcherLast.set(Optional.of(code));
    }

    JoinJournal observe(JoinJournal journal) {
        return JournalTap.tap(journal, this::recorded);
    }

    /** A journaled state change: the start, the account, or the end of a request. */
    private void recorded(JournalEntry e) {
        RequestId id = e.request().id();
        switch (e.state()) {
            case RECEIVED -> received.put(id, e.at());
            case ACCOUNT_CREATED -> {
                Instant at = received.get(id);
                if (at != null) {
                    provisioning.observe(seconds(at, e.at()));
                }
            }
            case DONE, FAILED -> {
                String outcome = e.state().name().toLowerCase();
                requests.inc(outcome, e.state() == RequestState.FAILED ? e.code().orElse("") : "");
                Instant at = received.remove(id); // absent when recovery closes a request from before a restart
                if (at != null) {
                    endToEnd.observe(seconds(at, e.at()), outcome);
                }
            }
            default -> {
            }
        }
    }

    /** Counts a request whose processing threw: its outcome is not in the journal, so the journal cannot count it. */
    RequestProcessor observe(RequestProcessor processor) {
        return new RequestProcessor() {
            @Override
            public JournalEntry process(JoinRequest request, Lease lease) throws ConnectorException {
                try {
                    return processor.process(request, lease);
                } catch (ConnectorException e) {
                    errors.inc(e.code().id());
                    throw e;
                } catch (RuntimeException e) {
                    errors.inc(FailureCode.CLI_INTERNAL.id());
                    throw e;
                }
            }

            @Override
            public JournalEntry handBack(JoinRequest request, Lease lease, ConnectorException why) throws ConnectorException {
                return processor.handBack(request, lease, why);
            }

            @Override
            public void recover() throws ConnectorException {
                processor.recover();
            }
        };
    }

    WorkSource observe(WorkSource work) {
        return new WorkSource() {
            @Override
            public List<LeasedRequest> poll(int max, Duration wait, java.util.Set<org.odjc.domain.DomainDnsName> paused)
                    throws ConnectorException {
                try {
                    List<LeasedRequest> got = work.poll(max, wait, paused);
                    polls.inc("ok");
                    leases.add(got.size());
                    dispatcherAnswered();
                    return got;
                } catch (ConnectorException e) {
                    polls.inc(e.code().id());
                    dispatcherFailed(e.code());
                    throw e;
                }
            }

            @Override
            public Instant extend(Lease lease, Duration by) throws ConnectorException {
                try {
                    Instant until = work.extend(lease, by);
                    extensions.inc("ok");
                    dispatcherAnswered();
                    return until;
                } catch (ConnectorException e) {
                    extensions.inc(e.code().id());
                    if (e.code() != FailureCode.CLOUD_LEASE_LOST) { // a refusal is an answer
                        dispatcherFailed(e.code());
                    } else {
                        dispatcherAnswered();
                    }
                    throw e;
                }
            }
        };
    }

    /** Counts the session's opening as {@code bind} and every operation on it by its method name. */
    Directory observe(Directory directory) {
        return dc -> {
            String host = dc.hostName().lowerCase();
            DirectorySession session;
            try {
                session = directory.open(dc);
            } catch (ConnectorException e) {
                ldap.inc(host, "bind", e.code().id());
                throw e;
            }
            ldap.inc(host, "bind", "success");
            return counted(session, host);
        };
    }

    private DirectorySession counted(DirectorySession session, String host) {
        return (DirectorySession) Proxy.newProxyInstance(DirectorySession.class.getClassLoader(),
                new Class<?>[] {DirectorySession.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class || method.getName().equals("close")) {
                        try {
                            return method.invoke(session, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    }
                    try {
                        Object result = method.invoke(session, args);
                        ldap.inc(host, method.getName(), "success");
                        return result;
                    } catch (InvocationTargetException e) {
                        Throwable cause = e.getCause();
                        ldap.inc(host, method.getName(), cause instanceof ConnectorException c ? c.code().id()
                                : FailureCode.CLI_INTERNAL.id());
                        throw cause;
                    }
                });
    }

    private static double seconds(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toNanos() / 1e9);
    }
}
