package org.odjc.ldap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.provisioning.DirectoryAccess;
import org.odjc.provisioning.SecretFiles;

/** Reads the bind password a {@link DirectoryAccess} references: a file or an environment variable. */
final class BindSecrets {
    private static final long MAX_BYTES = 4096;

    private BindSecrets() {
    }

    /**
     * UTF-8 bytes of the password, one trailing newline removed; the caller wipes them.
     *
     * @param protectedFiles where the system protects secret files (Windows: DPAPI); empty: plain files
     */
    static byte[] password(DirectoryAccess access, Map<String, String> environment,
            java.util.Optional<SecretFiles> protectedFiles) throws ConnectorException {
        if (access.passwordFile().isPresent()) {
            Path file = Path.of(access.passwordFile().get());
            if (protectedFiles.isPresent()) {
                return trimmed(protectedFiles.get().read(file.toString()), file.toString());
            }
            try {
                if (Files.size(file) > MAX_BYTES) {
                    throw new ConnectorException(FailureCode.AD_SECRET_UNREADABLE, file + " is larger than 4 KiB");
                }
                return trimmed(Files.readAllBytes(file), file.toString());
            } catch (IOException e) {
                throw new ConnectorException(FailureCode.AD_SECRET_UNREADABLE, "bind password file " + file + ": "
                        + e.getClass().getSimpleName());
            }
        }
        String name = access.passwordEnv().orElseThrow();
        String value = environment.get(name);
        if (value == null || value.isEmpty()) {
            throw new ConnectorException(FailureCode.AD_SECRET_UNREADABLE, "environment variable " + name + " is not set");
        }
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] trimmed(byte[] b, String source) throws ConnectorException {
        int end = b.length;
        if (end > 0 && b[end - 1] == '\n') {
            end--;
            if (end > 0 && b[end - 1] == '\r') {
                end--;
            }
        }
        if (end == 0) {
            throw new ConnectorException(FailureCode.AD_SECRET_UNREADABLE, source + " is empty");
        }
        byte[] out = Arrays.copyOf(b, end);
        Arrays.fill(b, (byte) 0);
        return out;
    }
}
