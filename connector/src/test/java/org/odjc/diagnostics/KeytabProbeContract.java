package org.odjc.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import org.junit.jupiter.api.Test;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

/** What every {@link Probes.KeytabProbe} answers, the adapter and the fake alike. */
public abstract class KeytabProbeContract {
    /** The principal of {@link #keytab()}'s keys. */
    protected static final String PRINCIPAL = "odjckt@CORP.EXAMPLE.TEST";

    protected abstract Probes.KeytabProbe probe() throws Exception;

    /** A keytab holding {@link #PRINCIPAL}'s keys of version 2, AES256 (18) and AES128 (17). */
    protected abstract String keytab() throws Exception;

    /** A file that is not a keytab. */
    protected abstract String notAKeytab() throws Exception;

    /** A path where no file is. */
    protected abstract String missing() throws Exception;

    @Test
    void aKeytabsKeysAreAnsweredWithPrincipalVersionAndTypeEach() throws Exception {
        assertThat(probe().read(keytab())).extracting(KeytabKey::principal, KeytabKey::kvno, KeytabKey::enctype)
                .containsExactlyInAnyOrder(tuple(PRINCIPAL, 2, 18), tuple(PRINCIPAL, 2, 17));
    }

    @Test
    void aFileThatIsNotAKeytabYieldsAd017NamingTheFile() throws Exception {
        Probes.KeytabProbe p = probe();
        String file = notAKeytab();

        ConnectorException e = catchThrowableOfType(() -> p.read(file), ConnectorException.class);

        assertThat(e.code()).isEqualTo(FailureCode.AD_SECRET_UNREADABLE);
        assertThat(e.detail()).contains(file);
    }

    @Test
    void aMissingFileYieldsAd017() throws Exception {
        Probes.KeytabProbe p = probe();
        String file = missing();

        ConnectorException e = catchThrowableOfType(() -> p.read(file), ConnectorException.class);

        assertThat(e.code()).isEqualTo(FailureCode.AD_SECRET_UNREADABLE);
    }
}
