package org.odjc.provisioning;

import java.util.Objects;

/** What the dispatcher says of a request, asked during crash recovery. */
public sealed interface RemoteStatus {
    /** It holds a result: ours ({@code ours}) or another connector's. */
    record Finished(boolean ours) implements RemoteStatus {
    }

    /** Still leased to this connector: the lease (and its fencing token) the dispatcher confirms. */
    record LeasedToUs(Lease lease) implements RemoteStatus {
        public LeasedToUs {
            Objects.requireNonNull(lease, "lease");
        }
    }

    /** Cancelled, expired, or leased to another connector: not ours to finish. */
    record NotOurs(String why) implements RemoteStatus {
        public NotOurs {
            Objects.requireNonNull(why, "why");
        }
    }
}
