package org.odjc.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.odjc.domain.ComputerName;
import org.odjc.domain.DcInfo;
import org.odjc.domain.DistinguishedName;
import org.odjc.domain.DomainDnsName;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.odj.Lab;
import org.odjc.odj.OdjCodec;
import org.odjc.odj.OdjProvisionData;

class ComputerProvisionerTest {
    private final FakeDirectory directory = new FakeDirectory();
    private final List<DcInfo> dcs = new ArrayList<>(List.of(Lab.dc()));
    private final DcLocator locator = (domain, explicit) -> dcs;
    private final ComputerProvisioner provisioner = new ComputerProvisioner(locator, directory, new SplittableRandom(9));

    ComputerProvisionerTest() throws Exception {
    }

    private static ProvisionRequest request(NameRequest name, String ou, ReusePolicy reuse, OuAllowList allow)
            throws ConnectorException {
        return new ProvisionRequest(DomainDnsName.parse("corp.example.test"), name,
                ou == null ? Optional.empty() : Optional.of(DistinguishedName.parse(ou)), Optional.empty(), reuse, allow,
                "odjc provisioned by test", Optional.empty());
    }

    private static NameRequest exact(String name) throws ConnectorException {
        return new NameRequest.Exact(ComputerName.parse(name));
    }

    private static final String AUTOPILOT = "OU=Autopilot,DC=corp,DC=example,DC=test";

    @Test
    void createsTheAccountInTheComputersContainerByDefaultAndBuildsItsBlob() throws Exception {
        Provisioned p = provisioner.provision(request(exact("PC-01"), null, ReusePolicy.NEVER, OuAllowList.ANY));

        assertThat(p.account().dn()).isEqualTo(DistinguishedName.parse("CN=PC-01,CN=Computers,DC=corp,DC=example,DC=test"));
        assertThat(p.reused()).isFalse();
        FakeDirectory.Entry e = directory.entries.get(p.account().dn());
        assertThat(e.sam).isEqualTo("PC-01$");
        assertThat(e.description).isEqualTo("odjc provisioned by test");
        OdjProvisionData blob = OdjCodec.decode(OdjCodec.encode(p.blob()));
        assertThat(blob.win7Blob().orElseThrow().machineName()).isEqualTo("PC-01");
        assertThat(blob.win7Blob().orElseThrow().machinePassword()).isEqualTo(e.password);
        assertThat(blob.win7Blob().orElseThrow().machinePassword().length()).isEqualTo(120);
        assertThat(blob.joinProv3().orElseThrow().rid()).isEqualTo(e.sid.rid());
        assertThat(blob.joinProv3().orElseThrow().sid()).isEqualTo(e.sid.toString());
        assertThat(directory.writes).containsExactly("add " + p.account().dn());
    }

    @Test
    void prefixedNamesAreFilledWithRandomCharactersToFifteen() throws Exception {
        Provisioned p = provisioner.provision(request(NameRequest.Prefix.parse("ap-"), AUTOPILOT, ReusePolicy.NEVER,
                OuAllowList.ANY));

        assertThat(p.name().value()).hasSize(15).startsWith("AP-").matches("AP-[A-Z0-9]{12}");
        assertThat(p.account().dn().parent()).contains(DistinguishedName.parse(AUTOPILOT));
    }

    @Test
    void aDrawnNameThatIsTakenIsDrawnAgain() throws Exception {
        SplittableRandom sameSeed = new SplittableRandom(9);
        ComputerName first = NameRequest.Prefix.parse("LAB").draw(sameSeed);
        directory.computer(AUTOPILOT, first.value(), FakeDirectory.SOMEONE_ELSE);

        Provisioned p = provisioner.provision(request(NameRequest.Prefix.parse("LAB"), AUTOPILOT, ReusePolicy.NEVER,
                OuAllowList.ANY));

        assertThat(p.name()).isNotEqualTo(first);
        assertThat(p.name().value()).startsWith("LAB");
    }

