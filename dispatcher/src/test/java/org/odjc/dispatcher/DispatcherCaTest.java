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

        assertThat(ca.serverContext(List.of("dispatcher.example.com", "127.0.0.1"), Duration.ofDays(1))).isNotNull();
        assertThat(ca.certificate().getBasicConstraints()).isEqualTo(0);
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
