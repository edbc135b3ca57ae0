package org.odjc.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odjc.cloud.EnrolledIdentity;
import org.odjc.cloud.Enrollment;
import org.odjc.cloud.HttpCloudChannel;
import org.odjc.config.ConfigLoader;
import org.odjc.dispatcher.DispatcherCa;
import org.odjc.dispatcher.DispatcherServer;
import org.odjc.dispatcher.Enrollments;
import org.odjc.domain.DcFlags;
import org.odjc.domain.DcInfo;
import org.odjc.domain.DomainDnsName;
import org.odjc.domain.Guid;
import org.odjc.domain.IpAddress;
import org.odjc.domain.SiteName;
import org.odjc.failure.ConnectorException;
import org.odjc.journal.SqliteJoinJournal;
import org.odjc.ldap.LdapDirectory;
import org.odjc.provisioning.DirectoryAccess;
import org.odjc.provisioning.PasswordSource;
import org.odjc.telemetry.EventLog;
import org.odjc.testing.SettableClock;
import org.odjc.testing.TestDispatcher;

/** The service's events that only a fault brings out, each brought out by a real one. */
class HostEventsTest {
    @TempDir
    Path dir;

    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final Consumer<String> log = EventLog.traced(lines::add);

    private static final String CONFIG = """
            domains:
              - name: corp.example.test
                bind: {mode: ldaps, user: svc@corp.example.test, passwordEnv: PW}
                ous: ["OU=A,DC=corp,DC=example,DC=test"]
            """;

    @Test
    void aChangedConfigurationIsLoggedAsReloadedAndAnInvalidOneAsRejectedKeepingTheLastGood() throws Exception {
        Path file = dir.resolve("connector.yaml");
        Files.writeString(file, CONFIG);
        ConfigReloader reloader = new ConfigReloader(file, ConfigLoader.load(file));

        Files.writeString(file, CONFIG.replace("ous: [\"OU=A,", "ous: [\"OU=B,"));
        ConnectorHost.report(reloader.reload(), log);
        Files.writeString(file, CONFIG.replace("ous:", "oops:"));
        ConnectorHost.report(reloader.reload(), log);

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo("event=config-reloaded changed=ous");
        assertThat(lines.get(1)).startsWith("event=config-rejected code=CONFIG-001 detail=").endsWith(" keeping=last-good");
        assertThat(reloader.current().domains().get(0).ous().entries().get(0).ou().toString()).startsWith("OU=B,");
    }

    @Test
    void anAppliedReloadRunsTheDiagnosticsAgainAndAnUnchangedOrRejectedOneDoesNot() throws Exception {
        Path file = dir.resolve("connector.yaml");
        Files.writeString(file, CONFIG);
        ConfigReloader reloader = new ConfigReloader(file, ConfigLoader.load(file));
        java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();

        ConnectorHost.reloaded(reloader.reload(), log, runs::incrementAndGet);
        assertThat(runs).as("unchanged").hasValue(0);
        Files.writeString(file, CONFIG.replace("ous: [\"OU=A,", "ous: [\"OU=B,"));
        ConnectorHost.reloaded(reloader.reload(), log, runs::incrementAndGet);
        assertThat(runs).as("applied").hasValue(1);
        Files.writeString(file, CONFIG.replace("ous:", "oops:"));
        ConnectorHost.reloaded(reloader.reload(), log, runs::incrementAndGet);
        assertThat(runs).as("rejected").hasValue(1);
        assertThat(lines).first().asString().isEqualTo("event=config-reloaded changed=ous");
    }

