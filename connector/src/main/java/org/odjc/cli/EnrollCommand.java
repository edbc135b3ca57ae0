package org.odjc.cli;

import java.net.ProxySelector;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.odjc.cloud.EnrolledIdentity;
import org.odjc.cloud.Enrollment;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code odjc enroll}: trade a one-time token for this connector's client certificate. The token is
 * read from a file or standard input, never from the command line (it would show in the process
 * list and the shell history).
 */
@Command(name = "enroll",
        description = {"Enroll this connector with a dispatcher (one-time token).",
            "Enroll this connector with a dispatcher: make a key, send a certificate request with a one-time",
            "token, and write connector-id, client.key (0600), client.pem and ca.pem to the identity directory.",
            "The dispatcher is trusted only through the CA given by --ca-sha256 or --ca-file."})
final class EnrollCommand extends CliCommand implements Callable<Integer> {
    @Option(names = "--dispatcher", required = true, paramLabel = "URL", description = "e.g. https://dispatcher.example.com")
    URI dispatcher;

    @Option(names = "--token-file", required = true, paramLabel = "FILE",
            description = "The enrollment token (odjc-dispatcher token prints it); '-' reads standard input.")
    String tokenFile;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Trust trust;

    static final class Trust {
        @Option(names = "--ca-sha256", paramLabel = "HEX", description = "SHA-256 fingerprint of the dispatcher's CA certificate.")
        String sha256;

        @Option(names = "--ca-file", paramLabel = "FILE", description = "The dispatcher's CA certificate (PEM).")
        Path file;
    }

    @Option(names = "--identity", required = true, paramLabel = "DIR",
            description = "Where to write the identity (the service's identity: setting).")
    Path identity;

    @Option(names = "--service-user", paramLabel = "ACCOUNT",
            description = "Windows: the service's account (DOMAIN\\gmsa$, LocalSystem), which alone with the administrators may"
                    + " read the DPAPI-protected client.key; elsewhere unused (run odjc enroll as the service user).")
    String serviceUser;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Reach the dispatcher as this configuration's service.proxy says (direct, a proxy, or wpad);"
                    + " without it, directly or through the JVM's https.proxyHost.")
    Path config;

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getCanonicalHostName();
        } catch (java.net.UnknownHostException e) {
            return "unknown";
        }
    }

    @Override
    public Integer call() throws Exception {
        if (Files.exists(identity.resolve("client.key"))) {
            throw new ConnectorException(FailureCode.FILE_EXISTS, identity.resolve("client.key")
                    + ": this directory already holds an identity; move it away to enroll again");
        }
        String token = new String(CliFiles.read(tokenFile, stdin(), 4096, FailureCode.CLI_USAGE),
                StandardCharsets.US_ASCII).strip();
        Enrollment.Pin pin;
        try {
            pin = trust.sha256 != null ? new Enrollment.Pin.Fingerprint(trust.sha256)
                    : new Enrollment.Pin.CaCertificates(EnrolledIdentity.certificatesIn(trust.file));
        } catch (IllegalArgumentException e) {
            throw new ConnectorException(FailureCode.INPUT_BAD_CERTIFICATE, "--ca-sha256: " + e.getMessage());
        }
        ProxySelector proxies = config == null ? ProxySelector.getDefault()
                : org.odjc.host.Proxies.selector(org.odjc.config.ConfigLoader.load(config), java.time.Clock.systemUTC(),
                        line -> spec.commandLine().getErr().println(line));
        EnrolledIdentity id = new Enrollment(proxies, Duration.ofSeconds(30), new SecureRandom(),
                org.odjc.host.HostSecrets.protectedFiles(java.util.Optional.ofNullable(serviceUser)))
                .enroll(dispatcher, token, pin, identity, hostName(), List.of());
        out().println("enrolled connectorId=" + id.connectorId() + " certificateExpires="
                + id.certificate().getNotAfter().toInstant() + " identity=" + identity);
        return OdjcMain.EXIT_OK;
    }
}
