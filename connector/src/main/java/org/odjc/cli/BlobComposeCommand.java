package org.odjc.cli;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.odjc.domain.ComputerName;
import org.odjc.domain.DcFlags;
import org.odjc.domain.DcInfo;
import org.odjc.domain.DomainDnsName;
import org.odjc.domain.DomainFacts;
import org.odjc.domain.Guid;
import org.odjc.domain.IpAddress;
import org.odjc.domain.MachinePassword;
import org.odjc.domain.NetbiosDomainName;
import org.odjc.domain.Sid;
import org.odjc.domain.SiteName;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.odj.DjoinText;
import org.odjc.odj.Numbering;
import org.odjc.odj.OdjBlobFactory;
import org.odjc.odj.OdjCodec;
import org.odjc.odj.OdjWin7Blob;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

@Command(name = "compose",
        sortOptions = false,
        description = {"Build the blob of an existing computer account.",
            "No directory write, like Samba's 'net offlinejoin composeodj'.",
            "Defaults: --forest is --domain; --site and --client-site are Default-First-Site-Name; --dc-flags is "
                + "0xe00013fd (a writable PDC/GC/KDC/time-server DC found by DNS name, as a Samba AD DC announces); "
                + "--options is 6 (what Samba and Windows 2019 write)."})
final class BlobComposeCommand extends CliCommand implements Callable<Integer> {
    private static final long MAX_PASSWORD_FILE = 4096;
    private static final long MAX_CA_FILE = 1 << 20;

    @Option(names = "--domain", required = true, paramLabel = "DNS",
            description = "DNS name of the domain, e.g. corp.example.com.")
    DomainDnsName domain;

    @Option(names = "--netbios", required = true, paramLabel = "NAME",
            description = "NetBIOS (pre-Windows 2000) domain name, e.g. CORP.")
    NetbiosDomainName netbios;

    @Option(names = "--domain-sid", required = true, paramLabel = "SID",
            description = "Domain SID, S-1-5-21-….")
    Sid domainSid;

    @Option(names = "--domain-guid", required = true, paramLabel = "GUID",
            description = "Domain GUID, 8-4-4-4-12.")
    Guid domainGuid;

    @Option(names = "--forest", paramLabel = "DNS",
            description = "DNS name of the forest root domain (default: --domain).")
    DomainDnsName forest;

    @Option(names = "--machine", required = true, paramLabel = "NAME",
            description = "Computer name of the existing account, without '$'.")
    ComputerName machine;

    @Option(names = "--password-file", required = true, paramLabel = "FILE",
            description = "The account's password: UTF-8, one trailing newline ignored; - reads standard input.")
    String passwordFile;

    @Option(names = "--rid", required = true, paramLabel = "RID", converter = Converters.Ulong32.class,
            description = "The account's RID (last part of its objectSid).")
    long rid;

    @Option(names = "--dc-name", required = true, paramLabel = "HOST",
            description = "DNS host name of the DC the account lives on (the leading \\\\ is added).")
    DomainDnsName dcName;

    @Option(names = "--dc-address", required = true, paramLabel = "IP",
            description = "IP address of that DC (the leading \\\\ is added).")
    IpAddress dcAddress;

    @Option(names = "--site", paramLabel = "SITE",
            description = "The DC's AD site (default: Default-First-Site-Name).")
    SiteName site;

    @Option(names = "--client-site", paramLabel = "SITE",
            description = "The device's AD site (default: --site).")
    SiteName clientSite;

    @Option(names = "--dc-flags", paramLabel = "FLAGS", converter = Converters.Ulong32.class,
            description = "DS_* flags of DOMAIN_CONTROLLER_INFO (default: 0xe00013fd).")
    Long dcFlags;

    @Option(names = "--options", paramLabel = "N", converter = Converters.Ulong32.class,
            description = "The Win7 blob's Options field (default: 6).")
    Long options;

    @Option(names = "--numbering", paramLabel = "SCHEME",
            description = "Referent numbering: ${COMPLETION-CANDIDATES} (default: SAMBA, byte-identical to Samba).")
    Numbering numbering = Numbering.SAMBA;

    @Option(names = "--join-provider2",
            description = "Add a JOIN_PROVIDER2 part with the machine's NetBIOS name, --client-site and --domain.")
    boolean joinProvider2;

