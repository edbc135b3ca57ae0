package org.odjc.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.odjc.config.ConfigLoader;
import org.odjc.config.ConnectorConfig;
import org.odjc.domain.DomainDnsName;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.provisioning.DomainPolicy;

/**
 * Hot reload of the configuration file. What a running service can take without new connections
 * is applied at once, atomically: each domain's OU allow-list, default OU and DC. What needs them
 * (binds, DNS servers, the list of domains, the service section) is reported as needing a restart
 * and left as it was, never half-applied. A file that does not validate changes nothing: the last
 * good configuration stays, and the outcome says why. Thread-safe.
 */
public final class ConfigReloader {
    /** What one look at the file found. */
    public sealed interface Outcome {
        record Unchanged() implements Outcome {
        }

        /**
         * @param changed the keys whose values changed, in file order ({@code ous}, {@code defaultOu},
         *        {@code service.workers}…; prefixed {@code domain/} when the file has several domains)
         * @param restartNeededFor what changed but only takes effect after a restart (empty: none)
         */
        record Applied(List<String> changed, List<String> restartNeededFor) implements Outcome {
            public Applied {
                changed = List.copyOf(changed);
                restartNeededFor = List.copyOf(restartNeededFor);
            }
        }

        record Rejected(ConnectorException why) implements Outcome {
        }
    }

    private final Path file;
    private final AtomicReference<Map<String, DomainPolicy>> policies;
    private ConnectorConfig current;
    private byte[] digest;

    public ConfigReloader(Path file, ConnectorConfig loaded) throws ConnectorException {
        this.file = file;
        this.current = loaded;
        this.policies = new AtomicReference<>(policies(loaded));
        this.digest = digest();
    }

    /** The policy of {@code domain} as last applied. */
    public Optional<DomainPolicy> policy(DomainDnsName domain) {
        return Optional.ofNullable(policies.get().get(domain.lowerCase()));
    }

    /** The allow-listed OUs per domain as last applied ({@code " and below"} marks includeChildren), for the heartbeat. */
    public Map<String, List<String>> allowedOus() {
        Map<String, List<String>> out = new TreeMap<>();
        policies.get().forEach((domain, p) -> out.put(domain, p.allowList().entries().stream()
                .map(e -> e.ou() + (e.includeChildren() ? " and below" : "")).toList()));
        return out;
    }

    /** The configuration as last read (what the diagnostics check). */
    public synchronized ConnectorConfig current() {
        return current;
    }

    /** Reads the file if its content changed and applies what it can. */
    public synchronized Outcome reload() {
        byte[] now;
        try {
            now = digest();
        } catch (ConnectorException e) {
            return new Outcome.Rejected(e);
        }
        if (Arrays.equals(now, digest)) {
            return new Outcome.Unchanged();
        }
        ConnectorConfig next;
        try {
            next = ConfigLoader.load(file);
        } catch (ConnectorException e) {
            digest = now; // report a bad edit once, not on every look
            return new Outcome.Rejected(e);
        }
        digest = now;
        List<String> restart = restartNeededFor(current, next);
        ConnectorConfig previous = current;
        Map<String, DomainPolicy> applied = new HashMap<>(policies.get());
        for (ConnectorConfig.Domain d : next.domains()) {
            String key = d.name().lowerCase();
            if (applied.containsKey(key)) {
                applied.put(key, policy(d));
            }
        }
        policies.set(Map.copyOf(applied));
        current = next;
        return new Outcome.Applied(changed(previous, next), restart);
    }

    /** The keys whose values differ between {@code was} and {@code is}. */
    static List<String> changed(ConnectorConfig was, ConnectorConfig is) {
        List<String> out = new ArrayList<>();
        List<String> wasNames = was.domains().stream().map(d -> d.name().lowerCase()).toList();
        List<String> isNames = is.domains().stream().map(d -> d.name().lowerCase()).toList();
        if (!wasNames.equals(isNames)) {
            out.add("domains");
        }
        boolean several = is.domains().size() > 1;
        for (ConnectorConfig.Domain d : is.domains()) {
            String p = several ? d.name().lowerCase() + "/" : "";
            was.domain(d.name()).ifPresent(old -> {
                diff(out, p + "dcs", old.dcs(), d.dcs());
                diff(out, p + "dnsServers", old.dnsServers(), d.dnsServers());
                diff(out, p + "bind", old.access(), d.access());
                diff(out, p + "ous", old.ous(), d.ous());
                diff(out, p + "defaultOu", old.defaultOu(), d.defaultOu());
            });
        }
        if (was.service().isPresent() != is.service().isPresent()) {
            out.add("service");
        } else if (was.service().isPresent()) {
            ConnectorConfig.Service a = was.service().get();
            ConnectorConfig.Service b = is.service().get();
            diff(out, "service.dispatcher", a.dispatcher(), b.dispatcher());
            diff(out, "service.identity", a.identity(), b.identity());
            diff(out, "service.stateDirectory", a.stateDirectory(), b.stateDirectory());
            diff(out, "service.workers", a.workers(), b.workers());
            diff(out, "service.proxy", a.proxy(), b.proxy());
            diff(out, "service.admin", a.admin(), b.admin());
            diff(out, "service.journalRetention", a.journalRetention(), b.journalRetention());
        }
        diff(out, "cleanup.olderThan", was.cleanup().policy().olderThan(), is.cleanup().policy().olderThan());
        diff(out, "cleanup.grace", was.cleanup().policy().grace(), is.cleanup().policy().grace());
        diff(out, "cleanup.every", was.cleanup().every(), is.cleanup().every());
        return out;
    }

    private static void diff(List<String> out, String key, Object was, Object is) {
        if (!java.util.Objects.equals(was, is)) {
            out.add(key);
        }
    }

    private static List<String> restartNeededFor(ConnectorConfig was, ConnectorConfig is) {
        List<String> out = new ArrayList<>();
        List<String> wasNames = was.domains().stream().map(d -> d.name().lowerCase()).sorted().toList();
        List<String> isNames = is.domains().stream().map(d -> d.name().lowerCase()).sorted().toList();
        if (!wasNames.equals(isNames)) {
            out.add("domains " + wasNames + " -> " + isNames);
        }
        for (ConnectorConfig.Domain d : is.domains()) {
            was.domain(d.name()).ifPresent(old -> {
                if (!old.access().equals(d.access())) {
                    out.add(d.name() + " bind");
                }
                if (!old.dnsServers().equals(d.dnsServers())) {
                    out.add(d.name() + " dnsServers");
                }
            });
        }
        if (!was.service().equals(is.service())) {
            out.add("service");
        }
        if (!was.cleanup().every().equals(is.cleanup().every())) {
            out.add("cleanup.every"); // olderThan and grace apply at the next scheduled run
        }
        return out;
    }

    static Map<String, DomainPolicy> policies(ConnectorConfig c) {
        Map<String, DomainPolicy> out = new HashMap<>();
        c.domains().forEach(d -> out.put(d.name().lowerCase(), policy(d)));
        return Map.copyOf(out);
    }

    private static DomainPolicy policy(ConnectorConfig.Domain d) {
        return new DomainPolicy(d.ous(), d.defaultOu(), d.dcs().stream().findFirst());
    }

    private byte[] digest() throws ConnectorException {
        try {
            return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new ConnectorException(FailureCode.CONFIG_UNREADABLE, file + ": " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
