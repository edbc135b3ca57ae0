package org.odjc.testing;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.platform.unix.LibCAPI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A notify socket of the test's own: what systemd binds for a {@code Type=notify} unit, a unix
 * datagram socket at a path or under an abstract {@code @name}, read here through libc (JNA) because
 * JDK 17 cannot. Linux only.
 */
public final class NotifyListener implements AutoCloseable {
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int MSG_DONTWAIT = 0x40;
    private static final int EAGAIN = 11;

    interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int socket(int domain, int type, int protocol) throws LastErrorException;

        int bind(int fd, byte[] addr, int addrlen) throws LastErrorException;

        LibCAPI.ssize_t recv(int fd, byte[] buf, LibCAPI.size_t len, int flags) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    private final String name;
    private final int fd;
    private final List<String> received = new ArrayList<>();

    private NotifyListener(String name, int fd) {
        this.name = name;
        this.fd = fd;
    }

    /** Binds {@code name}: an absolute path (created world-writable, as systemd's is) or {@code @abstract}. */
    public static NotifyListener bind(String name) throws Exception {
        byte[] path;
        if (name.startsWith("@")) {
            byte[] n = name.substring(1).getBytes(StandardCharsets.UTF_8);
            path = new byte[n.length + 1];
            System.arraycopy(n, 0, path, 1, n.length);
        } else {
            path = (name + "\0").getBytes(StandardCharsets.UTF_8);
        }
        ByteBuffer addr = ByteBuffer.allocate(2 + path.length).order(ByteOrder.nativeOrder());
        addr.putShort((short) AF_UNIX).put(path);
        int fd = LibC.INSTANCE.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        LibC.INSTANCE.bind(fd, addr.array(), addr.capacity());
        if (!name.startsWith("@")) {
            Files.setPosixFilePermissions(Path.of(name), java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
        }
        return new NotifyListener(name, fd);
    }

    /** The value to put in {@code NOTIFY_SOCKET}. */
    public String name() {
        return name;
    }

    /** Every datagram so far, in order of arrival. */
    public synchronized List<String> received() {
        drain();
        return List.copyOf(received);
    }

    /**
     * Waits until a datagram holding the line {@code assignment} (e.g. {@code READY=1}) arrived;
     * returns that datagram.
     */
    public String await(String assignment, Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (String d : received()) {
                if (d.lines().anyMatch(assignment::equals)) {
                    return d;
                }
            }
            if (System.nanoTime() > until) {
                throw new IllegalStateException("no " + assignment + " on " + name + " within " + timeout + "; got "
                        + received());
            }
            Thread.sleep(50);
        }
    }

    private void drain() {
        byte[] buf = new byte[4096];
        while (true) {
            try {
                long n = LibC.INSTANCE.recv(fd, buf, new LibCAPI.size_t(buf.length), MSG_DONTWAIT).longValue();
                received.add(new String(buf, 0, (int) n, StandardCharsets.UTF_8));
            } catch (LastErrorException e) {
                if (e.getErrorCode() == EAGAIN) {
                    return;
                }
                throw e;
            }
        }
    }

    @Override
    public void close() throws java.io.IOException {
        LibC.INSTANCE.close(fd);
        if (!name.startsWith("@")) {
            Files.deleteIfExists(Path.of(name));
        }
    }
}