    @Option(names = "--persistent-site",
            description = "With --join-provider2: set OP_JP2_FLAG_PERSISTENTSITE so the device keeps --client-site.")
    boolean persistentSite;

    @Option(names = "--root-ca", paramLabel = "FILE",
            description = "PEM or DER root CA certificate(s) for the device's LocalMachine ROOT store; repeatable.")
    List<String> rootCaFiles = new ArrayList<>();

    @ArgGroup(exclusive = true, multiplicity = "1")
    Output output;

    static final class Output {
        @Option(names = "--savefile", paramLabel = "FILE",
                description = "Write a djoin file (mode 0600; an existing file is never overwritten).")
        Path savefile;

        @Option(names = "--printblob", description = "Print the base64 text (for answer files) on standard output.")
        boolean printblob;
    }

    @Override
    public Integer call() throws Exception {
        if (persistentSite && !joinProvider2) {
            throw new ParameterException(spec.commandLine(), "--persistent-site needs --join-provider2");
        }
        List<byte[]> rootCas = readRootCas();
        byte[] passwordBytes = CliFiles.read(passwordFile, stdin(), MAX_PASSWORD_FILE, FailureCode.INPUT_BAD_PASSWORD);
        MachinePassword password;
        try {
            password = MachinePassword.fromUtf8File(passwordBytes);
        } finally {
            Arrays.fill(passwordBytes, (byte) 0);
        }
        try {
            DomainDnsName forestName = forest == null ? domain : forest;
            SiteName dcSite = site == null ? SiteName.DEFAULT_FIRST_SITE : site;
            SiteName deviceSite = clientSite == null ? dcSite : clientSite;
            var facts = new DomainFacts(netbios, domain, forestName, domainGuid, domainSid);
            var dc = new DcInfo(dcName, dcAddress, domainGuid, domain, forestName,
                    dcFlags == null ? DcFlags.WRITABLE_GC_KDC_DNS : dcFlags, dcSite, java.util.Optional.of(deviceSite));
            var blobSpec = OdjBlobFactory.Spec.of(facts, dc, machine, password, rid)
                    .withOptions(options == null ? OdjWin7Blob.DEFAULT_OPTIONS : options)
                    .withRootCaCertificates(rootCas);
            if (joinProvider2) {
                blobSpec = blobSpec.withJoinProvider2(
                        new OdjBlobFactory.JoinProvider2(machine, deviceSite, domain, persistentSite));
            }
            byte[] ndr = OdjCodec.PROVISION_DATA.encode(OdjBlobFactory.build(blobSpec), numbering);
            var out = out();
            if (output.printblob) {
                out.println(DjoinText.toBase64Text(ndr));
            } else {
                CliFiles.writeDjoinFile(output.savefile, ndr);
                out.println("saved=" + output.savefile + " machine=" + machine + " rid=" + rid
                        + " sid=" + domainSid.withRid(rid) + " bytes=" + ndr.length);
            }
            Arrays.fill(ndr, (byte) 0);
            out.flush();
            return OdjcMain.EXIT_OK;
        } finally {
            password.wipe();
        }
    }

    private List<byte[]> readRootCas() throws ConnectorException {
        List<byte[]> der = new ArrayList<>();
        for (String file : rootCaFiles) {
            byte[] content = CliFiles.read(file, stdin(), MAX_CA_FILE, FailureCode.INPUT_BAD_CERTIFICATE);
            try {
                var certs = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(content));
                if (certs.isEmpty()) {
                    throw new CertificateException("no certificate found");
                }
                for (var c : certs) {
                    X509Certificate x = (X509Certificate) c;
                    if (x.getBasicConstraints() < 0 || !x.getSubjectX500Principal().equals(x.getIssuerX500Principal())) {
                        throw new ConnectorException(FailureCode.INPUT_BAD_CERTIFICATE,
                                file + ": " + x.getSubjectX500Principal() + " is not a self-signed CA certificate");
                    }
                    der.add(x.getEncoded());
                }
            } catch (CertificateException e) {
                throw new ConnectorException(FailureCode.INPUT_BAD_CERTIFICATE, file + ": " + e.getMessage());
            }
        }
        return der;
    }
}
