package org.odjc.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odjc.tls.TlsContexts;

class DispatcherCaTest {
    @TempDir
    Path dir;

    @Test
    void aCaWrittenToItsDirectoryLoadsBackAfterARestartAndStillSigns() throws Exception {
        DispatcherCa first = DispatcherCa.loadOrCreate(dir, "test", Clock.systemUTC(), new SecureRandom());

        DispatcherCa again = DispatcherCa.loadOrCreate(dir, "test", Clock.systemUTC(), new SecureRandom());
        X509Certificate issued = again.signConnector(csr("EC", 256, "CN=whatever"), "c-1", Duration.ofDays(30));

        assertThat(again.fingerprint()).isEqualTo(first.fingerprint());
        assertThat(Files.getPosixFilePermissions(dir.resolve("ca.key")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        issued.verify(first.certificate().getPublicKey());
        assertThat(issued.getSubjectX500Principal().getName()).isEqualTo("CN=c-1");
    }

    @Test
    void aRequestWithAWeakKeyOrNotPemIsRefused() throws Exception {
        DispatcherCa ca = DispatcherCa.loadOrCreate(dir, "test", Clock.systemUTC(), new SecureRandom());

        DispatchQueue.Refused weak = catchThrowableOfType(() -> ca.signConnector(csr("RSA", 1024, "CN=x"), "c-1",
                Duration.ofDays(1)), DispatchQueue.Refused.class);
        DispatchQueue.Refused garbage = catchThrowableOfType(() -> ca.signConnector("not a csr", "c-1",
                Duration.ofDays(1)), DispatchQueue.Refused.class);

        assertThat(weak.error()).isEqualTo("bad-request");
        assertThat(weak.getMessage()).contains("2048");
        assertThat(garbage.error()).isEqualTo("bad-request");
    }

    @Test
    void theServerIdentityNamesItsHostsAndSendsTheCaAlong() throws Exception {
        DispatcherCa ca = DispatcherCa.loadOrCreate(dir, "test", Clock.systemUTC(), new SecureRandom());

        javax.net.ssl.SSLContext server = ca.serverContext(List.of("dispatcher.example.com", "127.0.0.1"), Duration.ofDays(1));

        // a real handshake on loopback: what a client is sent is what counts
        java.security.cert.Certificate[] chain = handshake(server, ca.certificate());

        assertThat(chain).hasSize(2);
        X509Certificate leaf = (X509Certificate) chain[0];
        assertThat(leaf.getSubjectAlternativeNames()).extracting(san -> san.get(1).toString())
                .containsExactlyInAnyOrder("dispatcher.example.com", "127.0.0.1");
        assertThat(leaf.getBasicConstraints()).as("the leaf is no CA").isEqualTo(-1);
        leaf.verify(ca.certificate().getPublicKey());
        assertThat(chain[1]).isEqualTo(ca.certificate());
        assertThat(ca.certificate().getBasicConstraints()).isEqualTo(0);
    }

    /** The chain the server sends to a client that trusts {@code caCert}, over a TLS connection on 127.0.0.1. */
    private static java.security.cert.Certificate[] handshake(javax.net.ssl.SSLContext server, X509Certificate caCert)
            throws Exception {
        javax.net.ssl.SSLContext client = TlsContexts.trusting(List.of(caCert));
        try (javax.net.ssl.SSLServerSocket listening = (javax.net.ssl.SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            listening.setNeedClientAuth(false);
            listening.setWantClientAuth(false);
            java.util.concurrent.CompletableFuture<Void> accepted = java.util.concurrent.CompletableFuture.runAsync(() -> {
                try (javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) listening.accept()) {
                    s.startHandshake();
                    s.getOutputStream().write(1);
                    s.getOutputStream().flush();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            try (javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) client.getSocketFactory()
                    .createSocket(java.net.InetAddress.getLoopbackAddress(), listening.getLocalPort())) {
                s.startHandshake();
                assertThat(s.getInputStream().read()).isEqualTo(1);
                accepted.get(10, java.util.concurrent.TimeUnit.SECONDS);
                return s.getSession().getPeerCertificates();
            }
        }
    }

    private static String csr(String algorithm, int bits, String subject) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
        g.initialize(bits);
        KeyPair keys = g.generateKeyPair();
        return DispatcherCa.pem(new JcaPKCS10CertificationRequestBuilder(new X500Principal(subject), keys.getPublic())
                .build(new JcaContentSignerBuilder(algorithm.equals("EC") ? "SHA256withECDSA" : "SHA256withRSA")
                        .build(keys.getPrivate())));
    }
}