    @Test
    void aRaceLostAtTheAddDrawsAgain() throws Exception {
        directory.failNext.put("add", new ConnectorException(FailureCode.AD_ALREADY_EXISTS, "raced"));

        Provisioned p = provisioner.provision(request(NameRequest.Prefix.parse("LAB"), AUTOPILOT, ReusePolicy.NEVER,
                OuAllowList.ANY));

        assertThat(directory.computers()).containsExactly(p.account().dn());
    }

    @Test
    void givesUpWithACodeWhenNoDrawnNameIsFree() throws Exception {
        DcLocator fixed = (d, e) -> dcs;
        ComputerProvisioner unlucky = new ComputerProvisioner(fixed, directory, new java.util.Random() {
            @Override
            public int nextInt(int bound) {
                return 0; // always "LABAAAAAAAAAAAA"
            }
        });
        directory.computer(AUTOPILOT, "LABAAAAAAAAAAAA", FakeDirectory.SOMEONE_ELSE);
        int before = directory.writes.size();

        assertThat(code(() -> unlucky.provision(request(NameRequest.Prefix.parse("LAB"), AUTOPILOT, ReusePolicy.NEVER,
                OuAllowList.ANY)))).isEqualTo(FailureCode.PROV_NO_FREE_NAME);
        assertThat(directory.writes).hasSize(before);
    }

    @Test
    void refusesAnOuOutsideTheAllowListWithoutAnyWrite() throws Exception {
        OuAllowList allow = OuAllowList.of(List.of(new OuAllowList.Entry(DistinguishedName.parse(AUTOPILOT), false)));

        assertThat(code(() -> provisioner.provision(request(exact("PC-02"), "OU=Other,DC=corp,DC=example,DC=test",
                ReusePolicy.NEVER, allow)))).isEqualTo(FailureCode.PROV_OU_NOT_ALLOWED);
        assertThat(code(() -> provisioner.provision(request(exact("PC-02"), null, ReusePolicy.NEVER, allow))))
                .as("the default container is checked too").isEqualTo(FailureCode.PROV_OU_NOT_ALLOWED);
        assertThat(directory.writes).isEmpty();
        assertThat(directory.opened).as("an explicit OU is refused before any DC is contacted").hasSize(1);
    }

    @Test
    void allowListMatchesNormalisedDnsAndChildrenOnlyWhenAsked() throws Exception {
        OuAllowList exactOnly = OuAllowList.of(List.of(new OuAllowList.Entry(
                DistinguishedName.parse("ou=AUTOPILOT, dc=Corp,dc=example,dc=test"), false)));
        OuAllowList withChildren = OuAllowList.of(List.of(new OuAllowList.Entry(
                DistinguishedName.parse(AUTOPILOT), true)));
        DistinguishedName child = DistinguishedName.parse("OU=Kiosk," + AUTOPILOT);

        assertThat(exactOnly.permits(DistinguishedName.parse(AUTOPILOT))).isTrue();
        assertThat(exactOnly.permits(child)).isFalse();
        assertThat(withChildren.permits(child)).isTrue();
        assertThat(withChildren.permits(DistinguishedName.parse("OU=Autopilot2,DC=corp,DC=example,DC=test"))).isFalse();
    }

    @Test
    void aMissingOuFailsWithItsCodeWithoutAnyWrite() throws Exception {
        assertThat(code(() -> provisioner.provision(request(exact("PC-03"), "OU=Nope,DC=corp,DC=example,DC=test",
                ReusePolicy.NEVER, OuAllowList.ANY)))).isEqualTo(FailureCode.PROV_NO_SUCH_OU);
        assertThat(directory.writes).isEmpty();
    }

    @Test
    void anExistingAccountIsRefusedUnlessReuseIsAsked() throws Exception {
        directory.computer(AUTOPILOT, "PC-04", FakeDirectory.DOMAIN_ADMINS);

        assertThat(code(() -> provisioner.provision(request(exact("PC-04"), AUTOPILOT, ReusePolicy.NEVER,
                OuAllowList.ANY)))).isEqualTo(FailureCode.PROV_ACCOUNT_EXISTS);
        assertThat(directory.writes).isEmpty();
    }

