package org.odjc.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.provisioning.SecretFiles;

/**
 * Secrets at rest (the bind password, the enrollment private key), each in a file of its own that
 * the configuration references: on Windows protected with DPAPI and ACL'd to the service identity
 * and the administrators ({@link DpapiSecretStore}); on Linux an owner-only file belonging to the
 * service user ({@link PosixSecretStore}). Implementations are thread-safe; the caller wipes the
 * arrays it passes and receives.
 */
public interface SecretStore {
    /** Replaces {@code file} atomically with {@code secret}; never leaves a readable partial file. */
    void write(Path file, byte[] secret) throws ConnectorException;

    /** The secret in {@code file}; fails with SECRET-001 or SECRET-002. */
    byte[] read(Path file) throws ConnectorException;

    /**
     * The store of this operating system.
     *
     * @param serviceIdentity who must be able to read what is written: the service account
     *                        ({@code DOMAIN\gmsa$}, {@code LocalSystem}) or the Linux service user;
     *                        empty when the writer is that identity itself
     */
    static SecretStore forThisSystem(Optional<String> serviceIdentity) {
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            return new DpapiSecretStore(new Crypt32Dpapi(), WindowsAcl.restrictTo(serviceIdentity));
        }
        return new PosixSecretStore(serviceIdentity);
    }

    /**
     * The core's {@link SecretFiles} port on this system, always present: written through
     * {@link #forThisSystem}; read through DPAPI on Windows, and elsewhere as the owner-only file it
     * should be but without refusing a looser one (the host warns about those at every start:
     * refusing would turn a tidy-up into an outage).
     */
    static SecretFiles files(Optional<String> serviceIdentity) {
        SecretStore store = forThisSystem(serviceIdentity);
        boolean dpapi = store instanceof DpapiSecretStore;
        return new SecretFiles() {
            @Override
            public byte[] read(String file) throws ConnectorException {
                if (dpapi) {
                    return store.read(Path.of(file));
                }
                Path p = Path.of(file);
                try {
                    if (Files.size(p) > PosixSecretStore.MAX_BYTES) {
                        throw new ConnectorException(FailureCode.SECRET_UNREADABLE, file + " is larger than 64 KiB");
                    }
                    return Files.readAllBytes(p);
                } catch (IOException e) {
                    throw new ConnectorException(FailureCode.SECRET_UNREADABLE, file + ": " + e.getClass().getSimpleName());
                }
            }

            @Override
            public void write(String file, byte[] secret) throws ConnectorException {
                store.write(Path.of(file), secret);
            }
        };
    }
}
