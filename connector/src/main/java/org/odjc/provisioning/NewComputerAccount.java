package org.odjc.provisioning;

import java.util.List;
import java.util.Objects;
import org.odjc.domain.ComputerName;
import org.odjc.domain.DistinguishedName;
import org.odjc.domain.DomainDnsName;
import org.odjc.domain.MachinePassword;

/**
 * The computer object Windows' {@code NetProvisionComputerAccount} creates (docs/ad-facts.md §1):
 * {@code CN=<NAME>,<OU>}, objectClass computer, {@code sAMAccountName <NAME>$},
 * userAccountControl 4096, lower-case {@code dNSHostName}, the four SPNs, the password.
 */
public record NewComputerAccount(
        DistinguishedName dn,
        ComputerName name,
        String samAccountName,
        String dnsHostName,
        List<String> servicePrincipalNames,
        MachinePassword password,
        String description) {

    /** {@code UF_WORKSTATION_TRUST_ACCOUNT}. */
    public static final long USER_ACCOUNT_CONTROL = 4096;

    public NewComputerAccount {
        Objects.requireNonNull(dn, "dn");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(samAccountName, "samAccountName");
        Objects.requireNonNull(dnsHostName, "dnsHostName");
        servicePrincipalNames = List.copyOf(servicePrincipalNames);
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(description, "description");
    }

    public static NewComputerAccount of(DistinguishedName ou, ComputerName name, DomainDnsName domain,
            MachinePassword password, String description) {
        String fqdn = name.fqdn(domain);
        return new NewComputerAccount(ou.child("CN", name.value()), name, name.samAccountName(), fqdn,
                List.of("HOST/" + name.value(), "HOST/" + fqdn, "RestrictedKrbHost/" + name.value(),
                        "RestrictedKrbHost/" + fqdn),
                password, description);
    }

    @Override
    public String toString() {
        return "NewComputerAccount[" + dn + "]";
    }
}
