package org.odjc.ldap;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RootDSE;
import com.unboundid.util.StaticUtils;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.provisioning.DirectoryAccess;
import org.odjc.provisioning.SecretFiles;

/** What {@code odjc diagnose} asks a DC without binding: its clock, and its LDAPS certificate. */
public final class LdapProbes {
    /** The certificate probe only shakes hands: it never binds, so it never reads a secret. */
    private static final SecretFiles NO_SECRETS = new SecretFiles() {
        @Override
        public byte[] read(String file) {
            throw new IllegalStateException("the LDAPS certificate probe reads no secret");
        }

        @Override
        public void write(String file, byte[] secret) {
            throw new IllegalStateException("the LDAPS certificate probe writes no secret");
        }
    };

    private LdapProbes() {
    }

    /** The DC's clock (rootDSE {@code currentTime}, readable anonymously) and the round trip it took. */
    public record DcTime(Instant dcTime, Instant sentAt, Duration roundTrip) {
        /** The DC's clock minus ours, taking the answer as made halfway through the round trip. */
        public Duration skew() {
            return Duration.between(sentAt.plus(roundTrip.dividedBy(2)), dcTime);
        }
    }

    /** @param now our clock, read just before the request */
    public static DcTime currentTime(String host, int port, Duration timeout, java.util.function.Supplier<Instant> now)
            throws ConnectorException {
        LDAPConnectionOptions o = new LDAPConnectionOptions();
        o.setConnectTimeoutMillis((int) timeout.toMillis());
        o.setResponseTimeoutMillis(timeout.toMillis());
        try (LDAPConnection c = new LDAPConnection(o, host, port)) {
            Instant sent = now.get();
            long t0 = System.nanoTime();
            RootDSE root = c.getRootDSE();
            Duration rtt = Duration.ofNanos(System.nanoTime() - t0);
            String value = root == null ? null : root.getAttributeValue("currentTime");
            if (value == null) {
                throw new ConnectorException(FailureCode.AD_MALFORMED_VALUE, host + ": the rootDSE has no currentTime");
            }
            return new DcTime(StaticUtils.decodeGeneralizedTime(value).toInstant(), sent, rtt);
        } catch (LDAPException e) {
            throw AdResultClassifier.classify(e, "reading the rootDSE of " + host);
        } catch (ParseException e) {
            throw new ConnectorException(FailureCode.AD_MALFORMED_VALUE, host + ": currentTime is not a GeneralizedTime");
        }
    }

    /**
     * The certificate the DC presents on LDAPS, verified as the bind would verify it (the
     * configured CA file or the JVM's trust store, and the host name).
     */
    public static X509Certificate ldapsCertificate(String host, int port, DirectoryAccess access, Duration timeout)
            throws ConnectorException {
        LdapConnections c = new LdapConnections(access, Map.of(), w -> { }, timeout, timeout, LdapRoute.STANDARD,
                NO_SECRETS);
        try (SSLSocket s = (SSLSocket) c.sslUtil().createSSLSocketFactory().createSocket()) {
            s.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            s.setSoTimeout((int) timeout.toMillis());
            if (!access.insecureSkipTlsVerify()) {
                SSLParameters p = s.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("LDAPS");
                s.setSSLParameters(p);
            }
            s.startHandshake();
            return (X509Certificate) s.getSession().getPeerCertificates()[0];
        } catch (javax.net.ssl.SSLException e) {
            throw new ConnectorException(FailureCode.AD_TLS_UNTRUSTED, host + ":" + port + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ConnectorException(FailureCode.DIAG_PORT_CLOSED, host + ":" + port + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new ConnectorException(FailureCode.AD_TLS_UNTRUSTED, "cannot set up TLS: " + e.getMessage(), e);
        }
    }
}
