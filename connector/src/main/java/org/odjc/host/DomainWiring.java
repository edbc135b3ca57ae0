package org.odjc.host;

import java.util.Map;
import java.util.function.Consumer;
import org.odjc.config.ConnectorConfig;
import org.odjc.ldap.LdapDirectory;
import org.odjc.provisioning.DcLocator;

/**
 * How a configured domain's DCs are found and reached. In production: DNS SRV records and the
 * CLDAP ping, LDAP on the standard ports ({@link #STANDARD}); the demo points both at its
 * embedded directory.
 */
public interface DomainWiring {
    DomainWiring STANDARD = new DomainWiring() {
        @Override
        public DcLocator locator(ConnectorConfig.Domain domain) {
            return DirectoryAdapters.locator(domain.dnsServers())::locate;
        }

        @Override
        public LdapDirectory directory(ConnectorConfig.Domain domain, Map<String, String> environment,
                Consumer<String> warnings, int poolSize) {
            return DirectoryAdapters.directory(domain.access(), environment, warnings, poolSize);
        }

        @Override
        public boolean diagnosable() {
            return true;
        }
    };

    DcLocator locator(ConnectorConfig.Domain domain);

    LdapDirectory directory(ConnectorConfig.Domain domain, Map<String, String> environment, Consumer<String> warnings,
            int poolSize);

    /** Whether {@link Diagnostics} (DNS, real ports) can check these domains; not the demo's embedded one. */
    default boolean diagnosable() {
        return false;
    }
}
