package org.odjc.cloud;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.IOException;
import java.io.StringWriter;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.files.OwnerOnlyFiles;
import org.odjc.tls.TlsContexts;

/**
 * Enrollment and renewal (docs/protocol.md "Enrollment"): a fresh EC P-256 key made here and never
 * sent, a PKCS#10 request signed with it, and the certificate, chain and CA the dispatcher answers,
 * written to the identity directory that {@link EnrolledIdentity#load} reads. The first contact
 * trusts the dispatcher only through the CA the admin pinned (its SHA-256 fingerprint, as
 * {@code odjc-dispatcher token} prints it, or a PEM file); renewal trusts the CA already pinned.
 * Files are replaced atomically, the key first written owner-only.
 */
public final class Enrollment {
    /** The certificates and the connector id: not secret (the identity directory itself is 0700). */
    private static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Issued(String connectorId, String certificate, List<String> caChain, String notAfter, String renewAfter) {
    }

    record EnrollRequest(String token, String csr, String version, String hostName, List<String> domains) {
    }

    record RenewRequest(String csr) {
    }

    private final ProxySelector proxy;
    private final Duration timeout;
    private final SecureRandom random;
    private final java.util.Optional<org.odjc.provisioning.SecretFiles> protectedFiles;

    public Enrollment(ProxySelector proxy, Duration timeout, SecureRandom random) {
        this(proxy, timeout, random, java.util.Optional.empty());
    }

    /** @param protectedFiles where {@code client.key} is written through when the system protects secrets (Windows: DPAPI) */
    public Enrollment(ProxySelector proxy, Duration timeout, SecureRandom random,
            java.util.Optional<org.odjc.provisioning.SecretFiles> protectedFiles) {
        this.proxy = proxy;
        this.timeout = timeout;
        this.random = random;
        this.protectedFiles = protectedFiles;
    }

    /** How the first contact decides the dispatcher is the one the admin meant. */
    public sealed interface Pin {
        /** The SHA-256 of the CA certificate, 64 hex digits (colons allowed). */
        record Fingerprint(String sha256) implements Pin {
            public Fingerprint {
                sha256 = sha256.replace(":", "").toLowerCase(Locale.ROOT);
                if (!sha256.matches("[0-9a-f]{64}")) {
                    throw new IllegalArgumentException("a SHA-256 fingerprint is 64 hex digits");
                }
            }
        }

        /** CA certificates from a PEM file. */
        record CaCertificates(List<X509Certificate> certificates) implements Pin {
        }
    }

    /** Spends {@code token} and writes the new identity into {@code identityDir} (created 0700). */
    public EnrolledIdentity enroll(URI dispatcher, String token, Pin pin, Path identityDir, String hostName,
            List<String> domains) throws ConnectorException {
        KeyPair keys = keys();
        String version = Enrollment.class.getPackage().getImplementationVersion();
        Issued issued = exchange(dispatcher, "/v1/enroll", new EnrollRequest(token, csr(keys, hostName),
                version == null ? "dev" : version, hostName, domains),
                context(pin), "enrolling with " + dispatcher, FailureCode.CLOUD_ENROLLMENT_REFUSED);
        write(identityDir, issued, keys, pin);
        return EnrolledIdentity.load(identityDir, protectedFiles);
    }

    /** A new key and certificate for {@code current}, asked for under its own certificate. */
    public EnrolledIdentity renew(URI dispatcher, EnrolledIdentity current, Path identityDir) throws ConnectorException {
        KeyPair keys = keys();
        Issued issued = exchange(dispatcher, "/v1/certificate", new RenewRequest(csr(keys, current.connectorId())),
                current.tls(), "renewing the certificate of " + current.connectorId(), FailureCode.CLOUD_RENEWAL_FAILED);
        if (!current.connectorId().equals(issued.connectorId())) {
            throw new ConnectorException(FailureCode.CLOUD_BAD_MESSAGE, "renewal answered for " + issued.connectorId()
                    + ", not " + current.connectorId());
        }
        write(identityDir, issued, keys, null);
        return EnrolledIdentity.load(identityDir, protectedFiles);
    }

    /** True once less than a third of the certificate's lifetime is left: time to renew. */
    public static boolean dueForRenewal(X509Certificate cert, java.time.Instant now) {
        long from = cert.getNotBefore().getTime();
        long to = cert.getNotAfter().getTime();
        return now.toEpochMilli() >= to - (to - from) / 3;
    }

