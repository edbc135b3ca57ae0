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
import org.odjc.journal.SqliteJoinJournal;
import org.odjc.ldap.LdapDirectory;
import org.odjc.provisioning.ComputerProvisioner;
import org.odjc.provisioning.DcLocator;
import org.odjc.provisioning.Directory;
import org.odjc.provisioning.JoinWorkflow;

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

    private final ConnectorService service;
    private final SqliteJoinJournal journal;
    private final List<LdapDirectory> directories;
    private final ScheduledExecutorService watcher;
    private final ScheduledExecutorService checks;

    private ConnectorHost(ConnectorService service, SqliteJoinJournal journal, List<LdapDirectory> directories,
            ScheduledExecutorService watcher, ScheduledExecutorService checks) {
        this.service = service;
        this.journal = journal;
        this.directories = directories;
        this.watcher = watcher;
        this.checks = checks;
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
            ConnectorService.Settings loop, Consumer<String> log, DomainWiring wiring) throws ConnectorException {
        ConnectorConfig.Service s = config.service().orElseThrow(() -> new ConnectorException(FailureCode.CONFIG_INVALID,
                "odjc run needs a service: section (dispatcher, identity, stateDirectory)"));
        EnrolledIdentity identity = EnrolledIdentity.load(s.identity());
        SecretFiles.processUid().ifPresent(uid -> SecretFiles.exposed(config, uid)
                .forEach(w -> log.accept("event=security-warning detail=\"" + w + "\"")));
        SqliteJoinJournal journal = SqliteJoinJournal.open(stateDirectory(s.stateDirectory()).resolve("journal.db"));

        Map<String, DcLocator> locators = new HashMap<>();
        Map<String, LdapDirectory> directories = new HashMap<>();
        ConfigReloader reloader = new ConfigReloader(configFile, config);
        for (ConnectorConfig.Domain d : config.domains()) {
            String key = d.name().lowerCase();
            locators.put(key, wiring.locator(d));
            directories.put(key, wiring.directory(d, environment,
                    w -> log.accept("event=security-warning detail=\"" + w + "\""), s.workers()));
        }
        DcLocator locator = (domain, explicit) -> served(locators, domain).locate(domain, explicit);
        Directory directory = dc -> served(directories, dc.domainName()).open(dc);
        ComputerProvisioner provisioner = new ComputerProvisioner(locator, directory, new SecureRandom());

        java.net.ProxySelector proxies = Proxies.selector(config, s.proxy(), Clock.systemUTC(), log);
        HttpCloudChannel cloud = new HttpCloudChannel(s.dispatcher(), identity.connectorId(), identity.tls(),
                proxies, HTTP_TIMEOUT);
        JoinWorkflow workflow = new JoinWorkflow(provisioner, journal, cloud, identity.connectorId(),
                reloader::policy, Clock.systemUTC());
        List<String> domains = config.domains().stream().map(d -> d.name().value()).toList();
        ConnectorService service = new ConnectorService(cloud.forDomains(domains), workflow, loop,
                d -> Thread.sleep(d.toMillis()), new SplittableRandom(), Clock.systemUTC(), log);
        log.accept("event=service-started connectorId=" + identity.connectorId() + " domains=" + domains
                + " dispatcher=" + s.dispatcher());
        ScheduledExecutorService watcher = Executors
                .newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "odjc-config-watcher");
                    t.setDaemon(true);
                    return t;
                });
        watcher.scheduleWithFixedDelay(() -> report(reloader.reload(), log), RELOAD_EVERY.toMillis(),
                RELOAD_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        DiagnosticsMonitor monitor = new DiagnosticsMonitor(() -> new Diagnostics(reloader.current(), environment,
                Clock.systemUTC()), Clock.systemUTC(), log);
        ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "odjc-diagnostics");
            t.setDaemon(true);
            return t;
        });
        if (wiring.diagnosable()) {
            checks.scheduleWithFixedDelay(() -> {
                try {
                    monitor.runOnce();
                } catch (RuntimeException e) { // a probe's bug must not end the schedule
                    log.accept("event=diagnostics-error detail=\"" + e + "\"");
                }
            }, 0, DIAGNOSE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        }
        watcher.scheduleWithFixedDelay(() -> heartbeat(cloud, service, reloader, domains, monitor, log), 0,
                loop.heartbeatEvery().toMillis(), TimeUnit.MILLISECONDS);
        Renewal renewal = new Renewal(s.dispatcher(), s.identity(), identity, cloud, proxies);
        watcher.scheduleWithFixedDelay(() -> renewal.check(log), 0, RENEWAL_CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return new ConnectorHost(service, journal, List.copyOf(directories.values()), watcher, checks);
    }

    /** Renews the client certificate in the last third of its lifetime; the current one stays in use until then. */
    private static final class Renewal {
        private final java.net.URI dispatcher;
        private final Path dir;
        private final HttpCloudChannel cloud;
        private final ProxySelector proxy;
        private EnrolledIdentity current;

        Renewal(java.net.URI dispatcher, Path dir, EnrolledIdentity current, HttpCloudChannel cloud, ProxySelector proxy) {
            this.dispatcher = dispatcher;
            this.dir = dir;
            this.current = current;
            this.cloud = cloud;
            this.proxy = proxy;
        }

        void check(Consumer<String> log) {
            if (!Enrollment.dueForRenewal(current.certificate(), Clock.systemUTC().instant())) {
                return;
            }
            try {
                current = new Enrollment(proxy, HTTP_TIMEOUT, new SecureRandom())
                        .renew(dispatcher, current, dir);
                cloud.useIdentity(current);
                log.accept("event=certificate-renewed connectorId=" + current.connectorId() + " expires="
                        + current.certificate().getNotAfter().toInstant());
            } catch (ConnectorException e) {
                log.accept("event=certificate-renewal-failed code=" + e.code().id() + " expires="
                        + current.certificate().getNotAfter().toInstant());
            }
        }
    }

    /** Version, domains, allowed OUs, health, recent codes and load; a failure is logged, never fatal. */
    private static void heartbeat(HttpCloudChannel cloud, ConnectorService service, ConfigReloader reloader,
            List<String> domains, DiagnosticsMonitor monitor, Consumer<String> log) {
        String version = ConnectorHost.class.getPackage().getImplementationVersion();
        try {
            cloud.heartbeat(new Wire.Heartbeat(version == null ? "dev" : version, domains,
                    reloader.allowedOus(), service.health(), service.recentCodes(), service.inFlight(), monitor.summary()));
        } catch (ConnectorException e) {
            log.accept("event=heartbeat-failed code=" + e.code().id());
        }
    }

    private static void report(ConfigReloader.Outcome outcome, Consumer<String> log) {
        if (outcome instanceof ConfigReloader.Outcome.Applied applied) {
            log.accept("event=config-reloaded" + (applied.restartNeededFor().isEmpty() ? ""
                    : " restartNeededFor=\"" + String.join(", ", applied.restartNeededFor()) + "\""));
        } else if (outcome instanceof ConfigReloader.Outcome.Rejected rejected) {
            log.accept("event=config-rejected code=" + rejected.why().code().id() + " detail=\""
                    + rejected.why().getMessage().replace('\n', ';') + "\" keeping=last-good");
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
        return "taking work: health=" + service.health() + " inFlight=" + service.inFlight();
    }

    /** Runs the service loop on this thread until {@link #stop()}. */
    public void run() {
        service.run();
    }

    /** Stops the loop within its drain bound; see {@link ConnectorService#stop()}. */
    public boolean stop() throws InterruptedException {
        watcher.shutdownNow();
        checks.shutdownNow();
        return service.stop();
    }

    @Override
    public void close() {
        directories.forEach(LdapDirectory::close);
        journal.close();
    }
}
