package org.odjc.kerberos;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kerby.kerberos.kerb.keytab.Keytab;
import org.apache.kerby.kerberos.kerb.keytab.KeytabEntry;
import org.apache.kerby.kerberos.kerb.type.KerberosTime;
import org.apache.kerby.kerberos.kerb.type.base.EncryptionKey;
import org.apache.kerby.kerberos.kerb.type.base.EncryptionType;
import org.apache.kerby.kerberos.kerb.type.base.PrincipalName;
import org.junit.jupiter.api.io.TempDir;
import org.odjc.diagnostics.KeytabProbeContract;
import org.odjc.diagnostics.Probes;

/** The keytab probe diagnose wires ({@link Keytabs#read}) keeps the contract on keytabs written here with Kerby. */
class KeytabsProbeTest extends KeytabProbeContract {
    @TempDir
    Path dir;

    @Override
    protected Probes.KeytabProbe probe() {
        return file -> Keytabs.read(Path.of(file)); // as host.Diagnostics wires it
    }

    @Override
    protected String keytab() throws Exception {
        Keytab k = new Keytab();
        PrincipalName p = new PrincipalName(PRINCIPAL);
        KerberosTime t = new KerberosTime(0);
        k.addEntry(new KeytabEntry(p, t, 2, new EncryptionKey(EncryptionType.AES256_CTS_HMAC_SHA1_96, new byte[32], 2)));
        k.addEntry(new KeytabEntry(p, t, 2, new EncryptionKey(EncryptionType.AES128_CTS_HMAC_SHA1_96, new byte[16], 2)));
        Path file = dir.resolve("odjc.keytab");
        k.store(file.toFile());
        return file.toString();
    }

    @Override
    protected String notAKeytab() throws Exception {
        return Files.writeString(dir.resolve("odjc.yaml"), "domains: []\n", StandardCharsets.UTF_8).toString();
    }

    @Override
    protected String missing() {
        return dir.resolve("nosuch.keytab").toString();
    }
}
