package org.odjc.cli;

import java.io.Console;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.odjc.domain.Printable;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.host.Setup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code odjc setup}: see {@link Setup}. Every question has a flag; a flag given is not asked, and
 * with {@code --non-interactive} (or without a terminal) a question without its flag or a default
 * is a usage error, so the same wizard scripts an unattended install.
 */
@Command(name = "setup",
        description = {"First-run wizard: configure, check, delegate and enroll.",
            "First-run wizard: domain, DCs, bind (tested), OU allow-list chosen from the directory, the",
            "domain checks, delegation of missing rights, enrollment, and the configuration written last.",
            "Re-run on an existing configuration to change the allow-list. Every question has a flag below;",
            "secrets are read without echo, or from the files the *-file flags name."})
final class SetupCommand extends CliCommand implements Callable<Integer> {
    @Option(names = "--config", defaultValue = ConfigFile.DEFAULT, paramLabel = "FILE",
            description = "The configuration to write (default ${DEFAULT-VALUE}); secrets go to secrets/ beside it.")
    Path config;

    @Option(names = "--non-interactive", description = "Ask nothing: take flags and defaults, fail on anything missing.")
    boolean nonInteractive;

    @Option(names = "--service-user", paramLabel = "USER",
            description = "Owner of the secrets, identity and state (default: odjc, when that user exists and this runs as root).")
    String serviceUser;

    @Option(names = "--change", paramLabel = "ous|all", description = "On an existing configuration: the allow-list only, or all.")
    String change;
    @Option(names = "--domain", paramLabel = "DNS-NAME",
            description = "The Active Directory domain (default: this host's DNS domain).")
    String domain;
    @Option(names = "--dns-servers", paramLabel = "IP,...",
            description = "DNS servers of the domain, comma-separated (default: this host's resolver).")
    String dnsServers;
    @Option(names = "--bind-mode", paramLabel = "ldaps|starttls|kerberos",
            description = "How the connector binds to the DCs (default: ldaps).")
    String bindMode;
    @Option(names = "--bind-user", paramLabel = "UPN",
            description = "The connector's own AD account, for ldaps and starttls (e.g. svc-odjc@corp.example.com).")
    String bindUser;
    @Option(names = "--bind-password-file", paramLabel = "FILE",
            description = "A file holding that account's password; '-' reads standard input.")
    String bindPasswordFile;
    @Option(names = "--keytab", paramLabel = "FILE", description = "The connector account's keytab, for kerberos.")
    String keytab;
    @Option(names = "--principal", paramLabel = "NAME@REALM", description = "Its principal in that keytab, for kerberos.")
    String principal;
    @Option(names = "--ldap-ca-file", paramLabel = "FILE",
            description = "CA certificate (PEM) of the DCs' LDAPS certificates (default: the JVM's trust store).")
    String ldapCaFile;
    @Option(names = "--ou", paramLabel = "DN", description = "An OU to allow-list; repeat for more.") List<String> ous;
    @Option(names = "--include-children", paramLabel = "yes|no", arity = "0..1", fallbackValue = "yes",
            description = "Allow-list the OUs below each chosen OU too; alone, yes (default: no).")
    String includeChildren;
    @Option(names = "--default-ou", paramLabel = "DN",
            description = "Where requests that name no OU go; one of the allow-listed OUs (default: the first).")
    String defaultOu;
    @Option(names = "--delegate", paramLabel = "yes|no",
            description = "Delegate the rights the connector lacks on the OUs now, as the AD administrator below (default: no).")
    String delegate;
    @Option(names = "--admin-user", paramLabel = "UPN",
            description = "The AD administrator who delegates those rights (may change the OUs' permissions).")
    String adminUser;
    @Option(names = "--admin-password-file", paramLabel = "FILE",
            description = "A file holding that administrator's password; '-' reads standard input.")
    String adminPasswordFile;
    @Option(names = "--state-directory", paramLabel = "DIR", description = "Where the journal lives (default: /var/lib/odjc).")
    String stateDirectory;
    @Option(names = "--identity", paramLabel = "DIR",
            description = "Where enrollment writes the connector's key and certificates (default: DIR/identity of --state-directory).")
    String identity;
    @Option(names = "--workers", paramLabel = "N", description = "Requests processed at once, 1-64 (default: 4).")
    String workers;
    @Option(names = "--admin-endpoint", paramLabel = "PORT|IP:PORT|off",
            description = "Where the local status page, /metrics and /readyz listen: a port on 127.0.0.1, IP:PORT, or off"
                    + " (default: 127.0.0.1:9464).")
    String adminEndpoint;
    @Option(names = "--dispatcher", paramLabel = "URL", description = "The dispatcher's HTTPS URL.")
    String dispatcher;
    @Option(names = "--token-file", paramLabel = "FILE", description = "The enrollment token; '-' reads standard input.")
    String tokenFile;
    @Option(names = "--ca-sha256", paramLabel = "HEX",
            description = "SHA-256 fingerprint of the dispatcher's CA, printed with the token.")
    String caSha256;

