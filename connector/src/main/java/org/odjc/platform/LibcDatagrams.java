package org.odjc.platform;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.platform.unix.LibCAPI;

/**
 * Unix datagrams through libc, because JDK 17's {@code SocketChannel} speaks unix sockets only as
 * streams and {@code DatagramChannel} not at all; libsystemd's {@code sd_notify} would do the same
 * but is not on every host that runs a JVM. One socket per message, as {@code sd_notify} does:
 * messages are rare (readiness, a status line, a watchdog ping every few seconds).
 */
final class LibcDatagrams implements Datagrams {
    /** Linux values, from {@code <sys/socket.h>}: systemd runs only on Linux. */
    static final int AF_UNIX = 1;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_CLOEXEC = 0x80000;
    /** Not SIGPIPE if the manager's socket went away, an errno instead. */
    static final int MSG_NOSIGNAL = 0x4000;

    interface LibC extends Library {
        int socket(int domain, int type, int protocol) throws LastErrorException;

        LibCAPI.ssize_t sendto(int fd, byte[] buf, LibCAPI.size_t len, int flags, byte[] addr, int addrlen)
                throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    private static final class Holder {
        static final LibC LIBC = Native.load("c", LibC.class);
    }

    @Override
    public int send(NotifySocketAddress address, byte[] message) {
        int fd;
        try {
            fd = Holder.LIBC.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        } catch (LastErrorException e) {
            return e.getErrorCode();
        }
        try {
            byte[] addr = address.sockaddr();
            Holder.LIBC.sendto(fd, message, new LibCAPI.size_t(message.length), MSG_NOSIGNAL, addr, addr.length);
            return 0;
        } catch (LastErrorException e) {
            return e.getErrorCode();
        } finally {
            try {
                Holder.LIBC.close(fd);
            } catch (LastErrorException ignored) {
                // the message went (or its errno is reported); a failed close leaks nothing we reuse
            }
        }
    }
}
