package org.odjc.provisioning;

import org.odjc.failure.ConnectorException;

/**
 * Secrets at rest (the bind password, the enrollment private key) where the system protects them:
 * on Windows a DPAPI-protected file ACL'd to the service identity. Where none is given (Linux),
 * a secret is an owner-only plain file, read and written as it is. Files are named as the
 * configuration names them; the caller wipes the arrays.
 */
public interface SecretFiles {
    byte[] read(String file) throws ConnectorException;

    /** Replaces {@code file} atomically; never leaves a readable partial file. */
    void write(String file, byte[] secret) throws ConnectorException;
}
