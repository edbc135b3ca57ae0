package org.odjc.provisioning;

import java.util.Objects;
import java.util.Set;
import org.odjc.domain.Sid;

/**
 * The principal a session is bound as.
 *
 * @param name as an admin would name it (UPN or DOMAIN\\user)
 * @param groups the SIDs of every group it is a member of, transitively ({@code tokenGroups})
 */
public record Identity(String name, Sid sid, Set<Sid> groups) {
    public Identity {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sid, "sid");
        groups = Set.copyOf(groups);
    }

    /** Whether {@code owner} is this principal or one of its groups. */
    public boolean holds(Sid owner) {
        return sid.equals(owner) || groups.contains(owner);
    }
}
