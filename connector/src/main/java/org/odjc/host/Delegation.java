package org.odjc.host;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.odjc.config.ConnectorConfig;
import org.odjc.diagnostics.AccessCheck;
import org.odjc.domain.DistinguishedName;
import org.odjc.domain.SecurityDescriptor.Ace;
import org.odjc.domain.Sid;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.provisioning.DirectorySession;
import org.odjc.provisioning.Identity;

/**
 * {@code odjc delegate}: the ACEs of docs/ad-facts.md §2 that an account lacks on an OU, shown,
 * and with {@code apply} added to the OU's DACL (after its explicit ACEs, nothing else touched) by
 * the configured bind, which must itself be allowed to change permissions there.
 */
public final class Delegation {
    /** What the account holds already and what would grant the rest. */
    public record Plan(DistinguishedName ou, Identity account, List<AccessCheck.Right> held, List<Ace> toAdd) {
    }

    private Delegation() {
    }

    /** Plans (and with {@code apply} carries out) the delegation on {@code ou}, in the configured domain holding it. */
    public static Plan run(ConnectorConfig config, Map<String, String> environment, DistinguishedName ou, String account,
            boolean apply) throws ConnectorException {
        ConnectorConfig.Domain d = null;
        for (ConnectorConfig.Domain x : config.domains()) {
            if (d == null && ou.isDescendantOf(DistinguishedName.parse(x.name().toNamingContext()))) {
                d = x;
            }
        }
        if (d == null) {
            throw new ConnectorException(FailureCode.PROV_DOMAIN_NOT_SERVED, ou + " is in no configured domain");
        }
        return DirectoryAdapters.inSession(d, d.dcs().stream().findFirst(), environment, s -> {
            Plan plan = plan(s, ou, account);
            if (apply && !plan.toAdd().isEmpty()) {
                s.addAces(ou, plan.toAdd());
                Plan after = plan(s, ou, account);
                if (!after.toAdd().isEmpty()) {
                    throw new ConnectorException(FailureCode.DIAG_OU_RIGHT_MISSING, "the ACEs were written but "
                            + account + " still lacks " + after.toAdd().size() + " right(s) on " + ou
                            + " (a deny ACE before them?)");
                }
            }
            return plan;
        });
    }

    /**
     * The rights of ad-facts.md section 2 that {@code who} (its SID and token groups) lacks on
     * {@code ou}, read from the OU's DACL as {@code odjc diagnose --only ous} reads them.
     */
    public static List<AccessCheck.Right> missing(DirectorySession s, Identity who, DistinguishedName ou)
            throws ConnectorException {
        List<Ace> dacl = s.dacl(ou);
        Set<Sid> token = new HashSet<>(who.groups());
        token.add(who.sid());
        return AccessCheck.CONNECTOR_RIGHTS.stream().filter(r -> !AccessCheck.holds(dacl, token, r)).toList();
    }

    static Plan plan(DirectorySession s, DistinguishedName ou, String account) throws ConnectorException {
        Identity who = s.principal(account);
        List<Ace> dacl = s.dacl(ou);
        Set<Sid> token = new HashSet<>(who.groups());
        token.add(who.sid());
        List<AccessCheck.Right> held = new ArrayList<>();
        List<Ace> toAdd = new ArrayList<>();
        for (AccessCheck.Right r : AccessCheck.CONNECTOR_RIGHTS) {
            if (AccessCheck.holds(dacl, token, r)) {
                held.add(r);
            } else {
                toAdd.add(AccessCheck.grant(r, who.sid()));
            }
        }
        return new Plan(ou, who, held, toAdd);
    }
}
