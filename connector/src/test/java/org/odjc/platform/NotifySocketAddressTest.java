package org.odjc.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

class NotifySocketAddressTest {
    private static short family(byte[] sockaddr) {
        return ByteBuffer.wrap(sockaddr).order(ByteOrder.nativeOrder()).getShort();
    }

    @Test
    void aPathBecomesAfUnixThenThePathAndItsNul() throws Exception {
        byte[] a = NotifySocketAddress.parse("/run/systemd/notify").sockaddr();
        assertThat(family(a)).isEqualTo((short) 1);
        assertThat(new String(a, 2, a.length - 2, "UTF-8")).isEqualTo("/run/systemd/notify\0");
        assertThat(NotifySocketAddress.parse("/run/systemd/notify").isAbstract()).isFalse();
    }

    @Test
    void anAtNameBecomesAnAbstractAddressWithALeadingNulAndNoTrailingOne() throws Exception {
        NotifySocketAddress a = NotifySocketAddress.parse("@/org/freedesktop/systemd1/notify/42");
        byte[] b = a.sockaddr();
        assertThat(a.isAbstract()).isTrue();
        assertThat(b[2]).isZero();
        assertThat(new String(b, 3, b.length - 3, "UTF-8")).isEqualTo("/org/freedesktop/systemd1/notify/42");
        assertThat(b).hasSize(2 + 1 + "/org/freedesktop/systemd1/notify/42".length());
    }

    @Test
    void rejectsARelativePathAnEmptyNameAndOneLongerThanSunPath() {
        for (String bad : new String[] {"run/notify", "@", "/", "x", "/" + "a".repeat(107), "@" + "a".repeat(108)}) {
            assertThatThrownBy(() -> NotifySocketAddress.parse(bad)).as(bad).isInstanceOfSatisfying(ConnectorException.class,
                    e -> assertThat(e.code()).isEqualTo(FailureCode.SYSTEMD_NOTIFY_INVALID));
        }
    }

    @Test
    void theLongestNamesThatFitAreTaken() throws Exception {
        assertThat(NotifySocketAddress.parse("/" + "a".repeat(106)).sockaddr()).hasSize(2 + 108);
        assertThat(NotifySocketAddress.parse("@" + "a".repeat(107)).sockaddr()).hasSize(2 + 108);
    }
}
