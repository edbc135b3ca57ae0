package org.odjc.tls;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TlsContextsTest {
    @Test
    void noAnchorsIsRefusedWhenTheContextIsMadeNotAtTheFirstHandshake() {
        assertThatThrownBy(() -> TlsContexts.trusting(List.of())).isInstanceOf(GeneralSecurityException.class)
                .hasMessage("no trust anchor");
    }
}