    @Test
    void anExactNameTakenBetweenTheLookUpAndTheAddIsReportedAsTheExistingAccountNotAsAnAdError() throws Exception {
        directory.beforeNextAdd = () -> directory.computer(AUTOPILOT, "PC-RACE", FakeDirectory.SOMEONE_ELSE);

        ConnectorException e = org.assertj.core.api.Assertions.catchThrowableOfType(() -> provisioner.provision(
                request(exact("PC-RACE"), AUTOPILOT, ReusePolicy.NEVER, OuAllowList.ANY)), ConnectorException.class);

        assertThat(e.code()).isEqualTo(FailureCode.PROV_ACCOUNT_EXISTS);
        assertThat(e.detail()).contains("CN=PC-RACE," + AUTOPILOT).contains("appeared while this request added it");
        assertThat(directory.writes).isEmpty();
    }

    @Test
    void reuseResetsThePasswordAndEnablesAnAccountThisIdentityOwns() throws Exception {
        FakeDirectory.Entry old = directory.computer(AUTOPILOT, "PC-05", FakeDirectory.DOMAIN_ADMINS);

        Provisioned p = provisioner.provision(request(exact("PC-05"), AUTOPILOT, ReusePolicy.OWN, OuAllowList.ANY));

        assertThat(p.reused()).isTrue();
        assertThat(p.account().sid()).isEqualTo(old.sid);
        assertThat(old.uac & DirectoryAccount.ACCOUNTDISABLE).isZero();
        assertThat(p.blob().win7Blob().orElseThrow().machinePassword()).isEqualTo(old.password);
        assertThat(directory.writes).containsExactly("reset " + p.account().dn());
    }

    @Test
    void reuseOfAnAccountCreatedBySomeoneElseNeedsForce() throws Exception {
        directory.computer(AUTOPILOT, "PC-06", FakeDirectory.SOMEONE_ELSE);

        assertThat(code(() -> provisioner.provision(request(exact("PC-06"), AUTOPILOT, ReusePolicy.OWN,
                OuAllowList.ANY)))).isEqualTo(FailureCode.PROV_REUSE_BLOCKED);
        assertThat(directory.writes).isEmpty();
        assertThat(provisioner.provision(request(exact("PC-06"), AUTOPILOT, ReusePolicy.ANY, OuAllowList.ANY)).reused())
                .isTrue();
    }

    @Test
    void theCreatorSidAloneAlsoMakesAnAccountReusable() throws Exception {
        FakeDirectory.Entry old = directory.computer(AUTOPILOT, "PC-07", FakeDirectory.SOMEONE_ELSE);
        old.creator = java.util.Optional.of(FakeDirectory.ADMIN);

        assertThat(provisioner.provision(request(exact("PC-07"), AUTOPILOT, ReusePolicy.OWN, OuAllowList.ANY)).reused())
                .isTrue();
    }

    @Test
    void reuseNeverReachesOutsideTheRequestedOrAllowedOu() throws Exception {
        directory.computer("OU=Other,DC=corp,DC=example,DC=test", "PC-08", FakeDirectory.DOMAIN_ADMINS);
        OuAllowList allow = OuAllowList.of(List.of(new OuAllowList.Entry(DistinguishedName.parse(AUTOPILOT), false)));

        assertThat(code(() -> provisioner.provision(request(exact("PC-08"), AUTOPILOT, ReusePolicy.ANY,
                OuAllowList.ANY)))).isEqualTo(FailureCode.PROV_EXISTS_ELSEWHERE);
        assertThat(code(() -> provisioner.provision(request(exact("PC-08"), AUTOPILOT, ReusePolicy.ANY, allow))))
                .isEqualTo(FailureCode.PROV_OU_NOT_ALLOWED);
        assertThat(directory.writes).isEmpty();
    }

