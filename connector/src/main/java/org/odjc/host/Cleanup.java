package org.odjc.host;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.odjc.config.ConnectorConfig;
import org.odjc.domain.DomainDnsName;
import org.odjc.failure.ConnectorException;
import org.odjc.provisioning.AccountCleanup;
import org.odjc.provisioning.AccountLedger;
import org.odjc.provisioning.CleanupPolicy;

/**
 * Runs {@link AccountCleanup} for each configured domain, each in one DC session: for
 * {@code odjc cleanup} and the service's schedule. A domain whose journal holds no accounts is not
 * even bound to.
 */
public final class Cleanup {
    private Cleanup() {
    }

    /**
     * One domain's run.
     *
     * @param failure why the domain could not be worked on at all (DC unreachable, bind refused)
     */
    public record DomainRun(DomainDnsName domain, List<AccountCleanup.Outcome> outcomes, Optional<ConnectorException> failure) {
        public DomainRun {
            Objects.requireNonNull(domain, "domain");
            outcomes = List.copyOf(outcomes);
            Objects.requireNonNull(failure, "failure");
        }
    }

    /**
     * @param only one domain, or empty for all configured
     * @throws ConnectorException {@code CLI-002} when {@code only} is not configured; the ledger's
     *         code when it cannot be read
     */
    public static List<DomainRun> run(ConnectorConfig config, AccountLedger ledger, Map<String, String> environment,
            Clock clock, CleanupPolicy policy, boolean apply, Optional<DomainDnsName> only) throws ConnectorException {
        List<ConnectorConfig.Domain> domains = config.domains();
        if (only.isPresent()) {
            ConnectorConfig.Domain d = config.domain(only.get()).orElseThrow(() -> new ConnectorException(
                    org.odjc.failure.FailureCode.CLI_USAGE, only.get() + " is not a configured domain"));
            domains = List.of(d);
        }
        AccountCleanup cleanup = new AccountCleanup(clock);
        List<DomainRun> out = new ArrayList<>();
        for (ConnectorConfig.Domain d : domains) {
            if (ledger.owned(d.name()).isEmpty()) {
                out.add(new DomainRun(d.name(), List.of(), Optional.empty()));
                continue;
            }
            try {
                List<AccountCleanup.Outcome> outcomes = DirectoryAdapters.inSession(d, d.dcs().stream().findFirst(),
                        environment, s -> cleanup.run(s, ledger, d.name(), policy, apply));
                out.add(new DomainRun(d.name(), outcomes, Optional.empty()));
            } catch (ConnectorException e) {
                if (e.code() == org.odjc.failure.FailureCode.JOURNAL_UNAVAILABLE) {
                    throw e;
                }
                out.add(new DomainRun(d.name(), List.of(), Optional.of(e)));
            }
        }
        return out;
    }
}
