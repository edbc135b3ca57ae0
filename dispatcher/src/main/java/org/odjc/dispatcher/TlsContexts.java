package org.odjc.dispatcher;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The dispatcher's TLS set-ups in one place: whom a context trusts and, for a server or a client certificate, which key it presents. */
final class TlsContexts {
    private static final char[] NONE = new char[0];

    private TlsContexts() {
    }

    /** TLS that trusts exactly {@code anchors} (PKIX, host names checked by the caller's endpoint identification) and presents no certificate. */
    static SSLContext trusting(List<X509Certificate> anchors) throws GeneralSecurityException {
        return context(null, anchors);
    }

    /** TLS that presents {@code key} with {@code chain} (leaf first) and trusts exactly {@code anchors}. */
    static SSLContext withKey(PrivateKey key, List<X509Certificate> chain, List<X509Certificate> anchors)
            throws GeneralSecurityException {
        KeyStore ks = emptyStore();
        ks.setKeyEntry("key", key, NONE, chain.toArray(X509Certificate[]::new));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, NONE);
        return context(kmf.getKeyManagers(), anchors);
    }

    private static SSLContext context(KeyManager[] keys, List<X509Certificate> anchors) throws GeneralSecurityException {
        if (anchors.isEmpty()) {
            throw new GeneralSecurityException("no trust anchor");
        }
        KeyStore ts = emptyStore();
        for (int i = 0; i < anchors.size(); i++) {
            ts.setCertificateEntry("ca" + i, anchors.get(i));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(ts);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(keys, tmf.getTrustManagers(), null);
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
