package org.odjc.host;

import java.io.IOException;
import java.net.ProxySelector;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.odjc.cloud.EnrolledIdentity;
import org.odjc.cloud.Enrollment;
import org.odjc.config.ConfigEditor;
import org.odjc.config.ConfigLoader;
import org.odjc.config.ConnectorConfig;
import org.odjc.diagnostics.Finding;
import org.odjc.diagnostics.Report;
import org.odjc.diagnostics.Status;
import org.odjc.domain.DcInfo;
import org.odjc.domain.DistinguishedName;
import org.odjc.domain.DomainDnsName;
import org.odjc.domain.IpAddress;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.platform.SecretStore;
import org.odjc.provisioning.DirectoryAccess;
import org.odjc.provisioning.Identity;
import org.odjc.provisioning.OuAllowList;
import org.odjc.provisioning.PasswordSource;

/**
 * {@code odjc setup}: the first-run wizard. Domain, then the DCs found through DNS, the bind tested,
 * the OUs read from the directory to choose the allow-list from, the domain checks of
 * {@code odjc diagnose}, delegation of missing rights offered, enrollment, and the configuration
 * written last, in one atomic rename: an abandoned run leaves nothing half-written. Secrets are
 * read without echo, held in memory while testing (handed to the bind as a synthetic environment
 * variable) and stored only in 0600 files owned by the service user. Run again on an existing
 * configuration, it edits just the allow-list.
 */
public final class Setup {
    /** Where the wizard's questions go: answered by flags first, then by the admin at a terminal. */
    public interface Terminal {
        void say(String line);

        /** The answer to {@code question} (flag {@code key}); blank takes {@code suggested}, which is null when an answer is required. */
        String ask(String key, String question, String suggested) throws ConnectorException;

        /** A secret, never echoed (flag {@code key} names a file holding it). */
        char[] secret(String key, String question) throws ConnectorException;

        default boolean confirm(String key, String question, boolean suggested) throws ConnectorException {
            // the suggestion is shown once, by ask: "(yes/no) [no]", not "[y/N] [no]"
            return yes(key, ask(key, question + " (yes/no)", suggested ? "yes" : "no"));
        }
    }

    /** A yes/no answer to the question of flag {@code key}. */
    static boolean yes(String key, String answer) throws ConnectorException {
        String a = answer.strip().toLowerCase(Locale.ROOT);
        if (!Set.of("y", "yes", "n", "no", "true", "false").contains(a)) {
            throw new ConnectorException(FailureCode.CLI_USAGE, key + ": answer yes or no, not '" + answer + "'");
        }
        return a.startsWith("y") || a.equals("true");
    }

    /**
     * Checks the values of the flags given ({@code --workers}, {@code --admin-endpoint}, the yes/no
     * ones) before anything is asked, located or written: a typo fails at once, not after the bind.
     */
    public static void checkFlags(Map<String, String> given) throws ConnectorException {
        if (given.containsKey("--workers")) {
            workers(given.get("--workers").strip());
        }
        if (given.containsKey("--admin-endpoint")) {
            adminEndpoint(given.get("--admin-endpoint").strip());
        }
        for (String key : List.of("--include-children", "--delegate")) {
            if (given.containsKey(key)) {
                yes(key, given.get(key));
            }
        }
    }

    static final String BIND_PASSWORD_VARIABLE = "ODJC_SETUP_BIND_PASSWORD";
    static final Set<String> DOMAIN_CHECKS = Set.of("dns", "dc", "clock", "credentials", "keytab", "ous", "quota");
    static final int MAX_OUS_LISTED = 2000;
    /** The admin endpoint setup suggests: loopback only, the port the README and the sample configuration use. */
    static final String DEFAULT_ADMIN_ENDPOINT = "127.0.0.1:9464";

    private final Path configFile;
    private final Terminal t;
    private final Map<String, String> environment;
    private final Clock clock;
    private final Optional<UserPrincipal> serviceUser;

    /** @param serviceUser who the service runs as: owns the secret files, the identity and the state directory */
    public Setup(Path configFile, Terminal terminal, Map<String, String> environment, Clock clock,
            Optional<UserPrincipal> serviceUser) {
        this.configFile = configFile.toAbsolutePath();
        this.t = terminal;
        this.environment = environment;
        this.clock = clock;
        this.serviceUser = serviceUser;
    }

