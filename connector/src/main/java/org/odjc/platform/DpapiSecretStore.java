package org.odjc.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Objects;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

/**
 * Windows: the secret protected with DPAPI ({@link Dpapi}) in a file whose ACL admits only the
 * service identity and the administrators ({@link Restrictor}). The file is {@link #MAGIC} and the
 * DPAPI blob, so a plain-text file is refused instead of being handed to DPAPI.
 */
public final class DpapiSecretStore implements SecretStore {
    /** The first bytes of every file this store writes. */
    static final byte[] MAGIC = "ODJC-DPAPI-1\n".getBytes(StandardCharsets.US_ASCII);
    static final long MAX_BYTES = 64 * 1024;

    /** Sets a new file's ACL before the secret is written into it. */
    @FunctionalInterface
    public interface Restrictor {
        void restrict(Path file) throws IOException;
    }

    private final Dpapi dpapi;
    private final Restrictor restrictor;

    public DpapiSecretStore(Dpapi dpapi, Restrictor restrictor) {
        this.dpapi = Objects.requireNonNull(dpapi, "dpapi");
        this.restrictor = Objects.requireNonNull(restrictor, "restrictor");
    }

    @Override
    public void write(Path file, byte[] secret) throws ConnectorException {
        byte[] blob = dpapi.protect(secret);
        byte[] content = new byte[MAGIC.length + blob.length];
        System.arraycopy(MAGIC, 0, content, 0, MAGIC.length);
        System.arraycopy(blob, 0, content, MAGIC.length, blob.length);
        Path temp = null;
        try {
            temp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName() + ".", ".tmp");
            restrictor.restrict(temp); // the ACL first: the blob never sits in a file others may read
            Files.write(temp, content);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
        } catch (IOException | UnsupportedOperationException e) {
            throw new ConnectorException(FailureCode.SECRET_UNWRITABLE, file + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) { // holds at most a DPAPI blob, ACL'd
                }
            }
        }
    }

    @Override
    public byte[] read(Path file) throws ConnectorException {
        byte[] content;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new ConnectorException(FailureCode.SECRET_UNREADABLE, file + " is larger than 64 KiB");
            }
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConnectorException(FailureCode.SECRET_UNREADABLE, file + ": " + e.getClass().getSimpleName());
        }
        if (content.length <= MAGIC.length || !Arrays.equals(content, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new ConnectorException(FailureCode.SECRET_UNREADABLE, file
                    + " is not a DPAPI-protected secret (write it with odjc setup, not by hand)");
        }
        return dpapi.unprotect(Arrays.copyOfRange(content, MAGIC.length, content.length));
    }
}
