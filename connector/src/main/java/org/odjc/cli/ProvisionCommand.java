package org.odjc.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.odjc.config.ConfigLoader;
import org.odjc.config.ConnectorConfig;
import org.odjc.domain.ComputerName;
import org.odjc.domain.DistinguishedName;
import org.odjc.domain.DomainDnsName;
import org.odjc.domain.IpAddress;
import org.odjc.domain.Printable;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.host.DirectoryAdapters;
import org.odjc.ldap.LdapDirectory;
import org.odjc.locator.AdDcLocator;
import org.odjc.odj.DjoinText;
import org.odjc.odj.OdjCodec;
import org.odjc.provisioning.ComputerProvisioner;
import org.odjc.provisioning.DirectoryAccess;
import org.odjc.provisioning.NameRequest;
import org.odjc.provisioning.OuAllowList;
import org.odjc.provisioning.ProvisionRequest;
import org.odjc.provisioning.Provisioned;
import org.odjc.provisioning.ReusePolicy;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code odjc provision}: a cross-platform {@code djoin /provision}. Creates the computer account
 * over LDAPS, StartTLS or Kerberos and writes its blob; with {@code --count}, N accounts on a small
 * pool of connections. Only parses and wires: the work is {@link ComputerProvisioner}'s.
 */
@Command(name = "provision",
        sortOptions = false,
        description = {"Create a computer account and write its blob (djoin /provision).",
            "The DC is located through DNS SRV records and the CLDAP ping unless --dc is given. The bind password is read "
                + "from a file or an environment variable, never from the command line.",
            "Prints dn=, name=, sid=, dc= (and saved=) on one line per account; --json prints one JSON object per account."})
