package org.odjc.diagnostics;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.odjc.domain.Guid;
import org.odjc.domain.SecurityDescriptor.Ace;
import org.odjc.domain.Sid;

/**
 * Whether a token holds a right, read from a DACL the way a DC decides (MS-DTYP 2.5.3.2, for one
 * right at a time): the ACEs in order, the first one that names one of the token's SIDs, the
 * right's bit and (for object ACEs) its object type decides; deny and allow alike, which is why
 * canonical order puts explicit denies first and inherited ones after the explicit.
 */
public final class AccessCheck {
    /** ADS_RIGHT_DS_CREATE_CHILD, DELETE_CHILD, SELF (validated write), WRITE_PROP, CONTROL_ACCESS. */
    public static final long CREATE_CHILD = 0x1;
    public static final long DELETE_CHILD = 0x2;
    public static final long SELF = 0x8;
    public static final long READ_PROPERTY = 0x10;
    public static final long WRITE_PROPERTY = 0x20;
    public static final long CONTROL_ACCESS = 0x100;
    /** Everyone, Authenticated Users: in every domain user's token whether tokenGroups lists them or not. */
    public static final Sid EVERYONE = sid("S-1-1-0");
    public static final Sid AUTHENTICATED_USERS = sid("S-1-5-11");
    /** CREATOR OWNER: an inheritable ACE for it becomes one for whoever creates the child. */
    public static final Sid CREATOR_OWNER = sid("S-1-3-0");

    /** A right the connector needs (docs/ad-facts.md §2). */
    public record Right(String name, long mask, Optional<Guid> objectType, boolean onChildren) {
    }

    /** The computer class's schemaIDGUID: the object type of Create/Delete Computer objects. */
    public static final Guid COMPUTER_CLASS = guid("bf967a86-0de6-11d0-a285-00aa003049e2");

    public static final List<Right> CONNECTOR_RIGHTS = List.of(
            new Right("Create Computer objects", CREATE_CHILD, Optional.of(COMPUTER_CLASS), false),
            new Right("Delete Computer objects", DELETE_CHILD, Optional.of(COMPUTER_CLASS), false),
            new Right("Reset password", CONTROL_ACCESS, Optional.of(guid("00299570-246d-11d0-a768-00aa006e0529")), true),
            new Right("Validated write to DNS host name", SELF, Optional.of(guid("72e39547-7b18-11d1-adef-00c04fd8d5cd")), true),
            new Right("Validated write to service principal name", SELF,
                    Optional.of(guid("f3a64788-5306-11d1-a9c5-0000f80367c1")), true),
            new Right("Write Account Restrictions", WRITE_PROPERTY, Optional.of(guid("4c164200-20c0-11d0-a768-00aa003049e2")),
                    true));

    private AccessCheck() {
    }

    /**
     * The ACE that grants {@code right} to {@code sid} on an OU, as the Delegation of Control wizard
     * writes it: Create/Delete Computer objects on the OU itself; the rest inherit-only, for
     * computer objects below it.
     */
    public static Ace grant(Right right, Sid sid) {
        if (!right.onChildren()) {
            return new Ace(Ace.Type.ALLOWED_OBJECT, 0, right.mask(), right.objectType(), Optional.empty(), sid);
        }
        long mask = right.mask() == WRITE_PROPERTY ? READ_PROPERTY | WRITE_PROPERTY : right.mask();
        return new Ace(Ace.Type.ALLOWED_OBJECT, Ace.CONTAINER_INHERIT | Ace.INHERIT_ONLY, mask, right.objectType(),
                Optional.of(COMPUTER_CLASS), sid);
    }

    /**
     * Whether {@code token} holds {@code right}: on the object the DACL belongs to, or, for a right
     * {@code onChildren}, on a computer object created below it by the token's owner (the OU's
     * inheritable ACEs for computers or all objects, with CREATOR OWNER standing for the creator).
     */
    public static boolean holds(List<Ace> dacl, Set<Sid> token, Right right) {
        for (Ace ace : right.onChildren() ? inheritedByNewComputer(dacl) : effectiveHere(dacl)) {
            boolean mine = token.contains(ace.sid()) || ace.sid().equals(EVERYONE) || ace.sid().equals(AUTHENTICATED_USERS)
                    || (right.onChildren() && ace.sid().equals(CREATOR_OWNER));
            if (!mine || (ace.mask() & right.mask()) == 0) {
                continue;
            }
            boolean objectMatches = ace.objectType().isEmpty() || right.objectType().isEmpty()
                    || ace.objectType().equals(right.objectType());
            if (!objectMatches) {
                continue;
            }
            if (ace.denies()) {
                return false;
            }
            if (ace.allows()) {
                return true;
            }
        }
        return false;
    }

    /** The ACEs that apply to the object itself: all but inherit-only ones. */
    static List<Ace> effectiveHere(List<Ace> dacl) {
        return dacl.stream().filter(a -> (a.flags() & Ace.INHERIT_ONLY) == 0).toList();
    }

    /**
     * What a new computer object below inherits from this DACL: container- or object-inheritable
     * ACEs for any class or for computers. (The class's default security descriptor adds its own
     * non-inherited ACEs, which this check does not see: it reports what the OU grants.)
     */
    static List<Ace> inheritedByNewComputer(List<Ace> dacl) {
        List<Ace> out = new ArrayList<>();
        for (Ace a : dacl) {
            boolean inheritable = (a.flags() & (Ace.OBJECT_INHERIT | Ace.CONTAINER_INHERIT)) != 0;
            boolean forComputers = a.inheritedObjectType().isEmpty() || a.inheritedObjectType().get().equals(COMPUTER_CLASS);
            if (inheritable && forComputers) {
                out.add(a);
            }
        }
        return out;
    }

    private static Sid sid(String s) {
        try {
            return Sid.parse(s);
        } catch (org.odjc.failure.ConnectorException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Guid guid(String s) {
        try {
            return Guid.parse(s);
        } catch (org.odjc.failure.ConnectorException e) {
            throw new IllegalStateException(e);
        }
    }
}
