package org.odjc.demo;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocketFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The embedded directory's PKI, made at start and kept in memory: a CA (what a client pins, like an
 * enterprise CA's root) and the DC's LDAPS certificate it issued, as AD CS's "Domain Controller"
 * template would: subject {@code CN=<dc host>}, SAN DNS names of the DC and the domain, plus the
 * loopback address the demo connects to (the client checks the name it dialled, and that is
 * {@code 127.0.0.1}). EC P-256 keys: quick to generate, and nothing here depends on RSA.
 */
final class DirectoryCertificates {
    /** Certificates are valid from a day before start, to absorb clock skew, for this long after it. */
    private static final Duration VALIDITY = Duration.ofDays(30);
    private static final String SIGNATURE = "SHA256withECDSA";

    private final X509Certificate ca;
    private final X509Certificate server;
    private final KeyPair serverKeys;
    private final SecureRandom random;

    private DirectoryCertificates(X509Certificate ca, X509Certificate server, KeyPair serverKeys, SecureRandom random) {
        this.ca = ca;
        this.server = server;
        this.serverKeys = serverKeys;
        this.random = random;
    }

    static DirectoryCertificates issue(String dcHost, String domain, String netbios, String address, Clock clock,
            SecureRandom random) throws GeneralSecurityException {
        Instant now = clock.instant();
        Date from = Date.from(now.minus(Duration.ofDays(1)));
        Date to = Date.from(now.plus(VALIDITY));
        try {
            KeyPair caKeys = keys(random);
            X500Name caName = new X500Name("CN=" + netbios + " Demo Directory CA");
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            JcaX509v3CertificateBuilder caBuilder = new JcaX509v3CertificateBuilder(caName, serial(random), from, to,
                    caName, caKeys.getPublic());
            caBuilder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            caBuilder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            caBuilder.addExtension(Extension.subjectKeyIdentifier, false,
                    ext.createSubjectKeyIdentifier(caKeys.getPublic()));
            X509Certificate ca = sign(caBuilder, caKeys, random);

            KeyPair serverKeys = keys(random);
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca, serial(random), from, to,
                    new X500Name("CN=" + dcHost), serverKeys.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, dcHost),
                new GeneralName(GeneralName.dNSName, domain),
                new GeneralName(GeneralName.iPAddress, address)}));
            b.addExtension(Extension.subjectKeyIdentifier, false,
                    ext.createSubjectKeyIdentifier(serverKeys.getPublic()));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca));
            return new DirectoryCertificates(ca, sign(b, caKeys, random), serverKeys, random);
        } catch (CertIOException | OperatorCreationException e) {
            throw new GeneralSecurityException("cannot issue the directory's certificates", e);
        }
    }

    /** The CA certificate in PEM: what a client trusts. Public, so the file needs no protection. */
    void writeCa(Path file) throws IOException, CertificateEncodingException {
        String pem = "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(ca.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
        Files.writeString(file, pem, StandardCharsets.US_ASCII);
    }

    X509Certificate server() {
        return server;
    }

    /** TLS with the DC's key and its chain (server, CA); the key never leaves this process. */
    SSLServerSocketFactory serverSocketFactory() throws GeneralSecurityException {
        // the store lives only in this method's memory; its password protects nothing
        char[] transientPassword = "in-memory".toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, transientPassword);
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot create an in-memory key store", e);
        }
        store.setKeyEntry("dc", serverKeys.getPrivate(), transientPassword, new X509Certificate[] {server, ca});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, transientPassword);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, random);
        return context.getServerSocketFactory();
    }

    private static KeyPair keys(SecureRandom random) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), random);
        return g.generateKeyPair();
    }

    /** RFC 5280 4.1.2.2: positive, at most 20 octets; 127 random bits. */
    private static BigInteger serial(SecureRandom random) {
        return new BigInteger(127, random).setBit(0);
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder builder, KeyPair issuer, SecureRandom random)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(builder.build(
                new JcaContentSignerBuilder(SIGNATURE).setSecureRandom(random).build(issuer.getPrivate())));
    }
}
