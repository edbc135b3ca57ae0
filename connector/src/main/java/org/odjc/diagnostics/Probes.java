package org.odjc.diagnostics;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.odjc.domain.DistinguishedName;
import org.odjc.domain.SecurityDescriptor;
import org.odjc.domain.Sid;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.provisioning.DirectoryAccess;
import org.odjc.provisioning.Identity;
import org.odjc.provisioning.MachineAccountQuota;

/**
 * The ports {@link Diagnosis} measures through: each one probe, answering with what it measured
 * (a round trip, a validity, a skew) or the {@link ConnectorException} that says why not. The
 * adapters do the I/O and the timing; the judgement is the core's.
 *
 * @param clock this host's clock, which certificates are judged by (injected: a test offsets it)
 */
public record Probes(DnsProbe dns, PortProbe ports, CertificateProbe certificates, CldapProbe cldap, ClockProbe dcClock,
        DirectoryProbe directory, KeytabProbe keytab, LocalStateProbe local, ProxyProbe proxy, DispatcherProbe dispatcher,
        Clock clock) {
    public Probes {
        Objects.requireNonNull(dns, "dns");
        Objects.requireNonNull(ports, "ports");
        Objects.requireNonNull(certificates, "certificates");
        Objects.requireNonNull(cldap, "cldap");
        Objects.requireNonNull(dcClock, "dcClock");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(keytab, "keytab");
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(proxy, "proxy");
        Objects.requireNonNull(dispatcher, "dispatcher");
        Objects.requireNonNull(clock, "clock");
    }

    /** An SRV record's target and port. */
    public record Srv(String target, int port) {
        public Srv {
            Objects.requireNonNull(target, "target");
        }
    }

    /** DNS as the domain's configured servers (or the system's resolver) answer it. */
    public interface DnsProbe {
        /** Which servers are asked, for the findings ("asked " + this). */
        String describeServers(Diagnosis.Domain domain);

        List<Srv> srv(Diagnosis.Domain domain, String name) throws ConnectorException;

        /** The host's addresses as literals (the first is the one the DC checks use). */
        List<String> addresses(Diagnosis.Domain domain, String host) throws ConnectorException;
    }

    /** A TCP connect's round trip, or the name of the exception that refused it. */
    public record Connect(Optional<Duration> roundTrip, String refusal) {
        public Connect {
            Objects.requireNonNull(roundTrip, "roundTrip");
            Objects.requireNonNull(refusal, "refusal");
        }

        public static Connect connected(Duration roundTrip) {
            return new Connect(Optional.of(roundTrip), "");
        }

        public static Connect refused(String why) {
            return new Connect(Optional.empty(), why);
        }
    }

    /** TCP connects with a short time-out. */
    public interface PortProbe {
        /** @param host an address literal, or a name the system's resolver resolves */
        Connect connect(String host, int port);
    }

    /** A certificate's validity window. */
    public record Validity(Instant notBefore, Instant notAfter) {
        public Validity {
            Objects.requireNonNull(notBefore, "notBefore");
            Objects.requireNonNull(notAfter, "notAfter");
        }
    }

    /** The certificate a DC presents on LDAPS. */
    public interface CertificateProbe {
        Validity ldaps(String host, int port, DirectoryAccess access) throws ConnectorException;
    }

    /** A DC's answer to the CLDAP (LDAP ping) and its round trip. */
    public record CldapAnswer(Duration roundTrip, String dcSite, String clientSite, boolean writable) {
        public CldapAnswer {
            Objects.requireNonNull(roundTrip, "roundTrip");
            Objects.requireNonNull(dcSite, "dcSite");
            clientSite = clientSite == null ? "" : clientSite;
        }
    }

    public interface CldapProbe {
        CldapAnswer ping(String address, String domain) throws ConnectorException;
    }

    /** A DC's clock. */
    public interface ClockProbe {
        /** The DC's clock minus this host's (rootDSE currentTime, corrected by half the round trip). */
        Duration skew(String host) throws ConnectorException;
    }

    /** What the checks read in one directory session: the identity, its key version, DACLs and the quota. */
    public interface DirectoryReads {
        Identity identity() throws ConnectorException;

        OptionalLong keyVersion(Sid sid) throws ConnectorException;

        List<SecurityDescriptor.Ace> dacl(DistinguishedName dn) throws ConnectorException;

        MachineAccountQuota machineAccountQuota(Sid creator) throws ConnectorException;
    }

    /** What the checks do in a session. */
    public interface SessionWork {
        void apply(DirectoryReads session) throws ConnectorException;
    }

    /** Binds to {@code dc} of {@code domain} as configured, as the first request would, and runs {@code work}. */
    public interface DirectoryProbe {
        void inSession(Diagnosis.Domain domain, String dc, SessionWork work) throws ConnectorException;
    }

    /** A keytab's keys, without the keys. */
    public interface KeytabProbe {
        List<KeytabKey> read(String keytabFile) throws ConnectorException;
    }

    /** The journal in the state directory, as far as it could be opened. */
    public record Journal(String path, boolean exists, long bytes, Optional<FailureCode> failure, String message) {
        public Journal {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(failure, "failure");
            Objects.requireNonNull(message, "message");
        }

        public static Journal absent(String path) {
            return new Journal(path, false, 0, Optional.empty(), "");
        }

        public static Journal readable(String path, long bytes) {
            return new Journal(path, true, bytes, Optional.empty(), "");
        }

        public static Journal unreadable(String path, FailureCode code, String message) {
            return new Journal(path, true, 0, Optional.of(code), message == null ? "" : message);
        }
    }

    /** The service's state directory. */
    public interface LocalStateProbe {
        /** Writes and deletes a file in {@code directory}, then answers the space left there. */
        long writableFreeBytes(String directory) throws IOException;

        /** The journal in {@code directory}, opened when it exists. */
        Journal journal(String directory);
    }

    /** One entry of a PAC script's answer. */
    public record Hop(boolean direct, String host, int port, String text) {
        public Hop {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * What WPAD found: the names tried, and when one resolved, the PAC file's URL, the address it came
     * from, its length, its answer for the dispatcher's URL, how long that took, every entry of the
     * answer and the first the connector can use.
     */
    public record PacAnswer(List<String> tried, Optional<String> url, String from, int characters, String result,
            String askedFor, Duration elapsed, List<Hop> all, Optional<Hop> chosen) {
        public PacAnswer {
            tried = List.copyOf(tried);
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(askedFor, "askedFor");
            Objects.requireNonNull(elapsed, "elapsed");
            all = List.copyOf(all);
            Objects.requireNonNull(chosen, "chosen");
        }

        public static PacAnswer notFound(List<String> tried) {
            return new PacAnswer(tried, Optional.empty(), "", 0, "", "", Duration.ZERO, List.of(), Optional.empty());
        }
    }

    /** The proxy side: the JVM's own setting, and WPAD with its PAC script. */
    public interface ProxyProbe {
        /** The JVM's {@code https.proxyHost}, which applies when the service is configured direct. */
        Optional<String> jvmHttpsProxy();

        /** WPAD under {@code home} and its PAC script's answer for the dispatcher's URL. */
        PacAnswer pac(Diagnosis.Domain home) throws ConnectorException;
    }

    /** How the dispatcher is reached. */
    public sealed interface Route {
        /** The JVM's default selector (configured direct: {@code https.proxyHost} may apply). */
        record SystemDefault() implements Route {
        }

        /** No proxy at all. */
        record NoProxy() implements Route {
        }

        /** Through an HTTP proxy, unresolved until used. */
        record Through(String host, int port) implements Route {
            public Through {
                Objects.requireNonNull(host, "host");
            }
        }
    }

    /** The connector's enrolled identity, and the dispatcher reached with it. */
    public interface Enrolled {
        String connectorId();

        Validity certificate();

        /** A mutual-TLS round trip to the dispatcher along {@code route}. */
        Duration probe(Route route) throws ConnectorException;
    }

    public interface DispatcherProbe {
        Enrolled load() throws ConnectorException;
    }
}
