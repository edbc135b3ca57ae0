package org.odjc.telemetry;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every event the service logs, with its permanent id and level. The id is what a monitoring rule
 * or the Windows Event Log keys on: never renumber one, never reuse a retired one. Listed in
 * {@code docs/events.md} (generated from here); a log line always starts {@code event=<name>}.
 */
public enum Event {
    // 1000: the service
    SERVICE_STARTED(1000, Level.INFO, "service-started", "The service started: connector id, domains, dispatcher."),
    SERVICE_STOPPED(1001, Level.INFO, "service-stopped", "The service stopped; drained=false names work left to recovery."),
    SERVICE_HALTED(1002, Level.ERROR, "service-halted", "A request failed with a HALT code about the connector itself (its journal, a bug), not about one domain: the service takes no work and retries after a back-off."),
    LOOP_FAILED(1003, Level.ERROR, "loop-failed", "A bug ended one turn of the service loop; the loop goes on after a back-off."),
    SERVICE_MANAGER(1004, Level.INFO, "service-manager", "The service runs under systemd (Type=notify): the notify socket and the watchdog period."),
    SERVICE_MANAGER_UNREACHABLE(1005, Level.WARNING, "service-manager-unreachable", "systemd's notify socket refused a message (READY, STATUS, WATCHDOG…); later failures are not logged."),
    SERVICE_NOT_STARTED(1006, Level.ERROR, "service-not-started", "The Windows service could not start (configuration, identity or journal), with the code; it stops without a restart loop."),
    SERVICE_STOP_SLOW(1007, Level.WARNING, "service-stop-slow", "Stopping the Windows service took longer than allowed; the service manager may end the process."),
    DOMAIN_HALTED(1008, Level.ERROR, "domain-halted", "A request of a domain failed with a HALT code (bind refused, DC unreachable, clock skew…): that domain takes no work until a retry after retryInMs; the other domains go on."),
    DOMAIN_LATCHED(1009, Level.ERROR, "domain-latched", "A request of a domain failed with a LATCH code (PROV-009: an account left behind): that domain takes no work, across restarts, until odjc halt clear."),
    CONFIG_RELOADED(1010, Level.INFO, "config-reloaded", "A changed configuration file was applied (changed lists the keys that changed; restartNeededFor what waits for a restart)."),
    CONFIG_REJECTED(1011, Level.WARNING, "config-rejected", "A changed configuration file is invalid: the last good one stays in force."),
    DOMAIN_RESUMED(1012, Level.INFO, "domain-resumed", "A paused domain takes work again: by=timer (its retry time came) or by=halt-clear (an admin cleared its latch)."),
    SECURITY_WARNING(1020, Level.WARNING, "security-warning", "A setting weakens security (an unverified LDAPS certificate, say)."),
    ADMIN_LISTENING(1030, Level.INFO, "admin-listening", "The local admin endpoint listens at the address given."),
    ADMIN_UNAVAILABLE(1031, Level.ERROR, "admin-unavailable", "The admin endpoint could not listen (ADMIN-001); the connector works on without it."),
    ADMIN_ERROR(1032, Level.ERROR, "admin-error", "The admin endpoint failed to answer a request (a bug)."),

    // 1100: requests
    REQUEST_RECEIVED(1100, Level.INFO, "request-received", "A join request was leased from the dispatcher."),
    ACCOUNT_CREATED(1101, Level.INFO, "account-created", "The computer account was created (or taken over) in AD: computer, DN, DC."),
    BLOB_REPORTED(1102, Level.INFO, "blob-reported", "The provisioning blob was handed to the dispatcher."),
    REQUEST_DONE(1103, Level.INFO, "request-done", "The request is closed with a result."),
    REQUEST_FAILED(1104, Level.WARNING, "request-failed", "The request is closed as failed, with its code."),
    REQUEST_ERROR(1105, Level.ERROR, "request-error", "Processing a request stopped on an error; recovery settles it."),
    LEASE_EXTEND_FAILED(1110, Level.WARNING, "lease-extend-failed", "A lease could not be extended; if it is lost, the report is refused and the account deleted."),
    LEASE_SURPLUS(1111, Level.WARNING, "lease-surplus", "The dispatcher leased more requests than asked; the surplus is handed back."),
    RECOVERY_FAILED(1112, Level.WARNING, "recovery-failed", "Settling requests left open by a crash failed; retried after a back-off."),
    REQUEST_HANDED_BACK(1113, Level.WARNING, "request-handed-back", "A request of a paused domain was leased before the pause took effect: reported failed with retryable=true and the pause's code, untried."),

