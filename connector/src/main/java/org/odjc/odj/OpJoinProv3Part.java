package org.odjc.odj;

import org.odjc.domain.Guid;

/**
 * The new account's RID and SID. Samba's {@code requestodj} needs it (without it, 4.17 reports
 * success and writes nothing).
 * <pre>
 * typedef struct _OP_JOINPROV3_PART {
 *     DWORD Rid;
 *     [string] wchar_t *lpSid;     // "S-1-5-21-…-1103"
 * } OP_JOINPROV3_PART, *POP_JOINPROV3_PART;
 * </pre>
 *
 * @param sid the account SID as text, or null for a NULL pointer
 */
public record OpJoinProv3Part(long rid, String sid) implements PartPayload {
    public OpJoinProv3Part {
        Ulong.check(rid, "Rid");
    }

    @Override
    public Guid partType() {
        return JOIN_PROVIDER3;
    }
}
