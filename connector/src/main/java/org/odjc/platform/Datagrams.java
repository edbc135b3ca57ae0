package org.odjc.platform;

/** Sends one unix datagram; the seam between {@link SystemdNotifier} and libc, so tests can record. */
interface Datagrams {
    /** Sends {@code message} to {@code address}; returns 0, or the {@code errno} of the failure. */
    int send(NotifySocketAddress address, byte[] message);
}