final class ProvisionCommand extends CliCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--domain", required = true, paramLabel = "DNS",
            description = "DNS name of the domain to join, e.g. corp.example.com.")
    DomainDnsName domain;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Naming naming;

    static final class Naming {
        @Option(names = "--machine", paramLabel = "NAME", description = "The computer name (1-15 characters).")
        ComputerName machine;

        @Option(names = "--prefix", paramLabel = "PREFIX",
                description = "A name prefix of 1-12 characters; random [A-Z0-9] fill the name to 15.")
        String prefix;
    }

    @Option(names = "--ou", paramLabel = "DN",
            description = "Where to create the account (default: the domain's Computers container, or the configuration's defaultOu).")
    String ou;

    @Option(names = "--dc", paramLabel = "HOST", description = "Use this DC instead of locating one (it is still pinged for its flags and sites).")
    DomainDnsName dc;

    @Option(names = "--dns-server", paramLabel = "IP",
            description = "DNS server for the SRV look-ups and DC names (repeatable; default: the system's resolver).")
    List<IpAddress> dnsServers = new ArrayList<>();

    @Option(names = "--reuse", description = "If the account exists, reset its password instead of failing "
            + "(only when this identity created or owns it, as Windows' 2022 hardening requires).")
    boolean reuse;

    @Option(names = "--force", description = "With --reuse: reset the password whoever created the account.")
    boolean force;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Take the domain's bind settings, DCs, DNS servers, default OU and OU allow-list from this "
                    + "connector configuration; --ou must then be in the allow-list.")
    Path config;

    @Option(names = "--bind", paramLabel = "MODE", description = "ldaps (default), starttls or kerberos.")
    DirectoryAccess.BindMode bind;

    @Option(names = "--user", paramLabel = "UPN", description = "Simple bind: the user, e.g. svc-odjc@corp.example.com.")
    String user;

    @Option(names = "--password-file", paramLabel = "FILE", description = "Simple bind: a file holding the password "
            + "(one trailing newline ignored).")
    String passwordFile;

    @Option(names = "--password-env", paramLabel = "VAR", description = "Simple bind: an environment variable holding the password.")
    String passwordEnv;

    @Option(names = "--keytab", paramLabel = "FILE", description = "Kerberos: the keytab with the principal's keys.")
    String keytab;

    @Option(names = "--principal", paramLabel = "NAME", description = "Kerberos: the principal, e.g. svc-odjc@CORP.EXAMPLE.COM.")
    String principal;

    @Option(names = "--krb5-conf", paramLabel = "FILE",
            description = "Kerberos: a krb5.conf to use (default: the realm of --principal with the DC as its KDC).")
    String krb5Conf;

    @Option(names = "--ca-file", paramLabel = "FILE", description = "PEM CA certificate(s) the DC's certificate must chain to "
            + "(default: the JVM's trust store).")
    String caFile;

    @Option(names = "--insecure-skip-tls-verify", description = "Accept any DC certificate. For labs only: it is logged loudly.")
    boolean insecure;

    @Option(names = "--count", paramLabel = "N", description = "With --prefix and --savedir: provision N accounts.")
    Integer count;

    @Option(names = "--parallel", paramLabel = "N", description = "With --count: LDAP connections used at once (default: 4).")
    int parallel = 4;

    @Option(names = "--json", description = "One JSON object per account instead of key=value.")
    boolean json;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Output output;

    static final class Output {
        @Option(names = "--savefile", paramLabel = "FILE", description = "Write a djoin file (mode 0600, never overwritten).")
        Path savefile;

        @Option(names = "--printblob", description = "Print the blob's base64 text (for answer files) on standard output; "
                + "the account line goes to standard error.")
        boolean printblob;

        @Option(names = "--savedir", paramLabel = "DIR", description = "With --count: write DIR/<NAME>.txt per account (mode 0600).")
        Path savedir;
    }

    @Override
    public Integer call() throws Exception {
        checkCombinations();
        if (output.savefile != null && Files.exists(output.savefile)) {
            throw new ConnectorException(FailureCode.FILE_EXISTS, output.savefile.toString()); // before any write
        }
        Settings settings = settings();
        ProvisionRequest request = new ProvisionRequest(domain, nameRequest(),
                ou == null ? settings.defaultOu() : Optional.of(DistinguishedName.parse(ou)),
                Optional.ofNullable(dc).or(settings::dc), reuse ? (force ? ReusePolicy.ANY : ReusePolicy.OWN) : ReusePolicy.NEVER,
                settings.allowList(), "odjc provisioned by " + settings.identity(), Optional.empty());
        PrintWriter err = spec.commandLine().getErr();
        int connections = count == null ? 1 : Math.min(parallel, count);
        AdDcLocator locator = DirectoryAdapters.locator(settings.dnsServers());
        try (LdapDirectory directory = DirectoryAdapters.directory(settings.access(), System.getenv(),
                w -> err.println("WARNING " + Printable.escape(w)), connections)) {
            ComputerProvisioner provisioner = new ComputerProvisioner(locator, directory, new SecureRandom());
            if (count == null) {
                provisioner.provision(request, this::deliverOne);
            } else {
                provisionMany(provisioner, request, connections);
            }
        }
        return OdjcMain.EXIT_OK;
    }

    private void checkCombinations() {
        if (force && !reuse) {
            throw usage("--force goes with --reuse");
        }
        if (count != null) {
            if (count < 1 || count > 100_000) {
                throw usage("--count takes 1 to 100000");
            }
            if (naming.prefix == null || output.savedir == null) {
                throw usage("--count needs --prefix and --savedir");
            }
            if (parallel < 1 || parallel > 32) {
                throw usage("--parallel takes 1 to 32");
            }
        } else if (output.savedir != null) {
            throw usage("--savedir goes with --count; use --savefile for one account");
        }
        boolean bindOptions = bind != null || user != null || passwordFile != null || passwordEnv != null
                || keytab != null || principal != null || krb5Conf != null || caFile != null || insecure;
        if (config != null && bindOptions) {
            throw usage("with --config the bind settings come from the configuration; drop --bind/--user/--password-*/"
                    + "--keytab/--principal/--krb5-conf/--ca-file/--insecure-skip-tls-verify");
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private NameRequest nameRequest() throws ConnectorException {
        return naming.machine != null ? new NameRequest.Exact(naming.machine) : NameRequest.Prefix.parse(naming.prefix);
    }

    /** What the command line or the configuration says about the domain. */
    private record Settings(DirectoryAccess access, List<IpAddress> dnsServers, Optional<DomainDnsName> dc,
            OuAllowList allowList, Optional<DistinguishedName> defaultOu) {
        String identity() {
            return access.bind().account();
        }
    }

    private Settings settings() throws ConnectorException {
        if (config != null) {
            ConnectorConfig c = ConfigLoader.load(config);
            ConnectorConfig.Domain d = c.domain(domain).orElseThrow(() -> new ConnectorException(
                    FailureCode.CONFIG_INVALID, config + " does not configure the domain " + domain));
            return new Settings(d.access(), dnsServers.isEmpty() ? d.dnsServers() : dnsServers,
                    d.dcs().stream().findFirst(), d.ous(), d.defaultOu());
        }
        DirectoryAccess access;
        try {
            access = new DirectoryAccess(DirectoryAccess.Bind.of(bind == null ? DirectoryAccess.BindMode.LDAPS : bind,
                    Optional.ofNullable(user), Optional.ofNullable(passwordFile), Optional.ofNullable(passwordEnv),
                    Optional.ofNullable(keytab), Optional.ofNullable(principal), Optional.ofNullable(krb5Conf)),
                    Optional.ofNullable(caFile), insecure);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        return new Settings(access, dnsServers, Optional.empty(), OuAllowList.ANY, Optional.empty());
    }

    /** Runs while the account is fresh: a failure here deletes it again. */
    private void deliverOne(Provisioned p) throws ConnectorException {
        byte[] ndr = OdjCodec.encode(p.blob());
        try {
            if (output.printblob) {
                String text = DjoinText.toBase64Text(ndr);
                if (json) {
                    Map<String, Object> line = fields(p, null);
                    line.put("blob", text);
                    out().println(toJson(line));
                } else {
                    out().println(text);
                    spec.commandLine().getErr().println(keyValues(fields(p, null)));
                }
            } else {
                CliFiles.writeDjoinFile(output.savefile, ndr);
                println(fields(p, output.savefile));
            }
        } finally {
            Arrays.fill(ndr, (byte) 0);
            p.wipe();
        }
    }

    /**
     * N accounts on {@code connections} threads, each request on one pooled connection. The first
     * failure stops new work (rights or credentials would fail every one); accounts already made
     * stay, each with its file.
     */
    private void provisionMany(ComputerProvisioner provisioner, ProvisionRequest request, int connections)
            throws Exception {
        Path dir = output.savedir;
        if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new ConnectorException(FailureCode.FILE_UNWRITABLE, dir + " is not a writable directory");
        }
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                futures.add(pool.submit(() -> {
                    if (stop.get()) {
                        return null;
                    }
                    try {
                        provisioner.provision(request, p -> {
                            Path file = dir.resolve(p.name().value() + ".txt");
                            byte[] ndr = OdjCodec.encode(p.blob());
                            try {
                                CliFiles.writeDjoinFile(file, ndr);
                            } finally {
                                Arrays.fill(ndr, (byte) 0);
                                p.wipe();
                            }
                            println(fields(p, file));
                        });
                    } catch (ConnectorException | RuntimeException e) {
                        stop.set(true);
                        throw e;
                    }
                    return null;
                }));
            }
            ConnectorException first = null;
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (first == null) {
                        first = e.getCause() instanceof ConnectorException c ? c
                                : new ConnectorException(FailureCode.CLI_INTERNAL, String.valueOf(e.getCause()), e.getCause());
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Map<String, Object> fields(Provisioned p, Path saved) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dn", p.account().dn().toString());
        m.put("name", p.name().value());
        m.put("sid", p.account().sid().toString());
        m.put("guid", p.account().objectGuid().toString());
        m.put("dc", p.dc().hostName().value());
        m.put("dcAddress", p.dc().address().value());
        m.put("reused", p.reused());
        if (saved != null) {
            m.put("saved", saved.toString());
        }
        return m;
    }

    private synchronized void println(Map<String, Object> fields) {
        out().println(json ? toJson(fields) : keyValues(fields));
        out().flush();
    }

    private static String keyValues(Map<String, Object> fields) {
        StringBuilder sb = new StringBuilder();
        fields.forEach((k, v) -> {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            String s = Printable.escape(String.valueOf(v)); // names and DNs from the directory: one line, no escapes
            sb.append(k).append('=').append(s.indexOf(' ') >= 0 || s.indexOf('"') >= 0
                    ? '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"' : s);
        });
        return sb.toString();
    }

    private static String toJson(Map<String, Object> fields) {
        try {
            return JSON.writeValueAsString(fields);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