    // 1200: the dispatcher, certificates and the proxy
    POLL_FAILED(1200, Level.WARNING, "poll-failed", "Asking the dispatcher for work failed; retried after a back-off."),
    HEARTBEAT_FAILED(1201, Level.WARNING, "heartbeat-failed", "The heartbeat to the dispatcher failed."),
    CERTIFICATE_RENEWED(1210, Level.INFO, "certificate-renewed", "The client certificate was renewed."),
    CERTIFICATE_RENEWAL_FAILED(1211, Level.WARNING, "certificate-renewal-failed", "Renewing the client certificate failed (CLOUD-008); the current one stays in use."),
    PROXY_SOURCE(1220, Level.INFO, "proxy-source", "With proxy: wpad, where the proxy decision now comes from (a PAC file, or direct)."),
    PROXY_DECISION(1221, Level.INFO, "proxy-decision", "With proxy: wpad, the PAC script's decision for a host."),
    PROXY_WPAD_FAILED(1222, Level.WARNING, "proxy-wpad-failed", "WPAD discovery or the PAC file failed; the last good script, or direct, applies."),

    // 1300: diagnostics
    DIAGNOSTICS_RUN(1300, Level.INFO, "diagnostics-run", "The periodic diagnostics ran: the worst verdict and how long it took."),
    DIAGNOSTICS_CHANGED(1301, Level.WARNING, "diagnostics-changed", "A diagnostics finding changed its verdict or code."),
    DIAGNOSTICS_ERROR(1302, Level.ERROR, "diagnostics-error", "A diagnostics run failed (a bug); the schedule goes on."),

    // 1400: the journal and cleanup
    JOURNAL_PRUNED(1400, Level.INFO, "journal-pruned", "Closed requests older than the retention left the journal."),
    JOURNAL_PRUNE_FAILED(1401, Level.WARNING, "journal-prune-failed", "Pruning the journal failed; retried the next day."),
    ACCOUNT_DISABLED(1410, Level.INFO, "account-disabled", "Cleanup disabled an account the connector made for a device that never joined."),
    ACCOUNT_DELETED(1411, Level.INFO, "account-deleted", "Cleanup deleted such an account after its grace period."),
    ACCOUNT_USED(1412, Level.INFO, "account-used", "Cleanup found the account used: recorded, never looked at again."),
    CLEANUP_FINISHED(1413, Level.INFO, "cleanup-finished", "A scheduled cleanup finished: how many accounts it disabled, deleted, kept."),
    CLEANUP_FAILED(1414, Level.WARNING, "cleanup-failed", "Cleanup could not handle an account or a domain (CLEANUP-001)."),
    ACCOUNT_FORGOTTEN(1415, Level.INFO, "account-forgotten", "Cleanup found an account gone from the directory; the journal stops watching it.");

    /** As syslog and the Windows Event Log grade them. */
    public enum Level { INFO, WARNING, ERROR }

    /** Informational events that also belong in the Windows Application log: the service's life, not each request's. */
    private static final java.util.Set<String> LIFECYCLE = java.util.Set.of("service-started", "service-stopped",
            "config-reloaded", "certificate-renewed", "admin-listening", "cleanup-finished", "journal-pruned");

    private static final Map<String, Event> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(Event::eventName, Function.identity()));

    private final int id;
    private final Level level;
    private final String eventName;
    private final String summary;

    Event(int id, Level level, String eventName, String summary) {
        this.id = id;
        this.level = level;
        this.eventName = eventName;
        this.summary = summary;
    }

    public int id() {
        return id;
    }

    public Level level() {
        return level;
    }

    /** What follows {@code event=} in a log line. */
    public String eventName() {
        return eventName;
    }

    public String summary() {
        return summary;
    }

    /** Whether the Windows service writes it to the Application log too: every warning and error, and the service's life. */
    public boolean eventLog() {
        return level != Level.INFO || LIFECYCLE.contains(eventName);
    }

    public static Optional<Event> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** The start of this event's log line; add fields with {@link EventLog#field}. */
    public String line() {
        return "event=" + eventName;
    }
}
