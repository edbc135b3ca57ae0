package org.odjc.dispatcher.store;

/**
 * A "there may be work" signal between the replicas of one store. Debounced: many signals in a short
 * time are delivered as a few; a lost signal costs only latency (pollers re-check on their own timer).
 */
public interface WakeUp {
    /** Work may be leasable now (a submit, a release, a retry that came due). Never blocks on the store. */
    void signal();

    /** Calls {@code listener} (on a store thread; it must not block) each time a signal arrives, from any replica. */
    AutoCloseable subscribe(Runnable listener);
}
