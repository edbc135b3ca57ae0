package org.odjc.installer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.odjc.testing.ProcessResult;
import org.odjc.testing.ServiceProcesses;

/** {@code odjc enroll} of the installed build, as the service user, as the README tells the admin. */
final class Enroll {
    private Enroll() {
    }

    static void asServiceUser(LinuxInstallation li, ServiceProcesses.Admin admin, String connectorId) throws Exception {
        JsonNode t = admin.await("POST", "/v1/admin/enrollment-tokens", "{\"connectorId\": \"" + connectorId + "\"}");
        Path token = li.secret("enroll.token", (t.get("token").asText() + "\n").getBytes(StandardCharsets.UTF_8));
        ProcessResult r = li.odjc("enroll", "--dispatcher", admin.base().toString(), "--token-file", token.toString(),
                "--ca-sha256", t.get("caSha256").asText(), "--identity", li.path("/var/lib/odjc/identity").toString());
        Files.delete(token);
        assertThat(r.exit()).as("odjc enroll: %s", r).isZero();
    }
}