    @Test
    void switchingTlsVerificationOffIsLoggedAsASecurityWarningBeforeAnyConnection() throws Exception {
        DirectoryAccess insecure = new DirectoryAccess(new DirectoryAccess.Bind.Simple(
                DirectoryAccess.Transport.LDAPS, "svc@corp.example.test",
                new PasswordSource.Environment("PW")), Optional.empty(), true);
        DomainDnsName domain = DomainDnsName.parse("corp.example.test");
        DcInfo nowhere = new DcInfo(DomainDnsName.parse("dc1.corp.example.test"), IpAddress.parse("127.0.0.1"),
                Guid.parse("6f4ab4b4-5c8b-4bde-8f0b-0d7c1e2a9b11"), domain, domain, DcFlags.WRITABLE_GC_KDC_DNS,
                SiteName.DEFAULT_FIRST_SITE, Optional.empty());

        try (LdapDirectory directory = DirectoryAdapters.directory(insecure, Map.of("PW", "x"),
                ConnectorHost.securityWarnings(log), 1)) {
            catchThrowableOfType(() -> directory.open(nowhere).close(), ConnectorException.class);
        }

        assertThat(lines).anyMatch(l -> l.startsWith("event=security-warning detail=\"TLS certificate verification is OFF"));
    }

    @Test
    void anAdminAddressInUseIsLoggedAsUnavailableAndTheConnectorGoesOnWithoutIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThat(ConnectorHost.startAdmin(new InetSocketAddress("127.0.0.1", taken.getLocalPort()), null, log)).isEmpty();
        }

        assertThat(lines).singleElement().asString().startsWith("event=admin-unavailable code=ADMIN-001 ");
    }

    @Test
    void aDiagnosticsRunThatThrowsIsLoggedAndTheNextRunStillHappens() {
        int[] runs = {0};
        DiagnosticsMonitor monitor = new DiagnosticsMonitor(() -> {
            runs[0]++;
            throw new IllegalStateException("a probe's bug");
        }, Clock.systemUTC(), log);

        monitor.runOnce();
        monitor.runOnce();

        assertThat(runs[0]).isEqualTo(2);
        assertThat(lines).hasSize(2).allMatch(l -> l.startsWith("event=diagnostics-error detail=") && l.contains("a probe's bug"));
    }

    @Test
    void pruningAJournalThatCannotBeWrittenIsLoggedNotThrown() throws Exception {
        SqliteJoinJournal journal = SqliteJoinJournal.open(dir.resolve("journal.db"));
        journal.close();

        ConnectorHost.prune(journal, Duration.ofDays(90), Clock.systemUTC(), log);

        assertThat(lines).singleElement().asString().startsWith("event=journal-prune-failed ");
    }

    @Test
    void aCertificateDueForRenewalIsRenewedAndAFailedRenewalIsLoggedWithTheCurrentExpiry() throws Exception {
        try (TestDispatcher dispatcher = TestDispatcher.enrolling(dir, Clock.systemUTC(), List.of("localhost"),
                Duration.ofSeconds(5))) {
            DispatcherCa ca = dispatcher.dispatcherCa();
            Enrollments store = dispatcher.enrollments();
            DispatcherServer server = dispatcher.server();
            URI url = dispatcher.url();
            Path identity = dir.resolve("identity");
            EnrolledIdentity first = new Enrollment(ProxySelector.of(null), Duration.ofSeconds(10), new SecureRandom()).enroll(
                    url, store.create("c-renew", Duration.ofMinutes(5)).token(), new Enrollment.Pin.Fingerprint(ca.fingerprint()),
                    identity, "odjc01", List.of("corp.example.test"));
            SettableClock clock = new SettableClock(Instant.now());
            CertificateRenewal renewal = new CertificateRenewal(url, identity, first, new HttpCloudChannel(url, "c-renew",
                    first.tls(), ProxySelector.of(null), Duration.ofSeconds(10)), ProxySelector.of(null), clock);

            renewal.check(log);
            clock.set(Instant.now().plus(Duration.ofDays(25)));
            renewal.check(log);
            server.close();
            clock.set(Instant.now().plus(Duration.ofDays(27)));
            renewal.check(log);

            assertThat(lines).hasSize(2);
            assertThat(lines.get(0)).startsWith("event=certificate-renewed connectorId=c-renew expires=");
            assertThat(renewal.current().certificate().getSerialNumber()).isNotEqualTo(first.certificate().getSerialNumber());
            assertThat(lines.get(1)).startsWith("event=certificate-renewal-failed code=CLOUD-008 expires="
                    + renewal.current().certificate().getNotAfter().toInstant());
        }
    }
}
