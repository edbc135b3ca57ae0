package org.odjc.host;

import java.util.Locale;
import java.util.Optional;
import org.odjc.platform.SecretStore;
import org.odjc.provisioning.SecretFiles;

/**
 * The secret store of this host, always present ({@link SecretStore#files}): on Windows DPAPI,
 * elsewhere owner-only files that {@code install.sh} and {@code odjc setup} give the service user,
 * and that {@code odjc run} warns about when they are not ({@link SecretFilePermissions}).
 */
public final class HostSecrets {
    private HostSecrets() {
    }

    /** @param serviceIdentity who must read what is written (ACL on Windows, owner elsewhere); empty when the writer is that identity */
    public static SecretFiles secretFiles(Optional<String> serviceIdentity) {
        return SecretStore.files(serviceIdentity);
    }

    public static SecretFiles secretFiles() {
        return secretFiles(Optional.empty());
    }

    /**
     * The enrollment key's store where it differs from a plain PEM file (Windows: DPAPI); empty
     * elsewhere. Only the cloud enrollment still takes this form: its files are written by its own
     * owner-only writer.
     */
    public static Optional<SecretFiles> protectedFiles(Optional<String> serviceIdentity) {
        return windows() ? Optional.of(secretFiles(serviceIdentity)) : Optional.empty();
    }

    public static Optional<SecretFiles> protectedFiles() {
        return protectedFiles(Optional.empty());
    }

    /** Whether this JVM runs on Windows (the Application log, DPAPI). */
    static boolean windows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    }
}
