package org.odjc.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A secret file's ACL on Windows, through the JDK's own ACL view: full control for SYSTEM and
 * Administrators, read for the service identity, nothing for anyone else, the Administrators as
 * owner. It replaces the whole DACL, so nothing inherited from the directory stays (the directory
 * itself is protected by install-service.cmd). Not yet exercised on Windows (see the README).
 */
final class WindowsAcl {
    private static final Set<AclEntryPermission> READ = EnumSet.of(AclEntryPermission.READ_DATA,
            AclEntryPermission.READ_ATTRIBUTES, AclEntryPermission.READ_NAMED_ATTRS, AclEntryPermission.READ_ACL,
            AclEntryPermission.SYNCHRONIZE);

    private WindowsAcl() {
    }

    /** What {@link DpapiSecretStore} calls on the new file before the secret goes in. */
    static DpapiSecretStore.Restrictor restrictTo(Optional<String> serviceIdentity) {
        return file -> {
            AclFileAttributeView view = Files.getFileAttributeView(file, AclFileAttributeView.class);
            if (view == null) {
                throw new IOException("no ACLs on this file system");
            }
            UserPrincipalLookupService names = file.getFileSystem().getUserPrincipalLookupService();
            // well-known accounts by English name: the JDK looks names up with LookupAccountName,
            // which also takes these on localized Windows
            UserPrincipal system = names.lookupPrincipalByName("NT AUTHORITY\\SYSTEM");
            UserPrincipal admins = names.lookupPrincipalByName("BUILTIN\\Administrators");
            List<AclEntry> acl = new ArrayList<>();
            acl.add(allow(system, EnumSet.allOf(AclEntryPermission.class)));
            acl.add(allow(admins, EnumSet.allOf(AclEntryPermission.class)));
            if (serviceIdentity.isPresent() && !serviceIdentity.get().equalsIgnoreCase("LocalSystem")) {
                acl.add(allow(names.lookupPrincipalByName(serviceIdentity.get()), READ));
            }
            view.setAcl(acl);
            view.setOwner(admins);
        };
    }

    private static AclEntry allow(UserPrincipal who, Set<AclEntryPermission> what) {
        return AclEntry.newBuilder().setType(AclEntryType.ALLOW).setPrincipal(who).setPermissions(what).build();
    }
}
