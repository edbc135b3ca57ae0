package org.odjc.platform;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

/**
 * {@code NOTIFY_SOCKET} as the {@code struct sockaddr_un} that {@code sendto(2)} takes. A value
 * starting with {@code /} is a path; one starting with {@code @} names a socket in the abstract
 * namespace ({@code unix(7)}: {@code sun_path[0] == '\0'}, the name follows, not NUL-terminated,
 * its length given by the address length), as {@code sd_notify(3)} documents.
 *
 * @param sockaddr the bytes of the address: {@code sa_family_t sun_family} (host byte order)
 *        then {@code sun_path}, exactly {@code addrlen} long
 */
public record NotifySocketAddress(String value, byte[] sockaddr) {
    static final short AF_UNIX = 1;
    /** {@code sizeof(((struct sockaddr_un *) 0)->sun_path)} on Linux. */
    static final int SUN_PATH = 108;

    public NotifySocketAddress {
        sockaddr = sockaddr.clone();
    }

    @Override
    public byte[] sockaddr() {
        return sockaddr.clone();
    }

    public boolean isAbstract() {
        return value.startsWith("@");
    }

    public static NotifySocketAddress parse(String value) throws ConnectorException {
        if (value == null || value.length() < 2 || !(value.startsWith("/") || value.startsWith("@"))) {
            throw new ConnectorException(FailureCode.SYSTEMD_NOTIFY_INVALID,
                    "NOTIFY_SOCKET=" + value + " is neither an absolute path nor an @abstract name");
        }
        byte[] name = value.substring(1).getBytes(StandardCharsets.UTF_8);
        boolean abstractName = value.startsWith("@");
        // a path keeps its '/' and needs its NUL; an abstract name gets the leading NUL instead of '@'
        byte[] path = abstractName ? new byte[1 + name.length] : (value + "\0").getBytes(StandardCharsets.UTF_8);
        if (abstractName) {
            System.arraycopy(name, 0, path, 1, name.length);
        }
        if (path.length > SUN_PATH || value.indexOf('\0') >= 0) {
            throw new ConnectorException(FailureCode.SYSTEMD_NOTIFY_INVALID,
                    "NOTIFY_SOCKET is longer than the " + SUN_PATH + " bytes of sun_path, or holds a NUL");
        }
        ByteBuffer b = ByteBuffer.allocate(2 + path.length).order(ByteOrder.nativeOrder());
        b.putShort(AF_UNIX).put(path);
        return new NotifySocketAddress(value, b.array());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NotifySocketAddress other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