    private Issued exchange(URI dispatcher, String path, Object body, SSLContext tls, String what, FailureCode refused)
            throws ConnectorException {
        if (!"https".equalsIgnoreCase(dispatcher.getScheme())) {
            throw new ConnectorException(FailureCode.CONFIG_INVALID, "the dispatcher is reached over HTTPS only: " + dispatcher);
        }
        HttpClient http = HttpClient.newBuilder().sslContext(tls).proxy(proxy).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(HttpRequest.newBuilder(dispatcher.resolve(path)).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Wire.JSON.writeValueAsBytes(body))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (SSLHandshakeException e) {
            throw new ConnectorException(FailureCode.CLOUD_CA_MISMATCH, what + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ConnectorException(refused == FailureCode.CLOUD_RENEWAL_FAILED ? refused : FailureCode.CLOUD_UNREACHABLE,
                    what + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorException(FailureCode.CLOUD_UNREACHABLE, what + ": interrupted", e);
        }
        if (response.statusCode() != 200) {
            ConnectorException c = HttpStatusClassifier.classify(response.statusCode(), errorBody(response.body()), what);
            throw c.code() == FailureCode.CLOUD_REFUSED || c.code() == FailureCode.CLOUD_BAD_MESSAGE
                    || refused == FailureCode.CLOUD_RENEWAL_FAILED ? new ConnectorException(refused, c.detail()) : c;
        }
        try {
            Issued issued = Wire.JSON.readValue(response.body(), Issued.class);
            if (issued.connectorId() == null || issued.certificate() == null || issued.caChain() == null
                    || issued.caChain().isEmpty()) {
                throw new ConnectorException(FailureCode.CLOUD_BAD_MESSAGE, what + ": the answer lacks connectorId,"
                        + " certificate or caChain");
            }
            return issued;
        } catch (IOException e) {
            throw new ConnectorException(FailureCode.CLOUD_BAD_MESSAGE, what + ": the answer is not JSON", e);
        }
    }

    private static Wire.ErrorBody errorBody(byte[] body) {
        try {
            return Wire.JSON.readValue(body, Wire.ErrorBody.class);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Writes the key (0600) before the certificate that names it, then {@code ca.pem} and
     * {@code connector-id}; each by an atomic rename, so a crash leaves either the old or the new
     * file in place. A crash between files leaves a key that does not fit the certificate, which
     * {@link EnrolledIdentity#load} reports (CLOUD-005).
     */
    private void write(Path dir, Issued issued, KeyPair keys, Pin pin) throws ConnectorException {
        try {
            if (!Files.isDirectory(dir)) {
                try {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } catch (UnsupportedOperationException windows) {
                    Files.createDirectories(dir);
                }
            }
            String caPem = String.join("", issued.caChain());
            if (pin instanceof Pin.Fingerprint f) {
                List<X509Certificate> ca = EnrolledIdentity.parseCertificates(caPem);
                if (ca.stream().noneMatch(c -> fingerprint(c).equals(f.sha256()))) {
                    throw new ConnectorException(FailureCode.CLOUD_CA_MISMATCH, "the CA the dispatcher returned is not"
                            + " the pinned one (" + f.sha256() + ")");
                }
            }
            EnrolledIdentity.parseCertificates(issued.certificate());
            if (protectedFiles.isPresent()) {
                byte[] key = pkcs8(keys).getBytes(StandardCharsets.US_ASCII);
                try {
                    protectedFiles.get().write(dir.resolve("client.key").toString(), key);
                } finally {
                    java.util.Arrays.fill(key, (byte) 0);
                }
            } else {
                replace(dir.resolve("client.key"), pkcs8(keys), true);
            }
            replace(dir.resolve("client.pem"), issued.certificate() + caPem, false);
            replace(dir.resolve("ca.pem"), caPem, false);
            replace(dir.resolve("connector-id"), issued.connectorId() + "\n", false);
        } catch (IOException e) {
            throw new ConnectorException(FailureCode.CLOUD_IDENTITY_UNUSABLE, dir + ": cannot write the identity ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static void replace(Path file, String content, boolean secret) throws IOException {
        OwnerOnlyFiles.write(file, content.getBytes(StandardCharsets.US_ASCII),
                secret ? OwnerOnlyFiles.OWNER_ONLY : PUBLIC, t -> { });
    }

    private KeyPair keys() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), random);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no EC P-256", e);
        }
    }

    /** The subject is only a hint: the dispatcher names the certificate after the connector id it assigns. */
    private static String csr(KeyPair keys, String cn) {
        try {
            PKCS10CertificationRequest r = new JcaPKCS10CertificationRequestBuilder(new X500Principal("CN=" + cn),
                    keys.getPublic()).build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
            return pem(r);
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot build a certificate request", e);
        }
    }

    private static String pkcs8(KeyPair keys) throws IOException {
        return pem(new JcaPKCS8Generator(keys.getPrivate(), null).generate());
    }

    private static String pem(Object o) throws IOException {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(o);
        }
        return w.toString();
    }

    static String fingerprint(X509Certificate c) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** TLS for the first contact: trust only the pinned CA; no client certificate yet. */
    static SSLContext context(Pin pin) throws ConnectorException {
        try {
            return TlsContexts.trusting(pin instanceof Pin.CaCertificates c ? TlsContexts.pkix(c.certificates())
                    : new PinnedCaTrust(((Pin.Fingerprint) pin).sha256()));
        } catch (GeneralSecurityException e) {
            throw new ConnectorException(FailureCode.CLOUD_CA_MISMATCH, "cannot set up TLS for the pinned CA: "
                    + e.getMessage(), e);
        }
    }

    /** A client's TLS that trusts only {@code cas} (an admin client of the dispatcher; the demo's MDM). */
    public static SSLContext trusting(List<X509Certificate> cas) throws GeneralSecurityException, IOException {
        return TlsContexts.trusting(cas);
    }

    /**
     * Trusts a server chain when one of its certificates has the pinned fingerprint and the chain
     * validates up to that certificate, host name included (kubeadm's discovery-token-ca-cert-hash idea).
     */
    static final class PinnedCaTrust extends X509ExtendedTrustManager {
        private final String sha256;

        PinnedCaTrust(String sha256) {
            this.sha256 = sha256;
        }

        private X509ExtendedTrustManager anchored(X509Certificate[] chain) throws CertificateException {
            for (X509Certificate c : chain) {
                if (fingerprint(c).equals(sha256)) {
                    try {
                        return TlsContexts.pkix(List.of(c));
                    } catch (GeneralSecurityException e) {
                        throw new CertificateException(e);
                    }
                }
            }
            throw new CertificateException("no certificate in the dispatcher's chain has the pinned CA fingerprint " + sha256);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            anchored(chain).checkServerTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            anchored(chain).checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("the pinned CA is checked with the host name only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
