package org.odjc.provisioning;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.odjc.domain.ComputerName;
import org.odjc.domain.DistinguishedName;
import org.odjc.domain.Sid;

/**
 * One state change of a request. Never holds a password or a blob: those live only in memory.
 *
 * @param fencingToken the lease generation it happened under
 * @param detail a short, secret-free note for people (a failure's message, why it was closed)
 */
public record JournalEntry(JoinRequest request, RequestState state, long fencingToken, Optional<ComputerName> name,
        Optional<DistinguishedName> dn, Optional<Sid> sid, Optional<String> dc, Optional<String> code, String detail,
        Instant at) {
    public JournalEntry {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dn, "dn");
        Objects.requireNonNull(sid, "sid");
        Objects.requireNonNull(dc, "dc");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(at, "at");
    }

    public static JournalEntry received(JoinRequest request, long fencingToken, Instant at) {
        return new JournalEntry(request, RequestState.RECEIVED, fencingToken, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), "", at);
    }

    /** The next state, keeping what is known so far. */
    public JournalEntry next(RequestState next, String detail, Instant when) {
        return new JournalEntry(request, next, fencingToken, name, dn, sid, dc, code, detail, when);
    }

    public JournalEntry withName(ComputerName n, DistinguishedName d) {
        return new JournalEntry(request, state, fencingToken, Optional.of(n), Optional.of(d), sid, dc, code, detail, at);
    }

    public JournalEntry withAccount(Sid s, String dcHost) {
        return new JournalEntry(request, state, fencingToken, name, dn, Optional.of(s), Optional.of(dcHost), code, detail,
                at);
    }

    public JournalEntry withCode(String failureCode) {
        return new JournalEntry(request, state, fencingToken, name, dn, sid, dc, Optional.of(failureCode), detail, at);
    }
}
