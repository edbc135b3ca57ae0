package org.odjc.host;

import java.io.IOException;
import java.net.ProxySelector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.odjc.cloud.EnrolledIdentity;
import org.odjc.cloud.Enrollment;
import org.odjc.cloud.HttpCloudChannel;
import org.odjc.cloud.Wire;
import org.odjc.config.ConnectorConfig;
import org.odjc.domain.DomainDnsName;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.http.AdminServer;
import org.odjc.journal.SqliteJoinJournal;
import org.odjc.ldap.LdapDirectory;
import org.odjc.provisioning.AccountCleanup.Action;
import org.odjc.provisioning.ComputerProvisioner;
import org.odjc.provisioning.DcLocator;
import org.odjc.provisioning.Directory;
import org.odjc.provisioning.JoinWorkflow;
import org.odjc.telemetry.Event;
import org.odjc.telemetry.EventLog;

/**
 * The composition root of {@code odjc run}: per configured domain a locator (its DNS servers) and
 * an LDAP directory (its bind), behind the single ports the use case takes; the SQLite journal in
 * the state directory; the HTTPS channel with the enrolled identity; and the service loop. The
 * only place that wires adapters together.
 */
public final class ConnectorHost implements AutoCloseable {
    static final Duration HTTP_TIMEOUT = Duration.ofSeconds(30);

    static final Duration RELOAD_EVERY = Duration.ofSeconds(2);
    /** How often the certificate's remaining lifetime is looked at; it renews in its last third. */
    static final Duration RENEWAL_CHECK_EVERY = Duration.ofHours(1);
    /** The diagnostics run at start and this often; each takes about a second per domain. */
    static final Duration DIAGNOSE_EVERY = Duration.ofMinutes(10);
    /** The journal is pruned to its retention at start and this often. */
    static final Duration PRUNE_EVERY = Duration.ofHours(24);
    /** A scheduled cleanup's first run waits this long: a service restarted in a loop must not hammer the DC. */
    static final Duration CLEANUP_FIRST_AFTER = Duration.ofMinutes(15);

    private final ConnectorService service;
    private final SqliteJoinJournal journal;
    private final List<LdapDirectory> directories;
    private final ScheduledExecutorService watcher;
    private final ScheduledExecutorService checks;
    private final ScheduledExecutorService probes;
    private final Optional<AdminServer> admin;

    private ConnectorHost(ConnectorService service, SqliteJoinJournal journal, List<LdapDirectory> directories,
            ScheduledExecutorService watcher, ScheduledExecutorService checks, ScheduledExecutorService probes,
            Optional<AdminServer> admin) {
        this.service = service;
        this.journal = journal;
        this.directories = directories;
        this.watcher = watcher;
        this.checks = checks;
        this.probes = probes;
        this.admin = admin;
    }

    /**
     * Builds everything the configuration describes. Fails with a HALT code when the service
     * cannot start at all (no service section, no usable identity, no journal).
     *
     * @param configFile where {@code config} was read from; watched for edits (hot reload)
     * @param environment where bind passwords named by {@code passwordEnv} are looked up
     * @param log one structured line per event; never a secret
     */
    public static ConnectorHost start(Path configFile, ConnectorConfig config, Map<String, String> environment,
            ConnectorService.Settings loop, Consumer<String> log) throws ConnectorException {
        return start(configFile, config, environment, loop, log, DomainWiring.STANDARD);
    }

