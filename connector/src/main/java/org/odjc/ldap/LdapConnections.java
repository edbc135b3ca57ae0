package org.odjc.ldap;

import com.unboundid.ldap.sdk.BindRequest;
import com.unboundid.ldap.sdk.GSSAPIBindRequest;
import com.unboundid.ldap.sdk.GSSAPIBindRequestProperties;
import com.unboundid.ldap.sdk.GetEntryLDAPConnectionPoolHealthCheck;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.PostConnectProcessor;
import com.unboundid.ldap.sdk.SASLQualityOfProtection;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.SingleServerSet;
import com.unboundid.ldap.sdk.StartTLSPostConnectProcessor;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.PEMFileTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllTrustManager;
import java.io.File;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.odjc.domain.DcInfo;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.provisioning.DirectoryAccess;
import org.odjc.provisioning.PasswordSource;
import org.odjc.provisioning.SecretFiles;

/**
 * Builds connection pools to one DC as a {@link DirectoryAccess} says: LDAPS (636) or StartTLS
 * (389) with a simple bind, or Kerberos (SASL GSSAPI, confidentiality required) on 389. The
 * password of a simple bind can only travel encrypted, and {@code unicodePwd} can only be written
 * over an encrypted or sealed connection, so plain LDAP is never used. Certificates are checked
 * against the JVM's trust store or a PEM CA file, with host-name verification; the opt-out is for
 * labs and is reported through {@code warnings}.
 */
final class LdapConnections {
    private final DirectoryAccess access;
    private final Map<String, String> environment;
    private final Consumer<String> warnings;
    private final Duration connectTimeout;
    private final Duration responseTimeout;
    private final LdapRoute route;
    private final SecretFiles secretFiles;

    /** @param secretFiles where a password file is read (the system's secret store) */
    LdapConnections(DirectoryAccess access, Map<String, String> environment, Consumer<String> warnings,
            Duration connectTimeout, Duration responseTimeout, LdapRoute route, SecretFiles secretFiles) {
        this.route = route;
        this.secretFiles = Objects.requireNonNull(secretFiles, "secretFiles");
        this.access = access;
        this.environment = environment;
        this.warnings = warnings;
        this.connectTimeout = connectTimeout;
        this.responseTimeout = responseTimeout;
    }

    /** A health-checked pool of bound connections to {@code dc}, at most {@code size} of them. */
    LDAPConnectionPool pool(DcInfo dc, int size) throws ConnectorException {
        String host = route.host(dc);
        int port = route.port(access.mode());
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis((int) connectTimeout.toMillis());
        options.setResponseTimeoutMillis(responseTimeout.toMillis());
        options.setUseSynchronousMode(true);
        options.setFollowReferrals(false);
        SingleServerSet servers;
        PostConnectProcessor postConnect = null;
        Optional<DirectoryAccess.Transport> tls = access.bind().match(simple -> Optional.of(simple.transport()),
                kerberos -> Optional.empty()); // Kerberos seals with SASL instead
        if (tls.equals(Optional.of(DirectoryAccess.Transport.LDAPS))) {
            SSLUtil ssl = sslUtil();
            verifyHostNames(options);
            try {
                servers = new SingleServerSet(host, port, ssl.createSSLSocketFactory(), options);
            } catch (GeneralSecurityException e) {
                throw new ConnectorException(FailureCode.AD_TLS_UNTRUSTED, "cannot set up TLS: " + e.getMessage(), e);
            }
        } else if (tls.equals(Optional.of(DirectoryAccess.Transport.STARTTLS))) {
            verifyHostNames(options);
            try {
                postConnect = new StartTLSPostConnectProcessor(sslUtil().createSSLContext());
            } catch (GeneralSecurityException e) {
                throw new ConnectorException(FailureCode.AD_TLS_UNTRUSTED, "cannot set up TLS: " + e.getMessage(), e);
            }
            servers = new SingleServerSet(host, port, SocketFactory.getDefault(), options);
        } else {
            servers = new SingleServerSet(host, port, SocketFactory.getDefault(), options);
        }
        BindRequest bind = bindRequest(dc);
        try {
            LDAPConnectionPool pool = new LDAPConnectionPool(servers, bind, 1, size, postConnect);
            pool.setConnectionPoolName("odjc " + host);
            pool.setRetryFailedOperationsDueToInvalidConnections(false); // one request, one connection
            pool.setHealthCheck(new GetEntryLDAPConnectionPoolHealthCheck("", 10_000, false, false, false, false, true, true));
            pool.setHealthCheckIntervalMillis(60_000);
            pool.setMaxConnectionAgeMillis(Duration.ofMinutes(30).toMillis());
            return pool;
        } catch (LDAPException e) {
            throw AdResultClassifier.classify(e, "connecting to " + host + " (" + modeName() + ")");
        }
    }

