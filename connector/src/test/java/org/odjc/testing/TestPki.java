package org.odjc.testing;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.odjc.tls.TlsContexts;

/** A throwaway PKI for mutual-TLS tests (BouncyCastle): a CA, server and client certificates. */
public final class TestPki {
    private TestPki() {
    }

    /** A key and its certificate; a CA issues others. EC P-256, valid for a day around now. */
    public record Issued(KeyPair keys, X509Certificate cert) {
        public static Issued ca(String subject) throws Exception {
            KeyPair keys = generateKeys();
            return new Issued(keys, sign(subject, subject, keys, keys, true, false));
        }

        public Issued issue(String subject, boolean server) throws Exception {
            KeyPair k = generateKeys();
            return new Issued(k, sign(cert.getSubjectX500Principal().getName(), subject, k, keys, false, server));
        }

        /** TLS with this identity, trusting only {@code trusted}. */
        public SSLContext context(X509Certificate trusted) throws Exception {
            return TlsContexts.withKey(keys.getPrivate(), List.of(cert), List.of(trusted));
        }

        private static KeyPair generateKeys() throws Exception {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(256);
            return g.generateKeyPair();
        }

        private static X509Certificate sign(String issuer, String subject, KeyPair subjectKeys, KeyPair issuerKeys,
                boolean ca, boolean server) throws Exception {
            long now = System.currentTimeMillis();
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                    BigInteger.valueOf(now), new Date(now - 3_600_000), new Date(now + 86_400_000), new X500Name(subject),
                    subjectKeys.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (server) {
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
            }
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
        }
    }

    /** An HTTPS server on 127.0.0.1 (free port) as {@code identity}, demanding a client certificate from {@code clients}. */
    public static com.sun.net.httpserver.HttpsServer httpsServer(Issued identity, X509Certificate clients) throws Exception {
        com.sun.net.httpserver.HttpsServer server = com.sun.net.httpserver.HttpsServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(identity.context(clients)) {
            @Override
            public void configure(com.sun.net.httpserver.HttpsParameters params) {
                javax.net.ssl.SSLParameters p = getSSLContext().getDefaultSSLParameters();
                p.setNeedClientAuth(true);
                params.setSSLParameters(p);
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        return server;
    }

    /** PEM of a certificate. */
    public static String pem(X509Certificate cert) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(cert.getEncoded()) + "\n-----END CERTIFICATE-----\n";
    }

    /** Writes what enrollment leaves behind for {@code client}, trusting {@code ca}. */
    public static void writeIdentity(Path dir, String connectorId, Issued client, Issued ca) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("connector-id"), connectorId + "\n");
        Files.writeString(dir.resolve("client.pem"), pem(client.cert()));
        Files.writeString(dir.resolve("ca.pem"), pem(ca.cert()));
        Files.writeString(dir.resolve("client.key"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(client.keys().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
    }
}
