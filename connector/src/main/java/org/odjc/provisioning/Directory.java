package org.odjc.provisioning;

import org.odjc.domain.DcInfo;
import org.odjc.failure.ConnectorException;

/** Port: the directory (AD over LDAP). */
public interface Directory {
    /**
     * A bound session on {@code dc}; every operation of one request goes through it, so
     * replication lag between DCs never shows.
     *
     * @throws ConnectorException with disposition RETRY when the DC cannot be reached (try the next),
     *         HALT when the credentials or TLS trust are wrong
     */
    DirectorySession open(DcInfo dc) throws ConnectorException;
}
