package org.odjc.host;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.odjc.failure.ConnectorException;
import org.odjc.platform.SecretStore;
import org.odjc.provisioning.SecretFiles;

/**
 * Where this host protects secret files: on Windows DPAPI (the bind password and the enrollment key
 * are read and written through it); elsewhere nowhere, the files being owner-only plain files that
 * {@code install.sh} and {@code odjc setup} give the service user, and {@code odjc run} warns about
 * when they are not.
 */
public final class HostSecrets {
    private HostSecrets() {
    }

    /** @param serviceIdentity who must read what is written (ACL on Windows); empty when the writer is that identity */
    public static Optional<SecretFiles> protectedFiles(Optional<String> serviceIdentity) {
        if (!windows()) {
            return Optional.empty();
        }
        SecretStore store = SecretStore.forThisSystem(serviceIdentity);
        return Optional.of(new SecretFiles() {
            @Override
            public byte[] read(String file) throws ConnectorException {
                return store.read(Path.of(file));
            }

            @Override
            public void write(String file, byte[] secret) throws ConnectorException {
                store.write(Path.of(file), secret);
            }
        });
    }

    public static Optional<SecretFiles> protectedFiles() {
        return protectedFiles(Optional.empty());
    }

    /** Whether this JVM runs on Windows (the Application log, DPAPI). */
    static boolean windows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    }
}
