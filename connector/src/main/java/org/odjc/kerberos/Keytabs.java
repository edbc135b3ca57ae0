package org.odjc.kerberos;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kerby.kerberos.kerb.keytab.Keytab;
import org.apache.kerby.kerberos.kerb.keytab.KeytabEntry;
import org.apache.kerby.kerberos.kerb.type.base.PrincipalName;
import org.odjc.diagnostics.KeytabKey;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

/** Reads a keytab (MIT format, as ktpass and samba-tool write it) with Apache Kerby; keys stay inside. */
public final class Keytabs {
    private Keytabs() {
    }

    public static List<KeytabKey> read(Path file) throws ConnectorException {
        Keytab keytab;
        try {
            keytab = Keytab.loadKeytab(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new ConnectorException(FailureCode.AD_SECRET_UNREADABLE, file + ": not a readable keytab ("
                    + e.getClass().getSimpleName() + ")", e);
        }
        List<KeytabKey> out = new ArrayList<>();
        for (PrincipalName p : keytab.getPrincipals()) {
            String name = String.join("/", p.getNameStrings()) + "@" + p.getRealm();
            for (KeytabEntry e : keytab.getKeytabEntries(p)) {
                out.add(new KeytabKey(name, e.getKvno(), e.getKey().getKeyType().getValue()));
            }
        }
        return out;
    }
}