    @Override
    public Integer call() throws Exception {
        Map<String, String> given = new LinkedHashMap<>();
        put(given, "--change", change);
        put(given, "--domain", domain);
        put(given, "--dns-servers", dnsServers);
        put(given, "--bind-mode", bindMode);
        put(given, "--bind-user", bindUser);
        put(given, "--bind-password-file", bindPasswordFile);
        put(given, "--keytab", keytab);
        put(given, "--principal", principal);
        put(given, "--ldap-ca-file", ldapCaFile);
        put(given, "--ou", ous == null ? null : String.join(";", ous));
        put(given, "--include-children", includeChildren);
        put(given, "--default-ou", defaultOu);
        put(given, "--delegate", delegate);
        put(given, "--admin-user", adminUser);
        put(given, "--admin-password-file", adminPasswordFile);
        put(given, "--state-directory", stateDirectory);
        put(given, "--identity", identity);
        put(given, "--workers", workers);
        put(given, "--admin-endpoint", adminEndpoint);
        put(given, "--dispatcher", dispatcher);
        put(given, "--token-file", tokenFile);
        put(given, "--ca-sha256", caSha256);
        Setup.checkFlags(given);
        Console console = nonInteractive ? null : System.console();
        new Setup(config, new Answers(given, console), System.getenv(), Clock.systemUTC(), owner()).run();
        return OdjcMain.EXIT_OK;
    }

    private static void put(Map<String, String> m, String key, String value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    private Optional<UserPrincipal> owner() throws ConnectorException {
        String name = serviceUser;
        if (name == null) {
            if (!"root".equals(System.getProperty("user.name"))) {
                return Optional.empty();
            }
            name = "odjc";
        }
        try {
            return Optional.of(FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(name));
        } catch (java.nio.file.attribute.UserPrincipalNotFoundException e) {
            if (serviceUser == null) {
                return Optional.empty(); // no odjc user: files stay root's
            }
            throw new ConnectorException(FailureCode.CLI_USAGE, "--service-user: no user " + name);
        } catch (java.io.IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /** Flags first; then the terminal, if there is one. */
    private final class Answers implements Setup.Terminal {
        private final Map<String, String> given;
        private final Console console;

        Answers(Map<String, String> given, Console console) {
            this.given = given;
            this.console = console;
        }

        @Override
        public void say(String line) {
            out().println(Printable.escape(line)); // OUs, DC names and findings come from the directory
            out().flush();
        }

        @Override
        public String ask(String key, String question, String suggested) throws ConnectorException {
            if (given.containsKey(key)) {
                say(question + ": " + given.get(key) + "   (" + key + ")");
                return given.get(key).strip();
            }
            if (console == null) {
                if (suggested != null) {
                    say(question + ": " + suggested + "   (default)");
                    return suggested;
                }
                throw new ConnectorException(FailureCode.CLI_USAGE, key + " is needed: " + question
                        + " (or run odjc setup at a terminal)");
            }
            for (int tries = 0; tries < 3; tries++) {
                out().flush();
                String a = console.readLine("%s%s: ", question, suggested == null || suggested.isEmpty() ? "" : " [" + suggested + "]");
                if (a == null) {
                    break;
                }
                if (!a.isBlank()) {
                    return a.strip();
                }
                if (suggested != null) {
                    return suggested;
                }
            }
            throw new ConnectorException(FailureCode.CLI_USAGE, key + ": no answer to '" + question + "'");
        }

        @Override
        public char[] secret(String key, String question) throws ConnectorException {
            if (given.containsKey(key)) {
                byte[] b = CliFiles.read(given.get(key), stdin(), 4096, FailureCode.CLI_USAGE);
                java.nio.CharBuffer c = StandardCharsets.UTF_8.decode(java.nio.ByteBuffer.wrap(b));
                java.util.Arrays.fill(b, (byte) 0);
                int from = c.position();
                int to = c.limit();
                while (from < to && Character.isWhitespace(c.get(from))) {
                    from++;
                }
                while (to > from && Character.isWhitespace(c.get(to - 1))) {
                    to--;
                }
                char[] secret = java.util.Arrays.copyOfRange(c.array(), from, to); // as String.strip(), never a String
                java.util.Arrays.fill(c.array(), '\0');
                return secret;
            }
            if (console == null) {
                throw new ConnectorException(FailureCode.CLI_USAGE, key + " is needed: " + question
                        + " (a file holding it; or run odjc setup at a terminal)");
            }
            out().flush();
            char[] s = console.readPassword("%s: ", question);
            if (s == null || s.length == 0) {
                throw new ConnectorException(FailureCode.CLI_USAGE, key + ": no answer to '" + question + "'");
            }
            return s;
        }
    }
}
