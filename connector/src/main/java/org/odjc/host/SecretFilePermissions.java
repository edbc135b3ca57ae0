package org.odjc.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.odjc.config.ConnectorConfig;
import org.odjc.provisioning.PasswordSource;

/**
 * Who may read the secret files a configuration references (bind password files, keytabs, the enrollment's
 * private key) that other users could read. On Linux each should be 0600 and owned by the service
 * user (install.sh keeps those under /etc/odjc/secrets so); the service still starts with a looser
 * one, because refusing would turn a tidy-up into an outage, but says so at every start. Where the
 * file system has no POSIX permissions (Windows: ACLs and DPAPI) nothing is reported.
 */
final class SecretFilePermissions {
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    private SecretFilePermissions() {
    }

    /** Every secret file {@code config} names, in configuration order. */
    static List<Path> referenced(ConnectorConfig config) {
        Set<Path> files = new LinkedHashSet<>();
        for (ConnectorConfig.Domain d : config.domains()) {
            d.access().bind().match(
                    simple -> simple.password() instanceof PasswordSource.File f ? Optional.of(f.path()) : Optional.<String>empty(),
                    kerberos -> Optional.of(kerberos.keytab()))
                    .map(Path::of).ifPresent(files::add);
        }
        config.service().ifPresent(s -> files.add(s.identity().resolve("client.key")));
        return List.copyOf(files);
    }

    /**
     * One line per referenced file that is readable or writable by its group or by others, or not
     * owned by the service's user ({@code uid}; root may own them too); missing files are left to
     * the code that reads them.
     */
    static List<String> exposed(ConnectorConfig config, long uid) {
        List<String> out = new ArrayList<>();
        for (Path f : referenced(config)) {
            PosixFileAttributes a;
            int owner;
            try {
                a = Files.readAttributes(f, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                owner = (Integer) Files.getAttribute(f, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
                continue;
            }
            Set<PosixFilePermission> loose = EnumSet.copyOf(OTHERS);
            loose.retainAll(a.permissions());
            if (!loose.isEmpty()) {
                out.add("secret file " + f + " is " + PosixFilePermissions.toString(a.permissions())
                        + ": other users may read it; make it 0600 (chmod 600), owned by the service user");
            } else if (owner != uid && owner != 0) {
                out.add("secret file " + f + " is owned by uid " + owner + ", not by the service user (uid " + uid
                        + "): chown it to the service user");
            }
        }
        return out;
    }

    /**
     * The uid this process runs as, from {@code /proc/self/status} (Linux); empty elsewhere. Not
     * {@code UnixSystem}: it reports 0 for a uid without a passwd entry.
     */
    static OptionalLong processUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return OptionalLong.of(Long.parseLong(line.substring(4).trim().split("\\s+")[0]));
                }
            }
        } catch (IOException | RuntimeException notLinux) {
            // no /proc: no owner check (the permission check needs no uid)
        }
        return OptionalLong.empty();
    }
}
