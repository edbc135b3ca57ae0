package org.odjc.provisioning;

import java.util.Arrays;
import java.util.Objects;
import org.odjc.domain.ComputerName;
import org.odjc.domain.DistinguishedName;
import org.odjc.domain.Sid;
import org.odjc.failure.FailureCode;

/** What the connector reports for a request. */
public sealed interface JoinResult {
    /**
     * The account and its blob (NDR bytes, the only copy of the password): {@link #wipe()} once sent.
     */
    record Succeeded(ComputerName name, DistinguishedName dn, Sid sid, String dc, byte[] blob) implements JoinResult {
        public Succeeded {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(dn, "dn");
            Objects.requireNonNull(sid, "sid");
            Objects.requireNonNull(dc, "dc");
            Objects.requireNonNull(blob, "blob");
        }

        public void wipe() {
            Arrays.fill(blob, (byte) 0);
        }

        @Override
        public String toString() {
            return "Succeeded[" + name + ", " + dn + ", " + sid + ", " + dc + ", blob=(" + blob.length + " bytes)]";
        }
    }

    /** @param retryable whether another attempt (here or by another connector) may succeed */
    record Failed(FailureCode code, String message, boolean retryable) implements JoinResult {
        public Failed {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }
    }
}
