package org.odjc.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS set-ups of the connector and the dispatcher in one place: whom a context trusts (PKIX up to exactly the given
 * anchors, never the JVM's trust store) and, for mutual TLS, which key and chain it presents.
 */
public final class TlsContexts {
    private static final char[] NONE = new char[0];

    private TlsContexts() {
    }

    /** TLS that trusts exactly {@code anchors} and presents no certificate. */
    public static SSLContext trusting(List<X509Certificate> anchors) throws GeneralSecurityException {
        return context(null, pkix(anchors));
    }

    /** TLS that presents {@code key} with {@code chain} (leaf first) and trusts exactly {@code anchors}. */
    public static SSLContext withKey(PrivateKey key, List<X509Certificate> chain, List<X509Certificate> anchors)
            throws GeneralSecurityException {
        KeyStore ks = emptyStore();
        ks.setKeyEntry("key", key, NONE, chain.toArray(X509Certificate[]::new));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, NONE);
        return context(kmf.getKeyManagers(), pkix(anchors));
    }

    /** TLS that decides trust with {@code trust} and presents no certificate. */
    public static SSLContext trusting(TrustManager trust) throws GeneralSecurityException {
        return context(null, trust);
    }

    /** PKIX validation up to exactly {@code anchors}; none is refused here, not at the first handshake. */
    public static X509ExtendedTrustManager pkix(List<X509Certificate> anchors) throws GeneralSecurityException {
        if (anchors.isEmpty()) {
            throw new GeneralSecurityException("no trust anchor");
        }
        KeyStore ts = emptyStore();
        for (int i = 0; i < anchors.size(); i++) {
            ts.setCertificateEntry("ca" + i, anchors.get(i));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(ts);
        for (TrustManager t : tmf.getTrustManagers()) {
            if (t instanceof X509ExtendedTrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X509ExtendedTrustManager");
    }

    private static SSLContext context(KeyManager[] keys, TrustManager trust) throws GeneralSecurityException {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(keys, new TrustManager[] {trust}, null);
        return ctx;
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try {
            ks.load(null, NONE);
        } catch (IOException e) {
            throw new GeneralSecurityException(e); // never: nothing is read
        }
        return ks;
    }
}