    @Test
    void aFailureAfterTheAddDeletesTheAccount() throws Exception {
        directory.failNext.put("read", new ConnectorException(FailureCode.DC_NONE_USABLE, "connection lost"));

        assertThat(code(() -> provisioner.provision(request(exact("PC-09"), AUTOPILOT, ReusePolicy.NEVER,
                OuAllowList.ANY)))).isEqualTo(FailureCode.DC_NONE_USABLE);
        assertThat(directory.computers()).isEmpty();
        assertThat(directory.writes).containsExactly("add CN=PC-09," + AUTOPILOT, "delete CN=PC-09," + AUTOPILOT);
    }

    @Test
    void aBlobThatCannotBeDeliveredDeletesTheAccountItNames() throws Exception {
        ConnectorException e = catchThrowableOfType(() -> provisioner.provision(
                request(exact("PC-11"), AUTOPILOT, ReusePolicy.NEVER, OuAllowList.ANY), p -> {
                    throw new ConnectorException(FailureCode.FILE_EXISTS, "PC-11.txt");
                }), ConnectorException.class);

        assertThat(e.code()).isEqualTo(FailureCode.FILE_EXISTS);
        assertThat(directory.computers()).isEmpty();
        assertThat(directory.writes).containsExactly("add CN=PC-11," + AUTOPILOT, "delete CN=PC-11," + AUTOPILOT);
    }

    @Test
    void whenCompensationFailsTooTheOrphanIsNamed() throws Exception {
        directory.failNext.put("read", new ConnectorException(FailureCode.DC_NONE_USABLE, "connection lost"));
        directory.failNext.put("delete", new ConnectorException(FailureCode.DC_NONE_USABLE, "still lost"));

        ConnectorException e = catchThrowableOfType(() -> provisioner.provision(request(exact("PC-10"), AUTOPILOT,
                ReusePolicy.NEVER, OuAllowList.ANY)), ConnectorException.class);

        assertThat(e.code()).isEqualTo(FailureCode.PROV_ORPHAN_LEFT);
        assertThat(e.getMessage()).contains("CN=PC-10," + AUTOPILOT);
    }

    @Test
    void anUnreachableDcIsSkippedForTheNextOne() throws Exception {
        DcInfo second = new DcInfo(DomainDnsName.parse("dc2.corp.example.test"), Lab.dc().address(),
                Lab.dc().domainGuid(), Lab.dc().domainName(), Lab.dc().forestName(), Lab.dc().flags(),
                Lab.dc().dcSite(), Lab.dc().clientSite());
        dcs.add(second);
        directory.failNext.put("open", new ConnectorException(FailureCode.DC_NONE_USABLE, "connect refused"));

        Provisioned p = provisioner.provision(request(exact("PC-11"), null, ReusePolicy.NEVER, OuAllowList.ANY));

        assertThat(p.dc()).isEqualTo(second);
        assertThat(p.blob().win7Blob().orElseThrow().dcInfo().domainControllerName()).isEqualTo("\\\\dc2.corp.example.test");
    }

    @Test
    void credentialFailuresDoNotFailOver() throws Exception {
        dcs.add(Lab.dc());
        directory.failNext.put("open", new ConnectorException(FailureCode.PROV_ORPHAN_LEFT, "HALT-class failure"));

        assertThat(code(() -> provisioner.provision(request(exact("PC-12"), null, ReusePolicy.NEVER, OuAllowList.ANY))))
                .isEqualTo(FailureCode.PROV_ORPHAN_LEFT);
        assertThat(directory.opened).isEmpty();
    }

    @Test
    void aDcOfAnotherDomainIsRefused() throws Exception {
        assertThat(code(() -> provisioner.provision(new ProvisionRequest(DomainDnsName.parse("other.example.test"),
                exact("PC-13"), Optional.empty(), Optional.empty(), ReusePolicy.NEVER, OuAllowList.ANY, "x", Optional.empty()))))
                .isEqualTo(FailureCode.DC_WRONG_DOMAIN);
        assertThat(directory.writes).isEmpty();
    }

    interface Call {
        void run() throws Exception;
    }

    static FailureCode code(Call c) {
        ConnectorException e = catchThrowableOfType(c::run, ConnectorException.class);
        assertThat(e).as("expected a ConnectorException").isNotNull();
        return e.code();
    }
}
