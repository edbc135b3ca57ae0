package org.odjc.host;

import java.net.ProxySelector;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.function.Consumer;
import org.odjc.cloud.EnrolledIdentity;
import org.odjc.cloud.Enrollment;
import org.odjc.cloud.HttpCloudChannel;
import org.odjc.failure.ConnectorException;
import org.odjc.telemetry.Event;

/** Renews the client certificate in the last third of its lifetime; the current one stays in use until then. */
final class CertificateRenewal {
    private final URI dispatcher;
    private final Path dir;
    private final HttpCloudChannel cloud;
    private final ProxySelector proxy;
    private final Clock clock;
    private volatile EnrolledIdentity current;

    CertificateRenewal(URI dispatcher, Path dir, EnrolledIdentity current, HttpCloudChannel cloud, ProxySelector proxy,
            Clock clock) {
        this.dispatcher = dispatcher;
        this.dir = dir;
        this.current = current;
        this.cloud = cloud;
        this.proxy = proxy;
        this.clock = clock;
    }

    EnrolledIdentity current() {
        return current;
    }

    /** Renews when due; the channel switches to the new certificate at once. A failure is logged, never fatal. */
    void check(Consumer<String> log) {
        if (!Enrollment.dueForRenewal(current.certificate(), clock.instant())) {
            return;
        }
        try {
            current = new Enrollment(proxy, ConnectorHost.HTTP_TIMEOUT, new SecureRandom(), HostSecrets.protectedFiles())
                    .renew(dispatcher, current, dir);
            cloud.useIdentity(current);
            log.accept(Event.CERTIFICATE_RENEWED.line() + " connectorId=" + current.connectorId() + " expires="
                    + current.certificate().getNotAfter().toInstant());
        } catch (ConnectorException e) {
            log.accept(Event.CERTIFICATE_RENEWAL_FAILED.line() + " code=" + e.code().id() + " expires="
                    + current.certificate().getNotAfter().toInstant());
        }
    }
}
