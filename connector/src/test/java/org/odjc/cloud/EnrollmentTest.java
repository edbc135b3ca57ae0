package org.odjc.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.ProxySelector;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odjc.dispatcher.DispatchQueue;
import org.odjc.dispatcher.DispatcherCa;
import org.odjc.dispatcher.DispatcherServer;
import org.odjc.dispatcher.Enrollments;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.testing.SettableClock;
import org.odjc.testing.TestDispatcher;

/** Enrollment and renewal between the connector's client and the reference dispatcher, both real. */
class EnrollmentTest {
    @TempDir
    Path dir;

    final SettableClock clock = new SettableClock(Instant.now());

    TestDispatcher dispatcher;
    DispatcherCa ca;
    Enrollments store;
    DispatchQueue queue;
    DispatcherServer server;
    URI url;
    Enrollment enrollment = new Enrollment(ProxySelector.of(null), Duration.ofSeconds(10), new SecureRandom());

    @BeforeEach
    void start() throws Exception {
        dispatcher = TestDispatcher.enrolling(dir, clock, List.of("localhost", "127.0.0.1"), Duration.ofSeconds(5));
        ca = dispatcher.dispatcherCa();
        store = dispatcher.enrollments();
        queue = dispatcher.queue();
        server = dispatcher.server();
        url = dispatcher.url();
    }

    @AfterEach
    void stop() throws Exception {
        dispatcher.close();
    }

    EnrolledIdentity enroll(String token, String caSha256, Path to) throws ConnectorException {
        return enrollment.enroll(url, token, new Enrollment.Pin.Fingerprint(caSha256), to, "odjc01.corp.example.com",
                List.of("corp.example.com"));
    }

    @Test
    void theDocumentedEnrollResponseIsWhatTheConnectorReads() throws Exception {
        Enrollment.Issued issued = Wire.JSON.readValue(WireTest.examples().resolve("enroll-response.json").toFile(),
                Enrollment.Issued.class);

        assertThat(issued.connectorId()).isEqualTo("c-7f3a9e21");
        assertThat(issued.caChain()).hasSize(1);
        assertThat(issued.renewAfter()).isEqualTo("2027-01-29T12:00:00Z");
    }

