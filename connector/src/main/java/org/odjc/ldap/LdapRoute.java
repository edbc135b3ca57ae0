package org.odjc.ldap;

import org.odjc.domain.DcInfo;
import org.odjc.provisioning.DirectoryAccess;

/**
 * Where to open an LDAP connection to a located DC. In production that is the DC's own host name on
 * the standard ports; the embedded demo directory listens on a loopback port chosen at start.
 */
public interface LdapRoute {
    /** The DC's host name, 636 for LDAPS and 389 for StartTLS and Kerberos (MS-ADTS 3.1.1.3.1). */
    LdapRoute STANDARD = new LdapRoute() {
        @Override
        public String host(DcInfo dc) {
            return dc.hostName().value();
        }

        @Override
        public int port(DirectoryAccess.BindMode mode) {
            return mode == DirectoryAccess.BindMode.LDAPS ? 636 : 389;
        }
    };

    String host(DcInfo dc);

    int port(DirectoryAccess.BindMode mode);

    /** Every DC at {@code host:port}, whatever the bind mode. */
    static LdapRoute fixed(String host, int port) {
        return new LdapRoute() {
            @Override
            public String host(DcInfo dc) {
                return host;
            }

            @Override
            public int port(DirectoryAccess.BindMode mode) {
                return port;
            }
        };
    }
}
