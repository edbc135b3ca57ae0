package org.odjc.bench;

import java.security.MessageDigest;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
import org.odjc.odj.DjoinText;
import org.odjc.odj.OdjBlobFactory;
import org.odjc.odj.OdjCodec;
import org.odjc.odj.OdjProvisionData;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Encode and decode throughput of a typical blob (two blobs, two parts, a 120-unit random
 * password: 2.2 KB of NDR, like Samba's), against two baselines on the same bytes in the same
 * run: a plain copy and a SHA-256. Run with scripts/bench-codec.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class OdjCodecBenchmark {
    private OdjProvisionData blob;
    private byte[] ndr;
    private byte[] djoinFile;
    private MessageDigest sha256;

    @Setup
    public void setUp() throws Exception {
        Guid guid = Guid.parse("92de6c92-077f-45ef-a18a-0fc4a44f636f");
        DomainDnsName domain = DomainDnsName.parse("corp.example.test");
        var facts = new DomainFacts(NetbiosDomainName.parse("CORP"), domain, domain, guid,
                Sid.parse("S-1-5-21-4179786682-758193429-3305259385"));
        var dc = new DcInfo(DomainDnsName.parse("dc1.corp.example.test"), IpAddress.parse("127.0.0.10"), guid, domain,
                domain, DcFlags.WRITABLE_GC_KDC_DNS, SiteName.DEFAULT_FIRST_SITE,
                java.util.Optional.of(SiteName.DEFAULT_FIRST_SITE));
        MachinePassword password = MachinePassword.random(new SplittableRandom(1));
        blob = OdjBlobFactory.build(OdjBlobFactory.Spec.of(facts, dc, ComputerName.parse("TESTPC01"), password, 1103));
        ndr = OdjCodec.encode(blob);
        djoinFile = DjoinText.toDjoinFile(ndr);
        sha256 = MessageDigest.getInstance("SHA-256");
    }

    @Benchmark
    public byte[] encode() {
        return OdjCodec.encode(blob);
    }

    @Benchmark
    public OdjProvisionData decode() throws Exception {
        return OdjCodec.decode(ndr);
    }

    /** The whole file path of a provisioning: NDR, base64, UTF-16 file bytes. */
    @Benchmark
    public byte[] encodeDjoinFile() {
        return DjoinText.toDjoinFile(OdjCodec.encode(blob));
    }

    @Benchmark
    public OdjProvisionData decodeDjoinFile() throws Exception {
        return OdjCodec.decode(DjoinText.toNdr(djoinFile).ndr());
    }

    @Benchmark
    public byte[] baselineCopy() {
        return ndr.clone();
    }

    @Benchmark
    public byte[] baselineSha256() {
        return sha256.digest(ndr);
    }
}