    @Test
    void aTokenAndThePinnedFingerprintGiveAnIdentityTheDispatcherAccepts() throws Exception {
        Enrollments.Token token = store.create("c-branch-7", Duration.ofHours(1));
        Path identity = dir.resolve("identity");

        EnrolledIdentity id = enroll(token.token(), ca.fingerprint(), identity);

        assertThat(id.connectorId()).isEqualTo("c-branch-7");
        assertThat(id.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=c-branch-7");
        assertThat(id.certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(Files.getPosixFilePermissions(identity.resolve("client.key")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Files.readString(identity.resolve("client.key"))).startsWith("-----BEGIN PRIVATE KEY-----");
        HttpCloudChannel channel = new HttpCloudChannel(url, id.connectorId(), EnrolledIdentity.load(identity).tls(),
                ProxySelector.of(null), Duration.ofSeconds(10));
        assertAnswered(channel.heartbeat(new Wire.Heartbeat("t", List.of("corp.example.com"), Map.of(), "healthy",
                List.of(), 0, null)));
        assertThat(store.enrolled("c-branch-7")).isTrue();
    }

    @Test
    void aTokenWorksOnceAndTheSecondTryWritesNothing() throws Exception {
        Enrollments.Token token = store.create(null, Duration.ofHours(1));
        enroll(token.token(), ca.fingerprint(), dir.resolve("first"));

        ConnectorException e = catchThrowableOfType(() -> enroll(token.token(),
                ca.fingerprint(), dir.resolve("second")), ConnectorException.class);

        assertThat(e.code()).isEqualTo(FailureCode.CLOUD_ENROLLMENT_REFUSED);
        assertThat(dir.resolve("second")).doesNotExist();
        assertThat(token.connectorId()).matches("connector-[0-9a-f]{8}");
    }

    @Test
    void anExpiredTokenIsRefusedLikeAnUnknownOne() throws Exception {
        Enrollments.Token token = store.create("c-late", Duration.ofMinutes(10));
        clock.advance(Duration.ofMinutes(11));

        ConnectorException e = catchThrowableOfType(() -> enroll(token.token(),
                ca.fingerprint(), dir.resolve("late")), ConnectorException.class);
        ConnectorException guessed = catchThrowableOfType(() -> enroll("odjc-enroll-guess",
                ca.fingerprint(), dir.resolve("guess")), ConnectorException.class);

        assertThat(e.code()).isEqualTo(FailureCode.CLOUD_ENROLLMENT_REFUSED);
        assertThat(guessed.getMessage()).isEqualTo(e.getMessage());
        assertThat(dir.resolve("late")).doesNotExist();
    }

    @Test
    void aDispatcherWithoutThePinnedCaIsNotTrustedAndTheTokenIsNotSpent() throws Exception {
        Enrollments.Token token = store.create("c-pinned", Duration.ofHours(1));
        String otherCa = "ab".repeat(32);

        ConnectorException e = catchThrowableOfType(() -> enroll(token.token(),
                otherCa, dir.resolve("mitm")), ConnectorException.class);

        assertThat(e.code()).isEqualTo(FailureCode.CLOUD_CA_MISMATCH);
        assertThat(dir.resolve("mitm")).doesNotExist();
        assertThat(enroll(token.token(), ca.fingerprint(),
                dir.resolve("real")).connectorId()).isEqualTo("c-pinned");
    }

    @Test
    void aConnectorIdCannotBeEnrolledTwice() throws Exception {
        enroll(store.create("c-twin", Duration.ofHours(1)).token(),
                ca.fingerprint(), dir.resolve("twin"));

        DispatchQueue.Refused r = catchThrowableOfType(() -> store.create("c-twin", Duration.ofHours(1)),
                DispatchQueue.Refused.class);

        assertThat(r.error()).isEqualTo("conflict");
    }

    @Test
    void renewalReplacesKeyAndCertificateUnderTheSameIdAndTheChannelUsesThem() throws Exception {
        Path identity = dir.resolve("identity");
        EnrolledIdentity first = enroll(store.create("c-renew", Duration.ofHours(1)).token(),
                ca.fingerprint(), identity);
        String firstKey = Files.readString(identity.resolve("client.key"));
        HttpCloudChannel channel = new HttpCloudChannel(url, "c-renew", first.tls(), ProxySelector.of(null),
                Duration.ofSeconds(10));

        EnrolledIdentity renewed = enrollment.renew(url, first, identity);
        channel.useIdentity(renewed);

        assertThat(renewed.connectorId()).isEqualTo("c-renew");
        assertThat(renewed.certificate().getSerialNumber()).isNotEqualTo(first.certificate().getSerialNumber());
        assertThat(Files.readString(identity.resolve("client.key"))).isNotEqualTo(firstKey);
        assertThat(EnrolledIdentity.load(identity).certificate()).isEqualTo(renewed.certificate());
        assertAnswered(channel.heartbeat(new Wire.Heartbeat("t", List.of(), Map.of(), "healthy", List.of(), 0, null)));
    }

    @Test
    void aRevokedConnectorIsRefusedEverywhereLosesItsLeasesAndMayEnrollAgainWithANewToken() throws Exception {
        Path identity = dir.resolve("identity");
        EnrolledIdentity id = enroll(store.create("c-lost", Duration.ofHours(1)).token(), ca.fingerprint(), identity);
        HttpCloudChannel channel = new HttpCloudChannel(url, "c-lost", id.tls(), ProxySelector.of(null), Duration.ofSeconds(10));
        queue.submit(new DispatchQueue.Submission("r-1", "corp.example.com", null, null, "PC", "d-1"));
        assertThat(channel.forDomains(List.of("corp.example.com")).poll(1, Duration.ZERO, java.util.Set.of())).hasSize(1);

        java.net.http.HttpResponse<String> revoked = java.net.http.HttpClient.newBuilder()
                .sslContext(Enrollment.trusting(List.of(ca.certificate()))).build()
                .send(java.net.http.HttpRequest.newBuilder(url.resolve("/v1/admin/connectors/c-lost/revoke"))
                        .header("Authorization", "Bearer admin").POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        assertThat(Wire.JSON.readTree(revoked.body()).get("leasesEnded").asInt()).isEqualTo(1);
        assertThat(queue.adminView("r-1").state()).isEqualTo(DispatchQueue.State.QUEUED);
        ConnectorException refused = catchThrowableOfType(() -> channel.heartbeat(new Wire.Heartbeat("t", List.of(),
                Map.of(), "ok", List.of(), 0, null)), ConnectorException.class);
        assertThat(refused.code()).isEqualTo(FailureCode.CLOUD_REFUSED);
        ConnectorException renewal = catchThrowableOfType(() -> enrollment.renew(url, id, identity), ConnectorException.class);
        assertThat(renewal.code()).isEqualTo(FailureCode.CLOUD_RENEWAL_FAILED);
        EnrolledIdentity again = enroll(store.create("c-lost", Duration.ofHours(1)).token(), ca.fingerprint(),
                dir.resolve("again"));
        assertAnswered(new HttpCloudChannel(url, "c-lost", again.tls(), ProxySelector.of(null), Duration.ofSeconds(10))
                .heartbeat(new Wire.Heartbeat("t", List.of(), Map.of(), "ok", List.of(), 0, null)));
    }

    @Test
    void renewalIsDueInTheLastThirdOfTheLifetime() throws Exception {
        X509Certificate cert = enroll(store.create("c-due", Duration.ofHours(1)).token(),
                ca.fingerprint(), dir.resolve("due")).certificate();
        Instant from = cert.getNotBefore().toInstant();
        Duration life = Duration.between(from, cert.getNotAfter().toInstant());

        assertThat(Enrollment.dueForRenewal(cert, from.plus(life.multipliedBy(2).dividedBy(3)).minusSeconds(60))).isFalse();
        assertThat(Enrollment.dueForRenewal(cert, from.plus(life.multipliedBy(2).dividedBy(3)).plusSeconds(60))).isTrue();
    }

    /** Stands in for DPAPI: the key on disk is not the PEM, and only this store turns it back. */
    static final class Scrambling implements org.odjc.provisioning.SecretFiles {
        @Override
        public void write(String file, byte[] secret) throws ConnectorException {
            byte[] out = new byte[secret.length];
            for (int i = 0; i < secret.length; i++) {
                out[i] = (byte) (secret[i] ^ 0x5a);
            }
            try {
                Files.write(Path.of(file), out);
            } catch (java.io.IOException e) {
                throw new ConnectorException(FailureCode.CLOUD_IDENTITY_UNUSABLE, e.toString());
            }
        }

        @Override
        public byte[] read(String file) throws ConnectorException {
            try {
                byte[] in = Files.readAllBytes(Path.of(file));
                for (int i = 0; i < in.length; i++) {
                    in[i] ^= 0x5a;
                }
                return in;
            } catch (java.io.IOException e) {
                throw new ConnectorException(FailureCode.CLOUD_IDENTITY_UNUSABLE, e.toString());
            }
        }
    }

    @Test
    void whereTheSystemProtectsSecretsTheKeyIsWrittenAndReadOnlyThroughItAndTheIdentityWorks() throws Exception {
        Path identity = dir.resolve("protected");
        Scrambling protect = new Scrambling();
        EnrolledIdentity id = new Enrollment(ProxySelector.of(null), Duration.ofSeconds(10), new SecureRandom(),
                java.util.Optional.of(protect)).enroll(url, store.create("c-dpapi", Duration.ofHours(1)).token(),
                        new Enrollment.Pin.Fingerprint(ca.fingerprint()), identity, "odjc01", List.of("corp.example.com"));

        assertThat(Files.readString(identity.resolve("client.key"), java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain("PRIVATE KEY");
        assertThat(catchThrowableOfType(() -> EnrolledIdentity.load(identity), ConnectorException.class).code())
                .isEqualTo(FailureCode.CLOUD_IDENTITY_UNUSABLE);
        EnrolledIdentity loaded = EnrolledIdentity.load(identity, java.util.Optional.of(protect));
        assertThat(loaded.certificate()).isEqualTo(id.certificate());
        assertAnswered(new HttpCloudChannel(url, "c-dpapi", loaded.tls(), ProxySelector.of(null), Duration.ofSeconds(10))
                .heartbeat(new Wire.Heartbeat("t", List.of(), Map.of(), "healthy", List.of(), 0, null)));
    }

    /** A heartbeat the dispatcher answered: its clock (this test's) came back, parsed, within a minute of ours. */
    private static void assertAnswered(java.time.Instant serverTime) {
        java.time.Instant now = java.time.Instant.now();
        assertThat(serverTime).isBetween(now.minus(Duration.ofMinutes(1)), now.plus(Duration.ofMinutes(1)));
    }
}
