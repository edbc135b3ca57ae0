package org.odjc.odj;

import java.util.Objects;
import org.odjc.domain.Guid;

/**
 * JOINPROV3 plus the account's objectGUID (Microsoft's IDL only; Samba skips it).
 * <pre>
 * typedef struct _OP_JOINPROV4_PART {
 *     DWORD Rid;
 *     [string] wchar_t *lpSid;
 *     GUID ObjectGuid;
 * } OP_JOINPROV4_PART, *POP_JOINPROV4_PART;
 * </pre>
 */
public record OpJoinProv4Part(long rid, String sid, Guid objectGuid) implements PartPayload {
    public OpJoinProv4Part {
        Ulong.check(rid, "Rid");
        Objects.requireNonNull(objectGuid, "objectGuid");
    }

    @Override
    public Guid partType() {
        return JOIN_PROVIDER4;
    }
}
