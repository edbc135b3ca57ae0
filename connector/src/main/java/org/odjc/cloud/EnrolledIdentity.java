package org.odjc.cloud;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.tls.TlsContexts;

/**
 * What enrollment leaves in the identity directory, ready for mutual TLS: {@code connector-id},
 * {@code client.pem} (the certificate, then its chain), {@code client.key} (PKCS#8 PEM, EC or RSA)
 * and {@code ca.pem} (the dispatcher's CA, the only one trusted). The key never leaves this object's
 * {@link SSLContext}; {@code toString} names the certificate only.
 */
public record EnrolledIdentity(String connectorId, X509Certificate certificate, SSLContext tls) {
    public static EnrolledIdentity load(Path dir) throws ConnectorException {
        return load(dir, java.util.Optional.empty());
    }

    /** @param protectedFiles where {@code client.key} is read through when the system protects secrets (Windows: DPAPI) */
    public static EnrolledIdentity load(Path dir, java.util.Optional<org.odjc.provisioning.SecretFiles> protectedFiles)
            throws ConnectorException {
        String id = read(dir.resolve("connector-id")).strip();
        if (!id.matches("[A-Za-z0-9._-]{1,64}")) {
            throw unusable(dir, "connector-id is not 1-64 letters, digits, '.', '_' or '-'");
        }
        List<X509Certificate> chain = certificates(dir.resolve("client.pem"));
        List<X509Certificate> ca = certificates(dir.resolve("ca.pem"));
        try {
            PrivateKey key = privateKey(dir.resolve("client.key"), protectedFiles);
            SSLContext ctx = TlsContexts.withKey(key, chain, ca);
            return new EnrolledIdentity(id, chain.get(0), ctx);
        } catch (GeneralSecurityException e) {
            throw unusable(dir, "the key does not fit the certificate or cannot be used: " + e.getClass().getSimpleName());
        }
    }

    @Override
    public String toString() {
        return "EnrolledIdentity[" + connectorId + ", " + certificate.getSubjectX500Principal() + ", until "
                + certificate.getNotAfter().toInstant() + "]";
    }

    private static String read(Path file) throws ConnectorException {
        try {
            if (Files.size(file) > 1 << 20) {
                throw unusable(file.getParent(), file.getFileName() + " is larger than 1 MiB");
            }
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw unusable(file.getParent(), file.getFileName() + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static List<X509Certificate> certificates(Path file) throws ConnectorException {
        try {
            return parseCertificates(read(file));
        } catch (IOException e) {
            throw unusable(file.getParent(), file.getFileName() + " " + e.getMessage());
        }
    }

    /** The PEM certificates in {@code file} (a CA file given to {@code odjc enroll}). */
    public static List<X509Certificate> certificatesIn(Path file) throws ConnectorException {
        try {
            return parseCertificates(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new ConnectorException(FailureCode.INPUT_BAD_CERTIFICATE, file + ": " + e.getMessage());
        }
    }

    /** PEM certificates, at least one. */
    static List<X509Certificate> parseCertificates(String pem) throws IOException {
        try {
            List<X509Certificate> certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
                    .stream().map(c -> (X509Certificate) c).toList();
            if (certs.isEmpty()) {
                throw new IOException("holds no certificate");
            }
            return certs;
        } catch (GeneralSecurityException e) {
            throw new IOException("is not PEM certificates");
        }
    }

    /** {@code -----BEGIN PRIVATE KEY-----} (PKCS#8), EC or RSA; the decoded bytes are wiped. */
    private static PrivateKey privateKey(Path file, java.util.Optional<org.odjc.provisioning.SecretFiles> protectedFiles)
            throws ConnectorException, GeneralSecurityException {
        String pem;
        if (protectedFiles.isPresent()) {
            byte[] b = protectedFiles.get().read(file.toString());
            pem = new String(b, StandardCharsets.US_ASCII);
            java.util.Arrays.fill(b, (byte) 0);
        } else {
            pem = read(file);
        }
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw unusable(file.getParent(), "client.key is not a PKCS#8 PEM private key");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
        } catch (IllegalArgumentException e) {
            throw unusable(file.getParent(), "client.key is not valid base64");
        }
        try {
            for (String algorithm : List.of("EC", "RSA")) {
                try {
                    return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
                } catch (java.security.spec.InvalidKeySpecException tryNext) {
                    // not this algorithm
                }
            }
            throw unusable(file.getParent(), "client.key is neither an EC nor an RSA key");
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    private static ConnectorException unusable(Path dir, String why) {
        return new ConnectorException(FailureCode.CLOUD_IDENTITY_UNUSABLE, dir + ": " + why);
    }
}
