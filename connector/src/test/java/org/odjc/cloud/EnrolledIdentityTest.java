package org.odjc.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.testing.TestPki;

class EnrolledIdentityTest {
    @TempDir
    Path dir;

    @Test
    void loadsWhatEnrollmentWroteAndNamesOnlyTheCertificate() throws Exception {
        TestPki.Issued ca = TestPki.Issued.ca("CN=dispatcher CA");
        TestPki.Issued client = ca.issue("CN=c-7f3a9e21", false);
        TestPki.writeIdentity(dir, "c-7f3a9e21", client, ca);

        EnrolledIdentity id = EnrolledIdentity.load(dir);

        assertThat(id.connectorId()).isEqualTo("c-7f3a9e21");
        assertThat(id.certificate()).isEqualTo(client.cert());
        assertThat(id.tls().getProtocol()).isEqualTo("TLS");
        assertThat(id.toString()).contains("c-7f3a9e21", "CN=c-7f3a9e21").doesNotContain("PRIVATE");
    }

    @Test
    void aMissingKeyAKeyThatIsNotPkcs8AndABadIdEachSayWhatIsWrong() throws Exception {
        TestPki.Issued ca = TestPki.Issued.ca("CN=dispatcher CA");
        TestPki.writeIdentity(dir, "c-1", ca.issue("CN=c-1", false), ca);

        Files.writeString(dir.resolve("client.key"), "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
        assertThat(failure().getMessage()).contains("PKCS#8");
        Files.delete(dir.resolve("client.key"));
        assertThat(failure().getMessage()).contains("client.key cannot be read");
        Files.writeString(dir.resolve("connector-id"), "c 1/..\n");
        assertThat(failure().getMessage()).contains("connector-id");
    }

    private ConnectorException failure() {
        ConnectorException e = catchThrowableOfType(() -> EnrolledIdentity.load(dir), ConnectorException.class);
        assertThat(e.code()).isEqualTo(FailureCode.CLOUD_IDENTITY_UNUSABLE);
        return e;
    }
}
