package org.odjc.provisioning;

import java.util.List;
import java.util.Optional;
import org.odjc.domain.DcInfo;
import org.odjc.domain.DomainDnsName;
import org.odjc.failure.ConnectorException;

/** Port: finds the domain controllers of a domain, as Windows' locator does. */
public interface DcLocator {
    /**
     * The DCs to try, best first: writable ones, in the client's site, in SRV priority/weight
     * order, each described by its CLDAP netlogon reply. With {@code explicitDc} only that DC
     * (still pinged, since its flags and sites go into the blob).
     *
     * @throws ConnectorException {@code DC-…} when DNS knows no DC or none answers
     */
    List<DcInfo> locate(DomainDnsName domain, Optional<DomainDnsName> explicitDc) throws ConnectorException;
}
