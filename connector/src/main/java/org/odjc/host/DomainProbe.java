package org.odjc.host;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.odjc.config.ConnectorConfig;
import org.odjc.domain.DcInfo;
import org.odjc.domain.DomainDnsName;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.provisioning.DcLocator;
import org.odjc.provisioning.Directory;
import org.odjc.provisioning.DirectorySession;

/**
 * Whether each configured domain has a usable DC right now, for {@code /readyz}: locates the DCs
 * as a request would, binds to the first that answers and reads one object (a pooled connection
 * to a stopped DC only fails when used). Runs on one scheduler thread; results are read from others.
 */
final class DomainProbe {
    /** One domain's last verdict. */
    record Verdict(boolean usable, Optional<FailureCode> code, String detail, Instant at) {
    }

    private final Supplier<ConnectorConfig> config;
    private final DcLocator locator;
    private final Directory directory;
    private final Clock clock;
    private final Map<String, Verdict> verdicts = new ConcurrentHashMap<>();

    DomainProbe(Supplier<ConnectorConfig> config, DcLocator locator, Directory directory, Clock clock) {
        this.config = config;
        this.locator = locator;
        this.directory = directory;
        this.clock = clock;
    }

    void runOnce() {
        for (ConnectorConfig.Domain d : config.get().domains()) {
            verdicts.put(d.name().lowerCase(), probe(d));
        }
    }

    private Verdict probe(ConnectorConfig.Domain d) {
        ConnectorException last = null;
        try {
            List<DcInfo> dcs = locator.locate(d.name(), d.dcs().stream().findFirst());
            for (DcInfo dc : dcs) {
                try (DirectorySession s = directory.open(dc)) {
                    s.exists(s.computersContainer());
                    return new Verdict(true, Optional.empty(), dc.hostName() + " answers", clock.instant());
                } catch (ConnectorException e) {
                    last = e;
                }
            }
        } catch (ConnectorException e) {
            last = e;
        } catch (RuntimeException e) { // a bug in an adapter must not end the schedule, and says so
            last = new ConnectorException(FailureCode.CLI_INTERNAL, e.toString(), e);
        }
        if (last == null) {
            last = new ConnectorException(FailureCode.DC_NONE_USABLE, "the locator found no DC");
        }
        return new Verdict(false, Optional.of(last.code()), last.code().summary()
                + (last.detail().isEmpty() ? "" : ": " + last.detail()), clock.instant());
    }

    /** The last verdict for {@code domain}; empty before its first probe ended. */
    Optional<Verdict> verdict(DomainDnsName domain) {
        return Optional.ofNullable(verdicts.get(domain.lowerCase()));
    }
}
