package org.odjc.provisioning;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.odjc.domain.DomainDnsName;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

/**
 * Port: the domains latched by a {@code LATCH} failure, kept where only the service account (and
 * root) can write: the state directory's journal. {@code odjc halt clear} removes a latch; the
 * running service reads the latches on every turn of its loop, so it notices.
 */
public interface HaltLatches {
    /**
     * One latched domain.
     *
     * @param detail the failure's message, one line (what to delete, say); never a secret
     */
    record Latch(DomainDnsName domain, FailureCode code, Instant since, String detail) {
        public Latch {
            Objects.requireNonNull(domain, "domain");
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(since, "since");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** Every latch, by domain name. */
    List<Latch> latched() throws ConnectorException;

    /** Latches {@code latch.domain()}; a domain already latched keeps its first code and time. */
    void latch(Latch latch) throws ConnectorException;

    /** Clears {@code domain}'s latch, or every latch when empty; returns what it cleared. */
    List<Latch> clear(Optional<DomainDnsName> domain) throws ConnectorException;

    /** Kept in memory only: for the demo and for tests that do not look at latches. */
    static HaltLatches inMemory() {
        return new HaltLatches() {
            private final java.util.Map<String, Latch> latches = new java.util.concurrent.ConcurrentSkipListMap<>();

            @Override
            public List<Latch> latched() {
                return List.copyOf(latches.values());
            }

            @Override
            public void latch(Latch latch) {
                latches.putIfAbsent(latch.domain().lowerCase(), latch);
            }

            @Override
            public List<Latch> clear(Optional<DomainDnsName> domain) {
                List<Latch> cleared = latched().stream()
                        .filter(l -> domain.isEmpty() || l.domain().lowerCase().equals(domain.get().lowerCase())).toList();
                cleared.forEach(l -> latches.remove(l.domain().lowerCase()));
                return cleared;
            }
        };
    }
}
