package org.odjc.config;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.odjc.config.YamlTree.Mapping;
import org.odjc.config.YamlTree.Node;
import org.odjc.config.YamlTree.Scalar;
import org.odjc.config.YamlTree.Sequence;
import org.odjc.domain.DistinguishedName;
import org.odjc.domain.DomainDnsName;
import org.odjc.domain.IpAddress;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.provisioning.DirectoryAccess;
import org.odjc.provisioning.OuAllowList;

/**
 * Reads {@code connector.yaml} and checks all of it before returning: every problem (unknown
 * key, wrong type, invalid name or DN, missing secret reference, contradiction) is reported with
 * its path and line in one {@code CONFIG-001} failure. Relative file paths are taken relative to
 * the configuration file's directory.
 */
public final class ConfigLoader {
    private static final long MAX_BYTES = 1 << 20;

    private final ConfigProblems problems;
    private final Path baseDir;

    private ConfigLoader(String source, Path baseDir) {
        this.problems = new ConfigProblems(source);
        this.baseDir = baseDir;
    }

    public static ConnectorConfig load(Path file) throws ConnectorException {
        byte[] yaml;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new ConnectorException(FailureCode.CONFIG_INVALID, file + " is larger than 1 MiB");
            }
            yaml = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConnectorException(FailureCode.CONFIG_UNREADABLE, file + ": " + e.getMessage());
        }
        Path dir = file.toAbsolutePath().getParent();
        return parse(yaml, file.toString(), dir);
    }

    /** Parses configuration text; {@code baseDir} resolves relative paths. */
    public static ConnectorConfig parse(byte[] yaml, String source, Path baseDir) throws ConnectorException {
        ConfigLoader loader = new ConfigLoader(source, baseDir);
        ConnectorConfig config = loader.root(YamlTree.parse(yaml, loader.problems));
        loader.problems.throwIfAny();
        return config;
    }

    private ConnectorConfig root(Node node) {
        Mapping root = mapping(node, "", Set.of("domains", "service", "cleanup"));
        if (root == null) {
            return null;
        }
        List<ConnectorConfig.Domain> domains = new ArrayList<>();
        Sequence list = sequence(required(root, "domains", ""), "domains");
        if (list != null) {
            if (list.items().isEmpty()) {
                problems.add("domains", list.line(), "must list at least one domain");
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < list.items().size(); i++) {
                int at = i;
                // checked as soon as the name parses: a domain with another problem (a bind) is still a duplicate
                ConnectorConfig.Domain d = domain(list.items().get(i), "domains[" + i + "]", name -> {
                    if (!seen.add(name.lowerCase())) {
                        problems.add("domains[" + at + "].name", list.items().get(at).line(), "domain " + name
                                + " is configured twice");
                    }
                });
                domains.add(d);
            }
        }
        Optional<ConnectorConfig.Service> service = root.entries().containsKey("service")
                ? Optional.ofNullable(service(root.entries().get("service"), "service")) : Optional.empty();
        ConnectorConfig.Cleanup cleanup = root.entries().containsKey("cleanup")
                ? cleanup(root.entries().get("cleanup"), "cleanup") : ConnectorConfig.Cleanup.DEFAULTS;
        return problems.isEmpty() ? new ConnectorConfig(domains, service, cleanup) : null;
    }

    /** Bounds: younger than a day is too soon for a device to have met a DC; a schedule more often than hourly is load for nothing. */
    static final java.time.Duration MIN_OLDER_THAN = java.time.Duration.ofDays(1);
    static final java.time.Duration MIN_GRACE = java.time.Duration.ofDays(1);
    static final java.time.Duration MIN_EVERY = java.time.Duration.ofHours(1);
    static final java.time.Duration MAX_DURATION = java.time.Duration.ofDays(3650);

    private ConnectorConfig.Cleanup cleanup(Node node, String path) {
        Mapping m = mapping(node, path, Set.of("olderThan", "grace", "every"));
        if (m == null) {
            return null;
        }
        java.time.Duration olderThan = duration(m, "olderThan", path, MIN_OLDER_THAN,
                org.odjc.provisioning.CleanupPolicy.DEFAULT_OLDER_THAN);
        java.time.Duration grace = duration(m, "grace", path, MIN_GRACE, org.odjc.provisioning.CleanupPolicy.DEFAULT_GRACE);
        Optional<java.time.Duration> every = Optional.empty();
        String e = text(m.entries().get("every"), path + ".every");
        if (e != null && !e.equals("off")) {
            every = Optional.ofNullable(duration(m, "every", path, MIN_EVERY, null));
        }
        if (olderThan == null || grace == null) {
            return null;
        }
        return new ConnectorConfig.Cleanup(new org.odjc.provisioning.CleanupPolicy(olderThan, grace), every);
    }

    /** {@code m.key} as a duration of at least {@code min}; {@code dflt} when absent; null (and a problem) when invalid. */
    private java.time.Duration duration(Mapping m, String key, String path, java.time.Duration min,
            java.time.Duration dflt) {
        if (!m.entries().containsKey(key)) {
            return dflt;
        }
        return parsed(m.entries().get(key), path + "." + key, t -> Durations.parse(t, min, MAX_DURATION));
    }

    private ConnectorConfig.Service service(Node node, String path) {
        Mapping m = mapping(node, path, Set.of("dispatcher", "identity", "stateDirectory", "workers", "proxy", "admin",
                "journalRetention"));
        if (m == null) {
            return null;
        }
        URI dispatcher = parsed(required(m, "dispatcher", path), path + ".dispatcher", t -> {
            URI u;
            try {
                u = new URI(t);
            } catch (URISyntaxException e) {
                throw new ConnectorException(FailureCode.CONFIG_INVALID, "'" + t + "' is not a URL");
            }
            if (!"https".equalsIgnoreCase(u.getScheme()) || u.getHost() == null) {
                throw new ConnectorException(FailureCode.CONFIG_INVALID, "'" + t + "' must be an https:// URL");
            }
            return u;
        });
        required(m, "identity", path);
        required(m, "stateDirectory", path);
        Optional<String> identity = file(m, "identity", path);
        Optional<String> state = file(m, "stateDirectory", path);
        int workers = 4;
        String w = text(m.entries().get("workers"), path + ".workers");
        if (w != null) {
            try {
                workers = Integer.parseInt(w);
            } catch (NumberFormatException e) {
                workers = -1;
            }
            if (workers < 1 || workers > 64) {
                problems.add(path + ".workers", m.entries().get("workers").line(), "must be a number from 1 to 64, is '"
                        + w + "'");
            }
        }
        ConnectorConfig.ProxySetting proxy = new ConnectorConfig.ProxySetting.Direct();
        if (m.entries().get("proxy") != null) {
            proxy = parsed(m.entries().get("proxy"), path + ".proxy", ConfigLoader::proxy);
        }
        Optional<java.net.InetSocketAddress> admin = Optional.empty();
        if (m.entries().get("admin") != null) {
            admin = Optional.ofNullable(parsed(m.entries().get("admin"), path + ".admin", ConfigLoader::admin))
                    .flatMap(a -> a);
        }
        java.time.Duration retention = duration(m, "journalRetention", path, MIN_OLDER_THAN,
                ConnectorConfig.Service.DEFAULT_JOURNAL_RETENTION);
        if (dispatcher == null || identity.isEmpty() || state.isEmpty() || proxy == null || retention == null) {
            return null;
        }
        return new ConnectorConfig.Service(dispatcher, Path.of(identity.get()), Path.of(state.get()), workers, proxy,
                admin, retention);
    }

    /**
     * {@code off}, a port (on 127.0.0.1), or {@code IP:port} ({@code [IPv6]:port}). Only IP literals:
     * the endpoint has no authentication, so where it listens must not depend on a name lookup.
     */
    public static Optional<java.net.InetSocketAddress> admin(String t) throws ConnectorException {
        if (t.equals("off")) {
            return Optional.empty();
        }
        String host = "127.0.0.1";
        String port = t;
        int colon = t.lastIndexOf(':');
        if (colon >= 0) {
            host = t.substring(0, colon);
            port = t.substring(colon + 1);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            } else if (host.contains(":")) {
                host = null; // an IPv6 address needs its brackets, or its last group reads as the port
            }
        }
        int p = -1;
        if (port.matches("[0-9]{1,5}")) {
            p = Integer.parseInt(port);
        }
        boolean ip;
        try {
            ip = host != null && IpAddress.parse(host) != null;
        } catch (ConnectorException e) {
            ip = false;
        }
        if (!ip || p < 0 || p > 65535) {
            throw new ConnectorException(FailureCode.CONFIG_INVALID, "'" + t + "' must be off, a port (0-65535, on "
                    + "127.0.0.1), or IP:port such as 127.0.0.1:9464 or [::1]:9464");
        }
        return Optional.of(new java.net.InetSocketAddress(host, p)); // an IP literal: no lookup happens
    }

    /** {@code direct}, {@code wpad}, or {@code http://host:port} of a proxy that tunnels HTTPS with CONNECT. */
    private static ConnectorConfig.ProxySetting proxy(String t) throws ConnectorException {
        if (t.equals("direct")) {
            return new ConnectorConfig.ProxySetting.Direct();
        }
        if (t.equals("wpad")) {
            return new ConnectorConfig.ProxySetting.Wpad();
        }
        try {
            URI u = new URI(t);
            if ("http".equalsIgnoreCase(u.getScheme()) && u.getHost() != null && u.getPort() > 0
                    && (u.getPath() == null || u.getPath().isEmpty() || u.getPath().equals("/")) && u.getUserInfo() == null) {
                return new ConnectorConfig.ProxySetting.Explicit(
                        java.net.InetSocketAddress.createUnresolved(u.getHost(), u.getPort()));
            }
        } catch (URISyntaxException e) {
            // refused below
        }
        throw new ConnectorException(FailureCode.CONFIG_INVALID, "'" + t + "' must be direct, wpad or http://host:port"
                + " (no credentials: the proxy must admit this host)");
    }

    private ConnectorConfig.Domain domain(Node node, String path, java.util.function.Consumer<DomainDnsName> named) {
        Mapping m = mapping(node, path, Set.of("name", "dcs", "dnsServers", "bind", "ous", "defaultOu"));
        if (m == null) {
            return null;
        }
        DomainDnsName name = parsed(required(m, "name", path), path + ".name", DomainDnsName::parse);
        if (name != null) {
            named.accept(name);
        }
        List<DomainDnsName> dcs = list(m.entries().get("dcs"), path + ".dcs", DomainDnsName::parse);
        List<IpAddress> dns = list(m.entries().get("dnsServers"), path + ".dnsServers", IpAddress::parse);
        DirectoryAccess access = bind(required(m, "bind", path), path + ".bind");
        OuAllowList ous = ous(required(m, "ous", path), path + ".ous", name);
        Optional<DistinguishedName> defaultOu = Optional.ofNullable(
                parsed(m.entries().get("defaultOu"), path + ".defaultOu", DistinguishedName::parse));
        if (defaultOu.isPresent() && !inside(defaultOu.get(), namingContext(name))) {
            problems.add(path + ".defaultOu", m.entries().get("defaultOu").line(), outside(defaultOu.get(), name));
        } else if (defaultOu.isPresent() && ous != null && !ous.permits(defaultOu.get())) {
            problems.add(path + ".defaultOu", m.entries().get("defaultOu").line(), "is not in ous");
        }
        if (name == null || access == null || ous == null) {
            return null;
        }
        return new ConnectorConfig.Domain(name, dcs, dns, access, ous, defaultOu);
    }

    private DirectoryAccess bind(Node node, String path) {
        Mapping m = mapping(node, path, Set.of("mode", "user", "passwordFile", "passwordEnv", "keytab", "principal",
                "krb5Conf", "caFile", "insecureSkipTlsVerify"));
        if (m == null) {
            return null;
        }
        String modeText = text(required(m, "mode", path), path + ".mode");
        DirectoryAccess.BindMode mode = null;
        if (modeText != null) {
            try {
                mode = DirectoryAccess.BindMode.valueOf(modeText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(path + ".mode", m.entries().get("mode").line(), "'" + modeText
                        + "' is not one of ldaps, starttls, kerberos");
            }
        }
        Optional<String> user = Optional.ofNullable(text(m.entries().get("user"), path + ".user"));
        Optional<String> passwordFile = file(m, "passwordFile", path);
        Optional<String> passwordEnv = Optional.ofNullable(text(m.entries().get("passwordEnv"), path + ".passwordEnv"));
        Optional<String> keytab = file(m, "keytab", path);
        Optional<String> principal = Optional.ofNullable(text(m.entries().get("principal"), path + ".principal"));
        Optional<String> krb5 = file(m, "krb5Conf", path);
        Optional<String> ca = file(m, "caFile", path);
        boolean insecure = bool(m.entries().get("insecureSkipTlsVerify"), path + ".insecureSkipTlsVerify");
        if (mode == null) {
            return null;
        }
        try {
            return new DirectoryAccess(DirectoryAccess.Bind.of(mode, user, passwordFile, passwordEnv, keytab, principal,
                    krb5), ca, insecure);
        } catch (IllegalArgumentException e) {
            problems.add(path, m.line(), e.getMessage());
            return null;
        }
    }

    /** The domain's naming context ({@code DC=corp,DC=example,DC=com}); null when the name was invalid. */
    private static DistinguishedName namingContext(DomainDnsName name) {
        try {
            return name == null ? null : DistinguishedName.parse(name.toNamingContext());
        } catch (ConnectorException e) {
            return null;
        }
    }

    private static boolean inside(DistinguishedName dn, DistinguishedName nc) {
        return nc == null || dn.equals(nc) || dn.isDescendantOf(nc);
    }

    /** Names YAML's trap too: in a flow list {@code [OU=A,DC=x]} the commas split the DN into items. */
    private static String outside(DistinguishedName dn, DomainDnsName domain) {
        return "'" + dn + "' is not inside " + domain.toNamingContext() + " (inside [ ] quote each DN: YAML splits it "
                + "at its commas)";
    }

    private OuAllowList ous(Node node, String path, DomainDnsName domain) {
        DistinguishedName nc = namingContext(domain);
        Sequence list = sequence(node, path);
        if (list == null) {
            return null;
        }
        if (list.items().isEmpty()) {
            problems.add(path, list.line(), "must list at least one OU: the connector writes nowhere else");
        }
        List<OuAllowList.Entry> entries = new ArrayList<>();
        for (int i = 0; i < list.items().size(); i++) {
            String p = path + "[" + i + "]";
            Node item = list.items().get(i);
            if (item instanceof Scalar) {
                DistinguishedName dn = parsed(item, p, DistinguishedName::parse);
                if (dn != null && !inside(dn, nc)) {
                    problems.add(p, item.line(), outside(dn, domain));
                } else if (dn != null) {
                    entries.add(new OuAllowList.Entry(dn, false));
                }
                continue;
            }
            Mapping m = mapping(item, p, Set.of("dn", "includeChildren"));
            if (m != null) {
                DistinguishedName dn = parsed(required(m, "dn", p), p + ".dn", DistinguishedName::parse);
                boolean children = bool(m.entries().get("includeChildren"), p + ".includeChildren");
                if (dn != null && !inside(dn, nc)) {
                    problems.add(p + ".dn", m.entries().get("dn").line(), outside(dn, domain));
                } else if (dn != null) {
                    entries.add(new OuAllowList.Entry(dn, children));
                }
            }
        }
        return OuAllowList.of(entries);
    }

    // ---- typed access that records problems instead of throwing

    private interface Parser<T> {
        T parse(String text) throws ConnectorException;
    }

    private Mapping mapping(Node node, String path, Set<String> allowed) {
        if (node == null) {
            return null;
        }
        if (!(node instanceof Mapping m)) {
            problems.add(path, node.line(), "must be a mapping of keys to values");
            return null;
        }
        for (Map.Entry<String, Integer> key : m.keyLines().entrySet()) {
            if (!allowed.contains(key.getKey())) {
                problems.add(path.isEmpty() ? key.getKey() : path + "." + key.getKey(), key.getValue(),
                        "unknown key (expected one of " + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
        return m;
    }

    private Sequence sequence(Node node, String path) {
        if (node == null) {
            return null;
        }
        if (!(node instanceof Sequence s)) {
            problems.add(path, node.line(), "must be a list");
            return null;
        }
        return s;
    }

    private Node required(Mapping m, String key, String path) {
        Node n = m.entries().get(key);
        if (n == null || n instanceof Scalar s && s.text() == null) {
            problems.add(path.isEmpty() ? key : path + "." + key, m.line(), "is required");
            return null;
        }
        return n;
    }

    private String text(Node node, String path) {
        if (node == null) {
            return null;
        }
        if (!(node instanceof Scalar s)) {
            problems.add(path, node.line(), "must be a single value");
            return null;
        }
        if (s.text() != null && s.text().isBlank()) {
            problems.add(path, node.line(), "must not be empty");
            return null;
        }
        return s.text();
    }

    private boolean bool(Node node, String path) {
        String t = text(node, path);
        if (t == null) {
            return false;
        }
        if (!t.equals("true") && !t.equals("false")) {
            problems.add(path, node.line(), "must be true or false, is '" + t + "'");
            return false;
        }
        return Boolean.parseBoolean(t);
    }

    private Optional<String> file(Mapping m, String key, String path) {
        String t = text(m.entries().get(key), path + "." + key);
        if (t == null) {
            return Optional.empty();
        }
        Path p = Path.of(t);
        return Optional.of((p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p)).normalize().toString());
    }

    private <T> T parsed(Node node, String path, Parser<T> parser) {
        String t = text(node, path);
        if (t == null) {
            return null;
        }
        try {
            return parser.parse(t);
        } catch (ConnectorException e) {
            problems.add(path, node.line(), e.getMessage());
            return null;
        }
    }

    private <T> List<T> list(Node node, String path, Parser<T> parser) {
        Sequence s = sequence(node, path);
        List<T> out = new ArrayList<>();
        if (s != null) {
            for (int i = 0; i < s.items().size(); i++) {
                T v = parsed(s.items().get(i), path + "[" + i + "]", parser);
                if (v != null) {
                    out.add(v);
                }
            }
        }
        return out;
    }
}