    /** As above, with the domains' DCs found and reached through {@code wiring}. */
    public static ConnectorHost start(Path configFile, ConnectorConfig config, Map<String, String> environment,
            ConnectorService.Settings loop, Consumer<String> untraced, DomainWiring wiring) throws ConnectorException {
        Consumer<String> log = EventLog.traced(untraced);
        ConnectorConfig.Service s = config.service().orElseThrow(() -> new ConnectorException(FailureCode.CONFIG_INVALID,
                "odjc run needs a service: section (dispatcher, identity, stateDirectory)"));
        EnrolledIdentity identity = EnrolledIdentity.load(s.identity(), HostSecrets.protectedFiles());
        SecretFilePermissions.processUid().ifPresent(uid -> SecretFilePermissions.exposed(config, uid)
                .forEach(securityWarnings(log)));
        Path journalFile = stateDirectory(s.stateDirectory()).resolve("journal.db");
        SqliteJoinJournal journal = SqliteJoinJournal.open(journalFile);
        ServiceMetrics metrics = new ServiceMetrics(Clock.systemUTC());

        Map<String, DcLocator> locators = new HashMap<>();
        Map<String, LdapDirectory> directories = new HashMap<>();
        ConfigReloader reloader = new ConfigReloader(configFile, config);
        for (ConnectorConfig.Domain d : config.domains()) {
            String key = d.name().lowerCase();
            locators.put(key, wiring.locator(d));
            directories.put(key, wiring.directory(d, environment,
                    securityWarnings(log), s.workers()));
        }
        DcLocator locator = (domain, explicit) -> served(locators, domain).locate(domain, explicit);
        Directory directory = metrics.observe((Directory) dc -> served(directories, dc.domainName()).open(dc));
        ComputerProvisioner provisioner = new ComputerProvisioner(locator, directory, new SecureRandom());

        java.net.ProxySelector proxies = Proxies.selector(config, Clock.systemUTC(), log);
        HttpCloudChannel cloud = new HttpCloudChannel(s.dispatcher(), identity.connectorId(), identity.tls(),
                proxies, HTTP_TIMEOUT);
        JoinWorkflow workflow = new JoinWorkflow(provisioner, JournalEvents.observe(metrics.observe(journal), log), cloud, identity.connectorId(),
                reloader::policy, Clock.systemUTC());
        List<String> domains = config.domains().stream().map(d -> d.name().value()).toList();
        ConnectorService service = new ConnectorService(metrics.observe(cloud.forDomains(domains)), metrics.observe(workflow),
                config.domains().stream().map(ConnectorConfig.Domain::name).toList(), journal, loop, d -> Thread.sleep(d.toMillis()), new SplittableRandom(), Clock.systemUTC(), log);
        log.accept(Event.SERVICE_STARTED.line() + " connectorId=" + identity.connectorId() + " domains=" + domains
                + " dispatcher=" + s.dispatcher());
        ScheduledExecutorService watcher = Executors
                .newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "odjc-config-watcher");
                    t.setDaemon(true);
                    return t;
                });
        DiagnosticsMonitor monitor = new DiagnosticsMonitor(() -> new Diagnostics(reloader.current(), environment,
                Clock.systemUTC()), Clock.systemUTC(), log);
        ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "odjc-diagnostics");
            t.setDaemon(true);
            return t;
        });
        // an applied reload runs the diagnostics again at once: the status page and the heartbeat
        // show the new allow-list's checks, not the old one's until the next scheduled run
        Runnable rediagnose = wiring.diagnosable() ? () -> checks.execute(monitor::runOnce) : () -> { };
        watcher.scheduleWithFixedDelay(() -> reloaded(reloader.reload(), log, rediagnose), RELOAD_EVERY.toMillis(),
                RELOAD_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        if (wiring.diagnosable()) {
            checks.scheduleWithFixedDelay(monitor::runOnce, 0, DIAGNOSE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        }
        Duration retention = s.journalRetention();
        checks.scheduleWithFixedDelay(() -> prune(journal, retention, Clock.systemUTC(), log), 0, PRUNE_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        // Off unless cleanup.every is set: deleting directory objects is the admin's decision. When set,
        // the service applies (disable, then delete after the grace period) with the settings current at each run.
        config.cleanup().every().ifPresent(every -> checks.scheduleWithFixedDelay(
                () -> scheduledCleanup(reloader.current(), journal, environment, Clock.systemUTC(), log),
                CLEANUP_FIRST_AFTER.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS));
        watcher.scheduleWithFixedDelay(() -> heartbeat(cloud, service, reloader, domains, monitor, metrics, log), 0,
                loop.heartbeatEvery().toMillis(), TimeUnit.MILLISECONDS);
        CertificateRenewal renewal = new CertificateRenewal(s.dispatcher(), s.identity(), identity, cloud, proxies,
                Clock.systemUTC());
        watcher.scheduleWithFixedDelay(() -> renewal.check(log), 0, RENEWAL_CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);

        // readiness: is a DC of each domain usable now; as often as the heartbeat says how we are
        DomainProbe probe = new DomainProbe(reloader::current, locator, directory, Clock.systemUTC());
        ScheduledExecutorService probes = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "odjc-readiness");
            t.setDaemon(true);
            return t;
        });
        Optional<AdminServer> admin = Optional.empty();
        if (s.admin().isPresent()) { // only the endpoint shows the probe: without it, no binds for nothing
            probes.scheduleWithFixedDelay(probe::runOnce, 0, loop.heartbeatEvery().toMillis(), TimeUnit.MILLISECONDS);
            // a poll returns at least every pollWait; a failed one retries within maxBackoff; heartbeats also answer
            Duration window = loop.pollWait().plus(loop.maxBackoff()).plus(loop.heartbeatEvery()).multipliedBy(2);
            AdminStatus status = new AdminStatus(identity.connectorId(), version(), reloader::current, service, metrics,
                    probe, monitor, journal, window, () -> renewal.current().certificate().getNotAfter().toInstant(),
                    journalFile, Clock.systemUTC());
            admin = startAdmin(s.admin().get(), status, log);
        }
        return new ConnectorHost(service, journal, List.copyOf(directories.values()), watcher, checks, probes, admin);
    }

    /** The adapters' security warnings, as events. */
    static Consumer<String> securityWarnings(Consumer<String> log) {
        return w -> log.accept(Event.SECURITY_WARNING.line() + EventLog.field("detail", w));
    }

    /** The admin endpoint, or none when it cannot listen: the connector works without it. */
    static Optional<AdminServer> startAdmin(java.net.InetSocketAddress at, org.odjc.http.AdminView status,
            Consumer<String> log) {
        try {
            return Optional.of(AdminServer.start(at, status, log));
        } catch (ConnectorException e) {
            log.accept(Event.ADMIN_UNAVAILABLE.line() + " code=" + e.code().id() + EventLog.field("detail", e.detail()));
            return Optional.empty();
        }
    }

    /** Where the admin endpoint listens; empty when it is off or could not listen. */
    public Optional<java.net.InetSocketAddress> adminAddress() {
        return admin.map(AdminServer::address);
    }

    /** Removes closed requests older than {@code retention} from the journal; a failure is logged, never fatal. */
    static void prune(SqliteJoinJournal journal, Duration retention, Clock clock, Consumer<String> log) {
        try {
            SqliteJoinJournal.Pruned p = journal.prune(clock.instant().minus(retention));
            if (p.requests() + p.accounts() > 0) {
                log.accept(Event.JOURNAL_PRUNED.line() + " requests=" + p.requests() + " events=" + p.events() + " accounts="
                        + p.accounts() + " retention=" + org.odjc.config.Durations.format(retention));
            }
        } catch (ConnectorException e) {
            log.accept(Event.JOURNAL_PRUNE_FAILED.line() + " code=" + e.code().id());
        } catch (RuntimeException e) { // must not end the schedule
            log.accept(Event.JOURNAL_PRUNE_FAILED.line() + EventLog.field("detail", e));
        }
    }

    /** One scheduled cleanup with apply: every change and failure logged, then a summary. */
    static void scheduledCleanup(ConnectorConfig config, org.odjc.provisioning.AccountLedger ledger,
            Map<String, String> environment, Clock clock, Consumer<String> log) {
        try {
            int[] counts = new int[Action.values().length];
            int failed = 0;
            for (Cleanup.DomainRun run : Cleanup.run(config, ledger, environment, clock, config.cleanup().policy(), true,
                    java.util.Optional.empty())) {
                if (run.failure().isPresent()) {
                    failed++;
                    log.accept(Event.CLEANUP_FAILED.line() + " domain=" + run.domain() + " code=" + run.failure().get().code().id());
                }
                for (org.odjc.provisioning.AccountCleanup.Outcome o : run.outcomes()) {
                    counts[o.action().ordinal()]++;
                    String who = " requestId=" + o.account().requestId().value() + " objectGuid=" + o.account().objectGuid()
                            + " dn=\"" + o.found().map(a -> a.dn()).orElse(o.account().dn()) + "\"";
                    if (o.failure().isPresent()) {
                        failed++;
                        log.accept(Event.CLEANUP_FAILED.line() + " code=" + o.failure().get().code().id() + " action="
                                + o.action().name().toLowerCase(java.util.Locale.ROOT) + who);
                    } else if (o.done()) {
                        Event e = switch (o.action()) {
                            case DISABLE, RECORD_DISABLED -> Event.ACCOUNT_DISABLED;
                            case DELETE -> Event.ACCOUNT_DELETED;
                            case USED -> Event.ACCOUNT_USED;
                            default -> Event.ACCOUNT_FORGOTTEN;
                        };
                        log.accept(e.line() + who);
                    }
                }
            }
            log.accept(Event.CLEANUP_FINISHED.line() + " disabled=" + (counts[Action.DISABLE.ordinal()]
                    + counts[Action.RECORD_DISABLED.ordinal()]) + " waiting=" + counts[Action.WAIT.ordinal()] + " deleted="
                    + counts[Action.DELETE.ordinal()] + " kept=" + counts[Action.KEEP.ordinal()] + " used="
                    + counts[Action.USED.ordinal()] + " gone="
                    + counts[Action.GONE.ordinal()] + " failed=" + failed);
        } catch (ConnectorException e) {
            log.accept(Event.CLEANUP_FAILED.line() + " code=" + e.code().id());
        } catch (RuntimeException e) { // must not end the schedule
            log.accept(Event.CLEANUP_FAILED.line() + EventLog.field("detail", e));
        }
    }

    /** Version, domains, allowed OUs, health, recent codes and load; a failure is logged, never fatal. */
    private static void heartbeat(HttpCloudChannel cloud, ConnectorService service, ConfigReloader reloader,
            List<String> domains, DiagnosticsMonitor monitor, ServiceMetrics metrics, Consumer<String> log) {
        try {
            cloud.heartbeat(new Wire.Heartbeat(version(), domains,
                    reloader.allowedOus(), service.health(), service.recentCodes(), service.inFlight(), monitor.summary()));
            metrics.dispatcherAnswered();
        } catch (ConnectorException e) {
            metrics.dispatcherFailed(e.code());
            log.accept(Event.HEARTBEAT_FAILED.line() + " code=" + e.code().id());
        }
    }

    private static String version() {
        String version = ConnectorHost.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    /** Reports a reload's outcome; when something was applied, runs {@code rediagnose}. */
    static void reloaded(ConfigReloader.Outcome outcome, Consumer<String> log, Runnable rediagnose) {
        report(outcome, log);
        if (outcome instanceof ConfigReloader.Outcome.Applied) {
            rediagnose.run();
        }
    }

    static void report(ConfigReloader.Outcome outcome, Consumer<String> log) {
        if (outcome instanceof ConfigReloader.Outcome.Applied applied) {
            log.accept(Event.CONFIG_RELOADED.line() + EventLog.field("changed", applied.changed().isEmpty() ? "nothing"
                    : String.join(",", applied.changed())) + (applied.restartNeededFor().isEmpty() ? ""
                    : EventLog.field("restartNeededFor", String.join(", ", applied.restartNeededFor()))));
        } else if (outcome instanceof ConfigReloader.Outcome.Rejected rejected) {
            log.accept(Event.CONFIG_REJECTED.line() + " code=" + rejected.why().code().id()
                    + EventLog.field("detail", rejected.why().getMessage().replace('\n', ';')) + " keeping=last-good");
        }
    }

    /**
     * The production timings: 25 s long-polls, back-off 1 s to 60 s, 30 s lease ticks and drain,
     * codes count for 5 minutes, a heartbeat every 30 s.
     */
    public static ConnectorService.Settings defaults(int workers) {
        return new ConnectorService.Settings(workers, Duration.ofSeconds(25), Duration.ofSeconds(1), Duration.ofSeconds(60),
                Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofSeconds(30));
    }

    private static <T> T served(Map<String, T> byDomain, DomainDnsName domain) throws ConnectorException {
        T t = byDomain.get(domain.lowerCase());
        if (t == null) {
            throw new ConnectorException(FailureCode.PROV_DOMAIN_NOT_SERVED, domain.toString());
        }
        return t;
    }

    /** The state directory, created owner-only if missing (the installer normally made it). */
    private static Path stateDirectory(Path dir) throws ConnectorException {
        try {
            if (!Files.isDirectory(dir)) {
                try {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")));
                } catch (UnsupportedOperationException windows) {
                    Files.createDirectories(dir);
                }
            }
            return dir;
        } catch (IOException e) {
            throw new ConnectorException(FailureCode.JOURNAL_UNAVAILABLE, "state directory " + dir + ": "
                    + e.getClass().getSimpleName());
        }
    }

    /** One line for the service manager's status: health and load, never a secret. */
    public String status() {
        List<ConnectorService.Pause> paused = service.pauses();
        return "taking work: health=" + service.health() + " inFlight=" + service.inFlight() + (paused.isEmpty() ? ""
                : " paused=" + String.join(",", paused.stream().map(p -> p.domain().lowerCase() + ":" + p.code().id()).toList()));
    }

    /** Runs the service loop on this thread until {@link #stop()}. */
    public void run() {
        service.run();
    }

    /** Stops the loop within its drain bound; see {@link ConnectorService#stop()}. */
    public boolean stop() throws InterruptedException {
        watcher.shutdownNow();
        checks.shutdownNow();
        probes.shutdownNow();
        return service.stop();
    }

    /** Closes the admin endpoint (it answers until here, so a drain shows), the DC pools and the journal. */
    @Override
    public void close() {
        admin.ifPresent(AdminServer::close);
        directories.forEach(LdapDirectory::close);
        journal.close();
    }
}
