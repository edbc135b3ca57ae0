package org.odjc.provisioning;

import java.util.List;
import java.util.Objects;
import org.odjc.domain.DistinguishedName;

/**
 * The OUs the connector may write below (docs/architecture.md §6): an exact DN match after
 * normalisation, or anything below an entry marked {@code includeChildren}. {@link #ANY} is for
 * the admin's own {@code odjc provision} without a configuration.
 */
public record OuAllowList(List<Entry> entries, boolean unrestricted) {
    public static final OuAllowList ANY = new OuAllowList(List.of(), true);

    public record Entry(DistinguishedName ou, boolean includeChildren) {
        public Entry {
            Objects.requireNonNull(ou, "ou");
        }
    }

    public OuAllowList {
        entries = List.copyOf(entries);
    }

    public static OuAllowList of(List<Entry> entries) {
        return new OuAllowList(entries, false);
    }

    public boolean permits(DistinguishedName ou) {
        if (unrestricted) {
            return true;
        }
        for (Entry e : entries) {
            if (e.ou().equals(ou) || (e.includeChildren() && ou.isDescendantOf(e.ou()))) {
                return true;
            }
        }
        return false;
    }
}