    public void run() throws ConnectorException {
        if (Files.exists(configFile)) {
            ConnectorConfig existing = ConfigLoader.load(configFile);
            String what = t.ask("--change", configFile + " exists. Change the OU allow-list only (ous),"
                    + " or set everything up again (all)?", "ous");
            if (what.equals("ous")) {
                editOus(existing);
                return;
            }
            if (!what.equals("all")) {
                throw new ConnectorException(FailureCode.CLI_USAGE, "--change: ous or all, not '" + what + "'");
            }
        }
        fresh();
    }

    private void fresh() throws ConnectorException {
        DomainDnsName domain = DomainDnsName.parse(t.ask("--domain", "Active Directory domain (DNS name)", guessDomain().orElse(null)));
        List<IpAddress> dns = new ArrayList<>();
        for (String s : split(t.ask("--dns-servers", "DNS servers of the domain, comma-separated (blank: this host's resolver)",
                ""), ",")) {
            dns.add(IpAddress.parse(s));
        }
        List<DcInfo> dcs = DirectoryAdapters.locator(dns).locate(domain, Optional.empty());
        t.say("Domain controllers of " + domain + " (DNS, then the CLDAP ping):");
        for (DcInfo dc : dcs) {
            t.say("  " + dc.hostName() + "  " + dc.address().value() + "  site " + dc.dcSite()
                    + ((dc.flags() & org.odjc.domain.DcFlags.WRITABLE) != 0 ? "  writable" : "  read-only")
                    + dc.clientSite().map(c -> "  (this host's site: " + c + ")").orElse(""));
        }

        String mode = t.ask("--bind-mode", "Bind with ldaps, starttls or kerberos", "ldaps").toLowerCase(Locale.ROOT);
        Map<String, String> env = environment;
        Map<String, String> bind = new LinkedHashMap<>();
        bind.put("mode", mode);
        char[] password = null;
        String account;
        if (mode.equals("kerberos")) {
            String keytab = t.ask("--keytab", "Keytab of the connector's account", null);
            account = t.ask("--principal", "Its principal (name@REALM)", null);
            bind.put("keytab", Path.of(keytab).toAbsolutePath().toString());
            bind.put("principal", account);
        } else if (mode.equals("ldaps") || mode.equals("starttls")) {
            account = t.ask("--bind-user", "The connector's account (UPN, e.g. svc-odjc@" + domain.lowerCase() + ")", null);
            password = t.secret("--bind-password-file", "Password of " + account);
            bind.put("user", account);
            bind.put("passwordEnv", BIND_PASSWORD_VARIABLE);
        } else {
            throw new ConnectorException(FailureCode.CLI_USAGE, "--bind-mode: ldaps, starttls or kerberos, not '" + mode + "'");
        }
        String ca = t.ask("--ldap-ca-file", "CA certificate (PEM) of the DCs' LDAPS certificates (blank: the JVM's trust store)", "");
        if (!ca.isBlank()) {
            bind.put("caFile", Path.of(ca).toAbsolutePath().toString());
        }

        String nc = domain.toNamingContext();
        // the draft names the password by a variable (the YAML written at the end names the file); the
        // binds until then take it from memory
        PasswordSource.InMemory inMemory = password == null ? null : new PasswordSource.InMemory(password);
        ConnectorConfig.Domain draft = withPassword(draft(domain, dns, bind,
                List.of(new OuAllowList.Entry(DistinguishedName.parse(nc), false)), Optional.empty(), Optional.empty()),
                inMemory).domains().get(0);
        Identity who = DirectoryAdapters.inSession(draft, Optional.empty(), env, s -> s.identity());
        t.say("Bound as " + who.name() + " (" + who.sid() + ").");

        List<DistinguishedName> all = DirectoryAdapters.inSession(draft, Optional.empty(), env,
                s -> s.organizationalUnits(MAX_OUS_LISTED));
        List<DistinguishedName> chosen = choose(all, List.of());
        boolean children = t.confirm("--include-children", "Also allow the OUs below the chosen ones (includeChildren)?", false);
        List<OuAllowList.Entry> entries = chosen.stream().map(ou -> new OuAllowList.Entry(ou, children)).toList();
        String defaultOu = t.ask("--default-ou", "Default OU for requests that name none", chosen.get(0).toString());
        DistinguishedName defaultDn = DistinguishedName.parse(defaultOu);
        if (!OuAllowList.of(entries).permits(defaultDn)) {
            throw new ConnectorException(FailureCode.CLI_USAGE, "--default-ou: " + defaultDn
                    + " is not one of the allow-listed OUs" + (children ? " or below them" : ""));
        }

        ConnectorConfig withOus = withPassword(draft(domain, dns, bind, entries, Optional.of(defaultOu), Optional.empty()),
                inMemory);
        checkAndDelegate(withOus, env, account);

        String stateDir = t.ask("--state-directory", "State directory (journal, identity)", "/var/lib/odjc");
        Path identity = Path.of(t.ask("--identity", "Enrollment identity directory", Path.of(stateDir, "identity").toString()));
        int workers = workers(t.ask("--workers", "Requests processed at once (1-64)", "4"));
        String adminEndpoint = adminEndpoint(t.ask("--admin-endpoint", "Local admin endpoint (status page, /metrics,"
                + " /readyz): a port on 127.0.0.1, IP:PORT, or off", DEFAULT_ADMIN_ENDPOINT));
        String dispatcher = t.ask("--dispatcher", "Dispatcher URL (https://…)", null);
        enroll(URI.create(dispatcher), identity, domain);
        ServiceAnswers service = new ServiceAnswers(dispatcher, identity.toString(), stateDir, workers, adminEndpoint);

        Map<String, String> finalBind = new LinkedHashMap<>(bind);
        if (password != null) {
            Path secret = configFile.resolveSibling("secrets").resolve("bind.password");
            writeSecret(secret, password);
            Arrays.fill(password, '\0');
            inMemory.wipe();
            finalBind.remove("passwordEnv");
            finalBind.put("passwordFile", secret.toString());
        }
        Path state = Path.of(stateDir);
        try {
            Files.createDirectories(state);
            // on Windows the installer's ACLs on %ProgramData%\odjc apply instead
            if (state.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwx------"));
            }
            own(state);
            if (Files.isDirectory(identity)) {
                try (Stream<Path> files = Files.walk(identity)) {
                    for (Path p : files.toList()) {
                        own(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new ConnectorException(FailureCode.FILE_UNWRITABLE, state + ": " + e.getMessage());
        }
        String text = render(domain, dns, finalBind, entries, Optional.of(defaultOu), Optional.of(service));
        ConfigLoader.parse(text.getBytes(StandardCharsets.UTF_8), configFile.toString(), configFile.getParent());
        ConfigEditor.write(configFile, text);
        t.say("Wrote " + configFile + ". Start the service (systemctl enable --now odjc; on Windows, Start-Service odjc),"
                + " or run it in the foreground: odjc run --config " + configFile);
    }

    /** Re-run: the directory's OUs with the allow-listed ones marked, and the difference applied in place. */
    private void editOus(ConnectorConfig existing) throws ConnectorException {
        ConnectorConfig.Domain d = existing.domains().get(0);
        if (existing.domains().size() > 1) {
            DomainDnsName which = DomainDnsName.parse(t.ask("--domain", "Which domain", d.name().value()));
            d = existing.domain(which).orElseThrow(() -> new ConnectorException(FailureCode.CONFIG_EDIT_REFUSED,
                    "no domain " + which + " in " + configFile));
        }
        ConnectorConfig.Domain domain = d;
        List<DistinguishedName> all = DirectoryAdapters.inSession(domain, domain.dcs().stream().findFirst(), environment,
                s -> s.organizationalUnits(MAX_OUS_LISTED));
        List<DistinguishedName> current = domain.ous().entries().stream().map(OuAllowList.Entry::ou).toList();
        List<DistinguishedName> chosen = choose(all, current);
        boolean children = !current.containsAll(chosen)
                && t.confirm("--include-children", "Also allow the OUs below the added ones (includeChildren)?", false);
        String text = readConfig();
        for (DistinguishedName ou : chosen) {
            if (!current.contains(ou)) {
                text = ConfigEditor.addOu(text, configFile.getParent(), domain.name(), new OuAllowList.Entry(ou, children));
                t.say("  + " + ou + (children ? " and below" : ""));
            }
        }
        for (DistinguishedName ou : current) {
            if (!chosen.contains(ou)) {
                text = ConfigEditor.removeOu(text, configFile.getParent(), domain.name(), ou);
                t.say("  - " + ou);
            }
        }
        ConnectorConfig after = ConfigLoader.parse(text.getBytes(StandardCharsets.UTF_8), configFile.toString(),
                configFile.getParent());
        checkAndDelegate(after, environment, domain.access().bind().account());
        ConfigEditor.write(configFile, text);
        t.say("Wrote " + configFile + "; a running service applies the allow-list within seconds.");
    }

    /** Numbers from {@code all} (1-based) or DNs separated by ';'; at least one. */
    private List<DistinguishedName> choose(List<DistinguishedName> all, List<DistinguishedName> current)
            throws ConnectorException {
        t.say("Organizational units" + (all.size() == MAX_OUS_LISTED ? " (the first " + MAX_OUS_LISTED + ")" : "")
                + (current.isEmpty() ? ":" : ", '*' on those allow-listed now:"));
        List<String> suggested = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            boolean listed = current.contains(all.get(i));
            t.say(String.format(Locale.ROOT, "  %s%4d  %s", listed ? "*" : " ", i + 1, all.get(i)));
            if (listed) {
                suggested.add(Integer.toString(i + 1));
            }
        }
        String answer = t.ask("--ou", "OUs the connector may create computers in: numbers (1,3) or DNs separated by ';'",
                String.join(",", suggested));
        LinkedHashSet<DistinguishedName> out = new LinkedHashSet<>();
        for (String part : answer.contains("=") ? split(answer, ";") : split(answer, "[,\\s]+")) {
            if (part.matches("\\d+")) {
                int n = Integer.parseInt(part);
                if (n < 1 || n > all.size()) {
                    throw new ConnectorException(FailureCode.CLI_USAGE, "--ou: " + n + " is not in the list 1-" + all.size());
                }
                out.add(all.get(n - 1));
            } else {
                out.add(DistinguishedName.parse(part));
            }
        }
        if (out.isEmpty()) {
            throw new ConnectorException(FailureCode.CLI_USAGE, "--ou: choose at least one OU");
        }
        return List.copyOf(out);
    }

    /** The domain checks of odjc diagnose; missing rights offered to an administrator's delegation, then checked again. */
    private void checkAndDelegate(ConnectorConfig config, Map<String, String> env, String account) throws ConnectorException {
        Report r = new Diagnostics(config, env, clock).run(DOMAIN_CHECKS);
        show(r);
        List<DistinguishedName> missing = new ArrayList<>();
        for (Finding f : r.findings()) {
            if (f.check().equals("ous") && f.code().filter(FailureCode.DIAG_OU_RIGHT_MISSING::equals).isPresent()) {
                missing.add(DistinguishedName.parse(f.target()));
            }
        }
        if (missing.isEmpty() || !t.confirm("--delegate", account + " lacks rights on " + missing.size()
                + " OU(s). Delegate them now with an administrator's account?", false)) {
            return;
        }
        String admin = t.ask("--admin-user", "Administrator allowed to change the OUs' permissions (UPN)", null);
        char[] adminPassword = t.secret("--admin-password-file", "Password of " + admin);
        PasswordSource.InMemory adminSource = new PasswordSource.InMemory(adminPassword);
        Arrays.fill(adminPassword, '\0');
        try {
            ConnectorConfig.Domain d = config.domains().get(0);
            ConnectorConfig asAdmin = new ConnectorConfig(List.of(new ConnectorConfig.Domain(d.name(), d.dcs(),
                    d.dnsServers(), simpleBind(d.access(), admin, adminSource), d.ous(), d.defaultOu())), Optional.empty());
            for (DistinguishedName ou : missing) {
                Delegation.Plan p = Delegation.run(asAdmin, environment, ou, account, true);
                t.say("Delegated on " + ou + ": " + p.toAdd().size() + " ACE(s) added for " + p.account().name());
            }
        } finally {
            adminSource.wipe();
        }
        show(new Diagnostics(config, env, clock).run(Set.of("ous")));
    }

    /** The administrator's simple bind (password in memory) over the connector's transport (LDAPS for Kerberos) and CA. */
    static DirectoryAccess simpleBind(DirectoryAccess connector, String admin, PasswordSource password) {
        DirectoryAccess.Transport transport = connector.bind().match(DirectoryAccess.Bind.Simple::transport,
                kerberos -> DirectoryAccess.Transport.LDAPS);
        return connector.withBind(new DirectoryAccess.Bind.Simple(transport, admin, password));
    }

    /** {@code config} with its simple binds' passwords from {@code password} (none: unchanged). */
    static ConnectorConfig withPassword(ConnectorConfig config, PasswordSource.InMemory password) {
        if (password == null) {
            return config;
        }
        List<ConnectorConfig.Domain> domains = new ArrayList<>();
        for (ConnectorConfig.Domain d : config.domains()) {
            DirectoryAccess access = d.access().bind().match(simple -> d.access().withBind(
                    new DirectoryAccess.Bind.Simple(simple.transport(), simple.user(), password)), kerberos -> d.access());
            domains.add(new ConnectorConfig.Domain(d.name(), d.dcs(), d.dnsServers(), access, d.ous(), d.defaultOu()));
        }
        return new ConnectorConfig(domains, config.service(), config.cleanup());
    }

    private void show(Report r) {
        t.say("Checks:");
        for (Finding f : r.findings()) {
            t.say(String.format(Locale.ROOT, "  %-4s %-11s %s %s%s", f.status(), f.check(), f.target(),
                    f.code().map(c -> c.id() + " ").orElse(""), f.detail()));
        }
        if (r.findings().stream().anyMatch(f -> f.status() == Status.FAIL)) {
            t.say("Some checks fail: odjc diagnose explains each code's remedy; the configuration is written anyway.");
        }
    }

    private void enroll(URI dispatcher, Path identity, DomainDnsName domain) throws ConnectorException {
        if (Files.exists(identity.resolve("client.key"))) {
            EnrolledIdentity id = EnrolledIdentity.load(identity, protectedFiles());
            t.say("Already enrolled as " + id.connectorId() + " (certificate until "
                    + id.certificate().getNotAfter().toInstant() + "); keeping it.");
            return;
        }
        char[] token = t.secret("--token-file", "Enrollment token (odjc-dispatcher token prints it)");
        String pin = t.ask("--ca-sha256", "SHA-256 fingerprint of the dispatcher's CA (printed with the token)", null);
        EnrolledIdentity id;
        try {
            id = new Enrollment(ProxySelector.getDefault(), Duration.ofSeconds(30), new SecureRandom(), protectedFiles()).enroll(dispatcher,
                    new String(token).strip(), new Enrollment.Pin.Fingerprint(pin), identity, hostName(),
                    List.of(domain.value()));
        } catch (IllegalArgumentException e) {
            throw new ConnectorException(FailureCode.INPUT_BAD_CERTIFICATE, "--ca-sha256: " + e.getMessage());
        } finally {
            Arrays.fill(token, '\0');
        }
        t.say("Enrolled as " + id.connectorId() + ".");
    }

    /** {@code --workers}: 1 to 64, as {@code service.workers} takes. */
    static int workers(String answer) throws ConnectorException {
        if (answer.matches("[0-9]{1,2}")) {
            int n = Integer.parseInt(answer);
            if (n >= 1 && n <= 64) {
                return n;
            }
        }
        throw new ConnectorException(FailureCode.CLI_USAGE, "--workers: a number from 1 to 64, not '" + answer + "'");
    }

    /** {@code --admin-endpoint}: what {@code service.admin} takes (off, a port, IP:port), checked as the loader checks it. */
    static String adminEndpoint(String answer) throws ConnectorException {
        try {
            ConfigLoader.admin(answer);
        } catch (ConnectorException e) {
            throw new ConnectorException(FailureCode.CLI_USAGE, "--admin-endpoint: " + e.detail());
        }
        return answer;
    }

    private ConnectorConfig draft(DomainDnsName domain, List<IpAddress> dns, Map<String, String> bind,
            List<OuAllowList.Entry> ous, Optional<String> defaultOu, Optional<ServiceAnswers> service)
            throws ConnectorException {
        return ConfigLoader.parse(render(domain, dns, bind, ous, defaultOu, service).getBytes(StandardCharsets.UTF_8),
                "the wizard's draft", configFile.getParent());
    }

    /** The wizard's answers for the {@code service} section. */
    record ServiceAnswers(String dispatcher, String identity, String stateDirectory, int workers, String admin) {
    }

    /** The bind settings the template has a line for; setup fills those answered and drops the others. */
    private static final List<String> BIND_KEYS = List.of("mode", "user", "passwordEnv", "passwordFile", "keytab",
            "principal", "caFile");

    /**
     * The configuration file: setup's template (its comments included) filled through
     * {@link ConfigEditor}, the editor {@code odjc ou} uses, so no YAML is assembled here.
     */
    static String render(DomainDnsName domain, List<IpAddress> dns, Map<String, String> bind, List<OuAllowList.Entry> ous,
            Optional<String> defaultOu, Optional<ServiceAnswers> service) throws ConnectorException {
        String y = template();
        y = ConfigEditor.set(y, domain.lowerCase(), "domains", "0", "name");
        y = dns.isEmpty() ? ConfigEditor.remove(y, "domains", "0", "dnsServers")
                : ConfigEditor.setList(y, dns.stream().map(IpAddress::value).toList(), "domains", "0", "dnsServers");
        for (String key : BIND_KEYS) {
            y = bind.containsKey(key) ? ConfigEditor.set(y, bind.get(key), "domains", "0", "bind", key)
                    : ConfigEditor.remove(y, "domains", "0", "bind", key);
        }
        y = ConfigEditor.setOus(y, ous, "domains", "0", "ous");
        y = defaultOu.isPresent() ? ConfigEditor.set(y, defaultOu.get(), "domains", "0", "defaultOu")
                : ConfigEditor.remove(y, "domains", "0", "defaultOu");
        if (service.isEmpty()) {
            return ConfigEditor.remove(y, "service").stripTrailing() + "\n";
        }
        ServiceAnswers s = service.get();
        y = ConfigEditor.set(y, s.dispatcher(), "service", "dispatcher");
        y = ConfigEditor.set(y, s.identity(), "service", "identity");
        y = ConfigEditor.set(y, s.stateDirectory(), "service", "stateDirectory");
        y = ConfigEditor.set(y, Integer.toString(s.workers()), "service", "workers");
        return ConfigEditor.set(y, s.admin(), "service", "admin");
    }

    private static String template() {
        try (var in = Setup.class.getResourceAsStream("setup-template.yaml")) {
            if (in == null) {
                throw new IllegalStateException("setup-template.yaml is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("setup-template.yaml cannot be read", e);
        }
    }

    /** Where secrets are protected for the service identity (Windows: DPAPI, ACL'd to it); empty on Linux. */
    private Optional<org.odjc.provisioning.SecretFiles> protectedFiles() {
        return HostSecrets.protectedFiles(serviceUser.map(UserPrincipal::getName));
    }

    /**
     * The secrets directory (0700, the service user's), then the file through the system's secret
     * store: DPAPI ACL'd to the service identity on Windows, a 0600 file given to the service user elsewhere.
     */
    private void writeSecret(Path file, char[] secret) throws ConnectorException {
        try {
            Files.createDirectories(file.getParent());
            if (Files.getFileAttributeView(file.getParent(), PosixFileAttributeView.class) != null) {
                Files.setPosixFilePermissions(file.getParent(), PosixFilePermissions.fromString("rwx------"));
            }
            own(file.getParent());
        } catch (IOException e) {
            throw new ConnectorException(FailureCode.FILE_UNWRITABLE, file.getParent() + ": " + e.getMessage());
        }
        byte[] bytes = PasswordSource.utf8(secret);
        try {
            SecretStore.forThisSystem(serviceUser.map(UserPrincipal::getName)).write(file, bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** Gives {@code p} to the service user on POSIX systems; on Windows the ACLs (installer, DPAPI store) decide instead. */
    private void own(Path p) throws IOException {
        PosixFileAttributeView v = Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (serviceUser.isPresent() && v != null) {
            v.setOwner(serviceUser.get());
            v.setGroup(p.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(serviceUser.get().getName()));
        }
    }

    private String readConfig() throws ConnectorException {
        try {
            return Files.readString(configFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConnectorException(FailureCode.CONFIG_UNREADABLE, configFile + ": " + e.getMessage());
        }
    }

    private static List<String> split(String s, String separator) {
        return Arrays.stream(s.split(separator)).map(String::strip).filter(x -> !x.isEmpty()).toList();
    }

    private static Optional<String> guessDomain() {
        String host = hostName();
        int dot = host.indexOf('.');
        return dot > 0 ? Optional.of(host.substring(dot + 1).toLowerCase(Locale.ROOT)) : Optional.empty();
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getCanonicalHostName();
        } catch (java.net.UnknownHostException e) {
            return "unknown";
        }
    }
}
