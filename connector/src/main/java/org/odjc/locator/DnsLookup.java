package org.odjc.locator;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.stream.Collectors;
import javax.naming.CommunicationException;
import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.ServiceUnavailableException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import org.odjc.domain.IpAddress;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

/**
 * DNS look-ups for the locator through the JDK's own DNS client (JNDI {@code dns:}): against the
 * servers given, or, with none, the platform's resolver configuration ({@code /etc/resolv.conf},
 * or the adapters' DNS servers on Windows). Host addresses with no servers given go through the
 * system resolver, so {@code /etc/hosts} applies as it does for every other program. Thread-safe.
 */
public final class DnsLookup implements AdDcLocator.Dns {
    private final List<IpAddress> servers;
    private final Duration timeout;

    /**
     * @param servers DNS servers to ask, in order; empty for the system's
     * @param timeout the first try's wait per server (JNDI doubles it on each of two retries)
     */
    public DnsLookup(List<IpAddress> servers, Duration timeout) {
        this.servers = List.copyOf(servers);
        this.timeout = timeout;
    }

    @Override
    public String describeServers() {
        return servers.isEmpty() ? "the system resolver"
                : servers.stream().map(IpAddress::value).collect(Collectors.joining(", "));
    }

    @Override
    public List<SrvRecord> srv(String name) throws ConnectorException {
        List<SrvRecord> out = new ArrayList<>();
        for (String value : query(name, "SRV")) {
            try {
                out.add(SrvRecord.parse(value));
            } catch (IllegalArgumentException e) {
                throw new ConnectorException(FailureCode.DC_DNS_FAILED, "malformed SRV record for " + name + ": " + value);
            }
        }
        return out;
    }

    @Override
    public List<InetAddress> addresses(String host) throws ConnectorException {
        List<InetAddress> out = new ArrayList<>();
        if (servers.isEmpty()) {
            try {
                for (InetAddress a : InetAddress.getAllByName(host)) {
                    out.add(a);
                }
            } catch (UnknownHostException e) {
                return List.of();
            }
        } else {
            for (String type : List.of("A", "AAAA")) {
                for (String literal : query(host, type)) {
                    try {
                        out.add(InetAddress.getByName(literal)); // a literal: no look-up
                    } catch (UnknownHostException e) {
                        throw new ConnectorException(FailureCode.DC_DNS_FAILED, "malformed " + type + " record for " + host);
                    }
                }
            }
        }
        out.sort((a, b) -> Boolean.compare(a.getAddress().length != 4, b.getAddress().length != 4));
        return out;
    }

    private List<String> query(String name, String type) throws ConnectorException {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
        env.put(Context.PROVIDER_URL, servers.isEmpty() ? "dns:"
                : servers.stream().map(s -> "dns://" + (s.isIpv6() ? "[" + s.value() + "]" : s.value()))
                        .collect(Collectors.joining(" ")));
        env.put("com.sun.jndi.dns.timeout.initial", Long.toString(Math.max(100, timeout.toMillis())));
        env.put("com.sun.jndi.dns.timeout.retries", "2");
        DirContext ctx = null;
        try {
            ctx = new InitialDirContext(env);
            // the trailing dot keeps resolv.conf's search list out of it
            Attributes attrs = ctx.getAttributes(name.endsWith(".") ? name : name + ".", new String[] {type});
            Attribute a = attrs.get(type);
            List<String> out = new ArrayList<>();
            if (a != null) {
                NamingEnumeration<?> values = a.getAll();
                while (values.hasMore()) {
                    out.add(String.valueOf(values.next()));
                }
            }
            return out;
        } catch (NameNotFoundException e) {
            return List.of();
        } catch (CommunicationException | ServiceUnavailableException e) {
            throw new ConnectorException(FailureCode.DC_DNS_UNREACHABLE,
                    describeServers() + " did not answer " + type + " " + name, e);
        } catch (NamingException e) {
            throw new ConnectorException(FailureCode.DC_DNS_FAILED,
                    type + " " + name + " via " + describeServers() + ": " + e.getClass().getSimpleName()
                            + (e.getExplanation() == null ? "" : " (" + e.getExplanation() + ")"), e);
        } finally {
            if (ctx != null) {
                try {
                    ctx.close();
                } catch (NamingException ignored) {
                    // nothing held open worth reporting
                }
            }
        }
    }
}
