package org.odjc.dispatcher;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.odjc.dispatcher.DispatchQueue.Refused;
import org.odjc.files.OwnerOnlyFiles;
import org.odjc.tls.TlsContexts;

/**
 * The dispatcher's own certificate authority (BouncyCastle): it issues the dispatcher's server
 * certificate and, at enrollment and renewal, each connector's client certificate. The connector
 * pins this CA and nothing else; the CA key lives in {@code ca.key} (0600) next to {@code ca.pem}.
 * EC P-256 throughout. Thread-safe.
 */
public final class DispatcherCa {
    /** The CA certificate: anyone may read it. */
    private static final java.util.Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");
    static final Duration CA_VALIDITY = Duration.ofDays(3650);
    /** Certificates start a little in the past: clocks of connectors may lag the dispatcher's. */
    static final Duration BACKDATE = Duration.ofMinutes(10);

    private final PrivateKey key;
    private final X509Certificate certificate;
    private final Clock clock;
    private final SecureRandom random;

    private DispatcherCa(PrivateKey key, X509Certificate certificate, Clock clock, SecureRandom random) {
        this.key = key;
        this.certificate = certificate;
        this.clock = clock;
        this.random = random;
    }

    /** The CA in {@code dir} ({@code ca.key}: PKCS#8 PEM, 0600; {@code ca.pem}), created there on first use. */
    public static DispatcherCa loadOrCreate(Path dir, String name, Clock clock, SecureRandom random)
            throws IOException, GeneralSecurityException {
        Path keyFile = dir.resolve("ca.key");
        Path certFile = dir.resolve("ca.pem");
        if (Files.exists(keyFile) && Files.exists(certFile)) {
            return new DispatcherCa(readKey(keyFile), readCertificates(Files.readString(certFile)).get(0), clock, random);
        }
        KeyPair keys = ecKeys(random);
        Instant now = clock.instant();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, name + " connector CA").build();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(random),
                Date.from(now.minus(BACKDATE)), Date.from(now.plus(CA_VALIDITY)), subject, keys.getPublic());
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
        X509Certificate cert = convert(b.build(signer(keys.getPrivate())));
        writePrivate(keyFile, pem(new JcaPKCS8Generator(keys.getPrivate(), null).generate()));
        writePublic(certFile, pem(cert));
        return new DispatcherCa(keys.getPrivate(), cert, clock, random);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** SHA-256 of the CA certificate (DER), lower-case hex: what {@code odjc enroll --ca-sha256} pins. */
    public String fingerprint() {
        return fingerprint(certificate);
    }

    public static String fingerprint(X509Certificate cert) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The dispatcher's TLS identity for {@code names} (DNS names or IP addresses), trusting only
     * this CA's certificates from clients. The chain sent includes the CA, so a connector that
     * pins the CA by fingerprint can find it in the handshake.
     */
    public SSLContext serverContext(List<String> names, Duration validity) throws GeneralSecurityException, IOException {
        KeyPair keys = ecKeys(random);
        List<GeneralName> san = new ArrayList<>();
        for (String n : names) {
            san.add(n.matches("[0-9.]+|.*:.*") ? new GeneralName(GeneralName.iPAddress, InetAddress.getByName(n).getHostAddress())
                    : new GeneralName(GeneralName.dNSName, n));
        }
        X509Certificate cert = issue(names.get(0), keys.getPublic(), validity, KeyPurposeId.id_kp_serverAuth,
                new GeneralNames(san.toArray(GeneralName[]::new)));
        return TlsContexts.withKey(keys.getPrivate(), List.of(cert, certificate), List.of(certificate));
    }

    /**
     * Signs a connector's PKCS#10 request: the subject is {@code CN=<connectorId>} whatever the
     * request asked (the CN is how the dispatcher knows the connector), client authentication only.
     * The request must be signed by the key it carries (proof of possession): EC P-256/P-384 or RSA
     * of at least 2048 bits.
     */
    public X509Certificate signConnector(String csrPem, String connectorId, Duration validity) throws Refused {
        PKCS10CertificationRequest csr;
        try (PEMParser p = new PEMParser(new StringReader(csrPem))) {
            Object o = p.readObject();
            if (!(o instanceof PKCS10CertificationRequest r)) {
                throw new Refused("bad-request", "csr is not a PEM certificate request");
            }
            csr = r;
        } catch (IOException e) {
            throw new Refused("bad-request", "csr is not a PEM certificate request");
        }
        try {
            PublicKey pub = new JcaPKCS10CertificationRequest(csr).getPublicKey();
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(pub))) {
                throw new Refused("bad-request", "the request is not signed by its own key");
            }
            if (pub instanceof RSAPublicKey rsa ? rsa.getModulus().bitLength() < 2048
                    : !(pub instanceof ECPublicKey ec) || ec.getParams().getCurve().getField().getFieldSize() < 256) {
                throw new Refused("bad-request", "keys are EC P-256/P-384 or RSA of 2048 bits or more");
            }
            return issue(connectorId, pub, validity, KeyPurposeId.id_kp_clientAuth, null);
        } catch (OperatorCreationException | PKCSException | GeneralSecurityException | IOException e) {
            throw new Refused("bad-request", "the certificate request cannot be verified: " + e.getClass().getSimpleName());
        }
    }

    private X509Certificate issue(String cn, PublicKey subjectKey, Duration validity, KeyPurposeId purpose,
            GeneralNames san) throws GeneralSecurityException, IOException {
        Instant now = clock.instant();
        Instant notAfter = now.plus(validity);
        if (notAfter.isAfter(certificate.getNotAfter().toInstant())) {
            notAfter = certificate.getNotAfter().toInstant();
        }
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, cn).build();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(certificate, serial(random),
                Date.from(now.minus(BACKDATE)), Date.from(notAfter), subject, subjectKey);
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKey));
        b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate));
        if (san != null) {
            b.addExtension(Extension.subjectAlternativeName, false, san);
        }
        return convert(b.build(signer(key)));
    }

    private static ContentSigner signer(PrivateKey key) throws GeneralSecurityException {
        try {
            return new JcaContentSignerBuilder("SHA256withECDSA").build(key);
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static X509Certificate convert(X509CertificateHolder h) throws GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(h);
    }

    /** 159 random bits: positive and unique without a counter to keep (RFC 5280 4.1.2.2). */
    private static BigInteger serial(SecureRandom random) {
        return new BigInteger(159, random).setBit(0);
    }

    static KeyPair ecKeys(SecureRandom random) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), random);
        return g.generateKeyPair();
    }

    public static String pem(Object o) throws IOException {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(o);
        }
        return w.toString();
    }

    public static List<X509Certificate> readCertificates(String pem) throws IOException, GeneralSecurityException {
        List<X509Certificate> out = new ArrayList<>();
        try (PEMParser p = new PEMParser(new StringReader(pem))) {
            for (Object o = p.readObject(); o != null; o = p.readObject()) {
                if (o instanceof X509CertificateHolder h) {
                    out.add(convert(h));
                }
            }
        }
        if (out.isEmpty()) {
            throw new IOException("no PEM certificate");
        }
        return out;
    }

    private static PrivateKey readKey(Path file) throws IOException {
        try (PEMParser p = new PEMParser(Files.newBufferedReader(file, StandardCharsets.US_ASCII))) {
            Object o = p.readObject();
            JcaPEMKeyConverter c = new JcaPEMKeyConverter();
            if (o instanceof org.bouncycastle.asn1.pkcs.PrivateKeyInfo info) {
                return c.getPrivateKey(info);
            }
            throw new IOException(file + " holds no private key");
        }
    }

    /** Owner-only from the first byte: written to a 0600 temporary file, then moved in place. */
    static void writePrivate(Path file, String content) throws IOException {
        OwnerOnlyFiles.write(file, content.getBytes(StandardCharsets.US_ASCII));
    }

    static void writePublic(Path file, String content) throws IOException {
        OwnerOnlyFiles.write(file, content.getBytes(StandardCharsets.US_ASCII), PUBLIC, t -> { });
    }
}
