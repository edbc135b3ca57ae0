package org.odjc.ldap;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.odjc.domain.DcInfo;
import org.odjc.domain.DistinguishedName;
import org.odjc.domain.DomainDnsName;
import org.odjc.domain.DomainFacts;
import org.odjc.domain.Guid;
import org.odjc.domain.NetbiosDomainName;
import org.odjc.domain.Sid;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.provisioning.Directory;
import org.odjc.provisioning.DirectoryAccess;
import org.odjc.provisioning.DirectorySession;
import org.odjc.provisioning.Identity;
import org.odjc.provisioning.SecretFiles;

/**
 * Active Directory over LDAP (UnboundID): one health-checked pool of bound connections per DC,
 * created on first use, and the facts of each domain read once and cached (they do not change:
 * names, GUID and SID). Thread-safe.
 */
public final class LdapDirectory implements Directory, AutoCloseable {
    private final DirectoryAccess access;
    private final LdapConnections connections;
    private final int poolSize;
    private final Map<String, LDAPConnectionPool> pools = new ConcurrentHashMap<>();
    private final Map<String, DomainCache> domains = new ConcurrentHashMap<>();

    /**
     * @param environment where a {@code passwordEnv} variable is looked up (the process environment in production)
     * @param warnings receives security warnings (TLS verification off) for the log
     * @param poolSize connections per DC, one per request in flight
     * @param route where each DC is reached; {@link LdapRoute#STANDARD} but for the embedded demo directory
     * @param secretFiles where a password file is read: the system's secret store (DPAPI on Windows, owner-only
     *                    files elsewhere), which the entry point chooses
     */
    public LdapDirectory(DirectoryAccess access, Map<String, String> environment, Consumer<String> warnings,
            int poolSize, Duration connectTimeout, Duration responseTimeout, LdapRoute route, SecretFiles secretFiles) {
        this.access = access;
        this.connections = new LdapConnections(access, environment, warnings, connectTimeout, responseTimeout, route,
                secretFiles);
        this.poolSize = poolSize;
    }

    @Override
    public DirectorySession open(DcInfo dc) throws ConnectorException {
        String host = dc.hostName().lowerCase();
        LDAPConnectionPool pool = pools.get(host);
        if (pool == null) {
            synchronized (pools) {
                pool = pools.get(host);
                if (pool == null) {
                    pool = connections.pool(dc, poolSize);
                    pools.put(host, pool);
                }
            }
        }
        LDAPConnection connection;
        try {
            connection = pool.getConnection();
        } catch (LDAPException e) {
            throw AdResultClassifier.classify(e, "connecting to " + dc.hostName());
        }
        DomainCache cache = domains.computeIfAbsent(dc.domainName().lowerCase(), d -> new DomainCache());
        return new LdapSession(pool, connection, dc, cache, boundAs());
    }

    private String boundAs() {
        return access.bind().account();
    }

    @Override
    public void close() {
        pools.values().forEach(LDAPConnectionPool::close);
        pools.clear();
    }

    /** What is read once per domain: its facts, its Computers container, and who we are bound as. */
    static final class DomainCache {
        private DomainFacts facts;
        private DistinguishedName computers;
        private Identity identity;

        synchronized DomainFacts facts(LdapSession s) throws ConnectorException {
            if (facts == null) {
                read(s);
            }
            return facts;
        }

        synchronized DistinguishedName computersContainer(LdapSession s) throws ConnectorException {
            if (computers == null) {
                read(s);
            }
            return computers;
        }

        synchronized Identity identity(LdapSession s) throws ConnectorException {
            if (identity == null) {
                identity = s.lookUpIdentity(facts(s));
            }
            return identity;
        }

        /**
         * rootDSE naming contexts; the domain object's objectSid, objectGUID and wellKnownObjects;
         * the crossRef objects under CN=Partitions for the NetBIOS name and the DNS names of the
         * domain and the forest root (docs/ad-facts.md §3).
         */
        private void read(LdapSession s) throws ConnectorException {
            SearchResultEntry root = s.entry("", "defaultNamingContext", "configurationNamingContext",
                    "rootDomainNamingContext");
            String domainNc = required(root, "defaultNamingContext");
            String configNc = required(root, "configurationNamingContext");
            String forestNc = required(root, "rootDomainNamingContext");
            SearchResultEntry domain = s.entry(domainNc, "objectSid", "objectGUID", "wellKnownObjects");
            Sid sid = LdapSession.sidValue(domain, "objectSid");
            Guid guid = LdapSession.guidValue(domain);
            List<SearchResultEntry> refs = s.search(new SearchRequest("CN=Partitions," + configNc, SearchScope.ONE,
                    Filter.createANDFilter(Filter.createEqualityFilter("objectClass", "crossRef"),
                            Filter.createORFilter(Filter.createEqualityFilter("nCName", domainNc),
                                    Filter.createEqualityFilter("nCName", forestNc))),
                    "nCName", "nETBIOSName", "dnsRoot"), "reading the domain's crossRef");
            SearchResultEntry domainRef = crossRef(refs, domainNc);
            SearchResultEntry forestRef = crossRef(refs, forestNc);
            facts = new DomainFacts(
                    NetbiosDomainName.parse(required(domainRef, "nETBIOSName")),
                    DomainDnsName.parse(required(domainRef, "dnsRoot")),
                    DomainDnsName.parse(required(forestRef, "dnsRoot")),
                    guid, sid);
            computers = wellKnown(domain, LdapSession.COMPUTERS_WKGUID);
        }

        private static SearchResultEntry crossRef(List<SearchResultEntry> refs, String nc) throws ConnectorException {
            return refs.stream().filter(r -> nc.equalsIgnoreCase(r.getAttributeValue("nCName"))).findFirst()
                    .orElseThrow(() -> new ConnectorException(FailureCode.AD_NO_SUCH_OBJECT,
                            "no crossRef for " + nc + " under CN=Partitions"));
        }

        /** {@code wellKnownObjects} values are DN-Binary: {@code B:32:<GUID hex>:<DN>}. */
        private static DistinguishedName wellKnown(SearchResultEntry domain, String guidHex) throws ConnectorException {
            String[] values = domain.getAttributeValues("wellKnownObjects");
            if (values != null) {
                String prefix = "B:32:" + guidHex + ":";
                for (String v : values) {
                    if (v.toUpperCase(Locale.ROOT).startsWith(prefix)) {
                        return DistinguishedName.parse(v.substring(prefix.length()));
                    }
                }
            }
            throw new ConnectorException(FailureCode.AD_NO_SUCH_OBJECT,
                    domain.getDN() + " names no well-known Computers container");
        }

        private static String required(SearchResultEntry e, String attribute) throws ConnectorException {
            String v = e.getAttributeValue(attribute);
            if (v == null || v.isEmpty()) {
                throw new ConnectorException(FailureCode.AD_MALFORMED_VALUE,
                        (e.getDN().isEmpty() ? "rootDSE" : e.getDN()) + " has no " + attribute);
            }
            return v;
        }
    }
}