    private BindRequest bindRequest(DcInfo dc) throws ConnectorException {
        // match() cannot throw the checked ConnectorException: pick the bind, then build its request
        Optional<DirectoryAccess.Bind.Kerberos> kerberos = access.bind().match(simple -> Optional.empty(), Optional::of);
        return kerberos.isPresent() ? gssapi(dc, kerberos.get()) : simpleBind((DirectoryAccess.Bind.Simple) access.bind());
    }

    /**
     * The request keeps the UTF-8 array it is given (not a copy) to bind every connection the pool
     * opens later, so those bytes live as long as the pool; the char[] read is wiped here.
     */
    private BindRequest simpleBind(DirectoryAccess.Bind.Simple simple) throws ConnectorException {
        char[] password = simple.password().read(secretFiles, environment);
        try {
            return new SimpleBindRequest(simple.user(), PasswordSource.utf8(password));
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /**
     * SASL GSSAPI from the keytab, requiring confidentiality (AUTH_CONF): every later operation on
     * the connection is sealed, which is what lets AD accept {@code unicodePwd} on port 389.
     */
    private BindRequest gssapi(DcInfo dc, DirectoryAccess.Bind.Kerberos kerberos) throws ConnectorException {
        String principal = kerberos.principal();
        String keytab = kerberos.keytab();
        if (!new File(keytab).canRead()) {
            throw new ConnectorException(FailureCode.AD_SECRET_UNREADABLE, "keytab " + keytab + " cannot be read");
        }
        GSSAPIBindRequestProperties p = new GSSAPIBindRequestProperties(principal, (String) null);
        p.setUseKeyTab(true);
        p.setKeyTabPath(keytab);
        p.setUseTicketCache(false);
        p.setRequireCachedCredentials(false);
        p.setRenewTGT(false);
        p.setIsInitiator(true);
        p.setAllowedQoP(List.of(SASLQualityOfProtection.AUTH_CONF));
        p.setServicePrincipalProtocol("ldap");
        p.setSASLClientServerName(dc.hostName().value());
        p.setRefreshKrb5Config(true);
        if (kerberos.krb5Conf().isPresent()) {
            // The JDK's Kerberos reads krb5.conf only from this process-wide property (the SDK's
            // "config file" is a JAAS file): one krb5.conf per process, which is also how MIT tools work.
            System.setProperty("java.security.krb5.conf", kerberos.krb5Conf().get());
        } else {
            p.setRealm(realmOf(principal));
            p.setKDCAddress(dc.hostName().value());
        }
        try {
            return new GSSAPIBindRequest(p);
        } catch (LDAPException e) {
            throw AdResultClassifier.classify(e, "preparing the Kerberos bind as " + principal);
        }
    }

    SSLUtil sslUtil() throws ConnectorException {
        TrustManager trust;
        if (access.insecureSkipTlsVerify()) {
            warnings.accept("TLS certificate verification is OFF (insecure-skip-tls-verify): anyone on the path to the "
                    + "DC can read the bind password and the machine passwords. Use this in a lab only.");
            trust = new TrustAllTrustManager();
        } else if (access.caFile().isPresent()) {
            try {
                trust = new PEMFileTrustManager(new File(access.caFile().get()));
            } catch (Exception e) {
                throw new ConnectorException(FailureCode.AD_TLS_UNTRUSTED,
                        "CA file " + access.caFile().get() + " holds no usable PEM certificate: " + e.getMessage(), e);
            }
        } else {
            trust = JVMDefaultTrustManager.getInstance();
        }
        return new SSLUtil(trust);
    }

    private void verifyHostNames(LDAPConnectionOptions options) {
        if (!access.insecureSkipTlsVerify()) {
            options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
        }
    }

    private String modeName() {
        return access.mode().name().toLowerCase();
    }

    static String realmOf(String principal) {
        int at = principal.lastIndexOf('@');
        return at < 0 ? "" : principal.substring(at + 1).toUpperCase(java.util.Locale.ROOT);
    }
}
