package org.odjc.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.files.OwnerOnlyFiles;

/**
 * Linux: the secret as is, in a file of mode 0600 owned by the service user; a file that group or
 * others may read is refused rather than used (as ssh does with private keys).
 */
public final class PosixSecretStore implements SecretStore {
    /** Passwords and PEM keys are far smaller; a larger file is not one of ours. */
    static final long MAX_BYTES = 64 * 1024;
    private static final Set<PosixFilePermission> NOT_OWNER = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final Optional<String> owner;

    /** @param owner the service user the file is given to (needs root); empty: stays the writer's */
    public PosixSecretStore(Optional<String> owner) {
        this.owner = Objects.requireNonNull(owner, "owner");
    }

    @Override
    public void write(Path file, byte[] secret) throws ConnectorException {
        try {
            // created 0600 (never wider, whatever the umask), filled, handed over, then renamed in place
            OwnerOnlyFiles.write(file, secret, OwnerOnlyFiles.OWNER_ONLY, temp -> {
                if (owner.isPresent()) {
                    UserPrincipal user = temp.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(owner.get());
                    Files.setOwner(temp, user);
                }
            });
        } catch (IOException | UnsupportedOperationException e) {
            throw new ConnectorException(FailureCode.SECRET_UNWRITABLE, file + ": " + e.getClass().getSimpleName()
                    + owner.map(o -> " (owner " + o + ")").orElse(""));
        }
    }

    @Override
    public byte[] read(Path file) throws ConnectorException {
        try {
            PosixFileAttributes a = Files.readAttributes(file, PosixFileAttributes.class);
            Set<PosixFilePermission> wider = EnumSet.noneOf(PosixFilePermission.class);
            wider.addAll(a.permissions());
            wider.retainAll(NOT_OWNER);
            if (!wider.isEmpty()) {
                throw new ConnectorException(FailureCode.SECRET_EXPOSED, file + " has mode "
                        + PosixFilePermissions.toString(a.permissions()) + ", owner " + a.owner().getName());
            }
            if (!a.isRegularFile() || a.size() == 0 || a.size() > MAX_BYTES) {
                throw new ConnectorException(FailureCode.SECRET_UNREADABLE, file + " is not a secret file ("
                        + (a.isRegularFile() ? a.size() + " bytes" : "not a regular file") + ")");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConnectorException(FailureCode.SECRET_UNREADABLE, file + ": " + e.getClass().getSimpleName());
        }
    }
}
