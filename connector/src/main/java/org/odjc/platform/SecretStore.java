package org.odjc.platform;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.odjc.failure.ConnectorException;

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
}
