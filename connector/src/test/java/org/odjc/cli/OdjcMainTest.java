package org.odjc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odjc.domain.ComputerName;
import org.odjc.domain.MachinePassword;
import org.odjc.odj.DjoinText;
import org.odjc.odj.OdjBlobFactory;
import org.odjc.odj.Lab;
import org.odjc.odj.OdjCodec;
import org.odjc.odj.OdjProvisionData;
import org.odjc.odj.OdjWin7Blob;
import org.odjc.odj.OpCertPart;
import org.odjc.odj.OpPackage;
import org.odjc.odj.Vectors;

class OdjcMainTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
        String firstErrLine() {
            return err.lines().findFirst().orElse("");
        }
    }

    static Run runWithStdin(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = OdjcMain.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(out), new PrintWriter(err));
        return new Run(exit, out.toString(), err.toString());
    }

    static Run run(String... args) {
        return runWithStdin("", args);
    }

    private Path vectorFile(String name) throws Exception {
        Path p = dir.resolve(Path.of(name).getFileName());
        Files.write(p, Vectors.bytes(name));
        return p;
    }

    @Test
    void decodePrintsEveryFieldAndRedactsThePassword() throws Exception {
        Run r = run("blob", "decode", vectorFile("samba-4.17/samba417_TESTPC01.djoin.txt").toString());

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("form: djoin file", "lpMachineName: TESTPC01", "codeUnits: 120", "redacted: true",
                "Sid: S-1-5-21-4179786682-758193429-3305259385", "Flags: 0xe00013fd", "partName: JOIN_PROVIDER3",
                "Rid: 1103", "DomainControllerName: \\\\dc1.corp.example.test");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void decodeJsonMatchesTheDocumentedExample() throws Exception {
        Run r = run("blob", "decode", "--json", vectorFile("samba-4.17/samba417_TESTPC01.djoin.txt").toString());
        String doc = Files.readString(docs().resolve("blob-decode-json.md"));
        String example = doc.substring(doc.indexOf("```json") + 7, doc.indexOf("```", doc.indexOf("```json") + 7));

        ObjectMapper json = new ObjectMapper();
        assertThat(r.exit()).isZero();
        assertThat(json.readTree(r.out())).isEqualTo(json.readTree(example));
    }

    @Test
    void revealedPasswordIsExactEvenWithLoneSurrogates() throws Exception {
        char[] units = {'p', '\uD800', 'w', '\uDFFF', '\u00e9'};
        OdjProvisionData data = OdjBlobFactory.build(OdjBlobFactory.Spec.of(Lab.domain(),
                Lab.dc(), ComputerName.parse("SURROGATE1"), MachinePassword.fromWire(units), 77));
        Path file = dir.resolve("s.txt");
        Files.write(file, DjoinText.toDjoinFile(OdjCodec.encode(data)));

        Run r = run("blob", "decode", "--json", "--reveal-password", file.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode pw = new ObjectMapper().readTree(r.out()).at("/pBlobs/0/ODJ_WIN7BLOB/lpMachinePassword");
        assertThat(pw.get("text").asText()).isEqualTo(new String(units));
        assertThat(Base64.getDecoder().decode(pw.get("utf16leBase64").asText()))
                .isEqualTo(MachinePassword.fromWire(units).toUtf16Le());
        assertThat(r.out()).contains("\\uD800");
    }

    @Test
    void decodeReadsStandardInputAndRawNdr() throws Exception {
        String base64 = DjoinText.toBase64Text(Vectors.bytes(Vectors.WINDOWS));
        Run fromStdin = runWithStdin(base64 + "\n", "blob", "decode", "-");
        Run raw = run("blob", "decode", vectorFile(Vectors.WINDOWS).toString());

        assertThat(fromStdin.exit()).isZero();
        assertThat(fromStdin.out()).contains("form: base64 text", "lpMachineName: wurst2", "Rid: 1605");
        assertThat(raw.out()).contains("form: raw NDR", "Flags: 0xe003f3fd");
    }

    @Test
    void brokenBlobFailsWithItsCodeOnTheFirstLineAndNoStackTrace() throws Exception {
        Path cut = dir.resolve("cut.bin");
        Files.write(cut, java.util.Arrays.copyOf(Vectors.bytes(Vectors.TESTPC01), 300));

        Run r = run("blob", "decode", cut.toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.firstErrLine()).startsWith("ODJ-002 Blob ends early:");
        assertThat(r.err()).contains("remedy: ").doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void debugAddsTheStackTrace() throws Exception {
        Path garbage = dir.resolve("g.txt");
        Files.writeString(garbage, "<not a blob>");

        Run r = run("--debug", "blob", "decode", garbage.toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.firstErrLine()).startsWith("ODJ-001 ");
        assertThat(r.err()).contains("\tat org.odjc");
    }

    @Test
    void missingFileAndUsageErrorsHaveCodesAndStatuses() {
        Run missing = run("blob", "decode", dir.resolve("nope").toString());
        Run noArgument = run("blob", "decode");
        Run unknown = run("blob", "frobnicate");

        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.firstErrLine()).startsWith("FILE-001 ");
        assertThat(noArgument.exit()).isEqualTo(2);
        assertThat(noArgument.firstErrLine()).startsWith("CLI-002 Usage error: Missing required parameter");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.firstErrLine()).startsWith("CLI-002 ");
    }

    private List<String> composeArgs(String... extra) throws Exception {
        Path pw = dir.resolve("pw.txt");
        if (!Files.exists(pw)) {
            Files.writeString(pw, "Machine-Secret-1\n");
        }
        List<String> args = new ArrayList<>(List.of("blob", "compose", "--domain", "corp.example.test",
                "--netbios", "CORP", "--domain-sid", "S-1-5-21-4179786682-758193429-3305259385",
                "--domain-guid", "92de6c92-077f-45ef-a18a-0fc4a44f636f", "--machine", "PC-42",
                "--password-file", pw.toString(), "--rid", "4242",
                "--dc-name", "dc1.corp.example.test", "--dc-address", "127.0.0.10"));
        args.addAll(List.of(extra));
        return args;
    }

    @Test
    void composeWritesAnOwnerOnlyDjoinFileThatDecodesToWhatWasAsked() throws Exception {
        Path out = dir.resolve("PC-42.txt");

        Run r = run(composeArgs("--savefile", out.toString(), "--site", "HQ", "--client-site", "Branch-1")
                .toArray(String[]::new));

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("saved=" + out, "machine=PC-42", "rid=4242",
                "sid=S-1-5-21-4179786682-758193429-3305259385-4242");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
        byte[] file = Files.readAllBytes(out);
        assertThat(file[0] & 0xFF).isEqualTo(0xFF);
        OdjProvisionData data = OdjCodec.decode(DjoinText.toNdr(file).ndr());
        OdjWin7Blob win7 = data.win7Blob().orElseThrow();
        assertThat(win7.machineName()).isEqualTo("PC-42");
        assertThat(new String(win7.machinePassword().copyUnits())).isEqualTo("Machine-Secret-1");
        assertThat(win7.dcInfo().dcSiteName()).isEqualTo("HQ");
        assertThat(win7.dcInfo().clientSiteName()).isEqualTo("Branch-1");
        assertThat(win7.dcInfo().domainControllerAddress()).isEqualTo("\\\\127.0.0.10");
        assertThat(win7.options()).isEqualTo(6);
        assertThat(data.joinProv3().orElseThrow().rid()).isEqualTo(4242);
    }

    @Test
    void composeNeverOverwritesAnExistingFile() throws Exception {
        Path out = dir.resolve("exists.txt");
        Files.writeString(out, "earlier blob");

        Run r = run(composeArgs("--savefile", out.toString()).toArray(String[]::new));

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.firstErrLine()).startsWith("FILE-003 ");
        assertThat(Files.readString(out)).isEqualTo("earlier blob");
    }

    @Test
    void composePrintblobWritesBase64OnlyAndReadsThePasswordFromStdin() throws Exception {
        List<String> args = composeArgs("--printblob");
        args.set(args.indexOf("--password-file") + 1, "-");

        Run r = runWithStdin("From-Stdin-9\n", args.toArray(String[]::new));

        assertThat(r.exit()).as(r.err()).isZero();
        OdjProvisionData data = OdjCodec.decode(Base64.getDecoder().decode(r.out().strip()));
        assertThat(new String(data.win7Blob().orElseThrow().machinePassword().copyUnits())).isEqualTo("From-Stdin-9");
    }

    @Test
    void invalidValuesAreUsageErrorsNamingTheirCode() throws Exception {
        List<String> args = composeArgs("--printblob");
        args.set(args.indexOf("--domain-sid") + 1, "S-1-5-21-x");

        Run r = run(args.toArray(String[]::new));

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.firstErrLine()).startsWith("INPUT-001 Invalid SID");
        assertThat(run(composeArgs("--printblob", "--dc-address", "\\\\10.0.0.1").toArray(String[]::new))
                .firstErrLine()).startsWith("INPUT-008 ");
        assertThat(run(composeArgs("--printblob", "--persistent-site").toArray(String[]::new)).exit()).isEqualTo(2);
        assertThat(run(composeArgs().toArray(String[]::new)).firstErrLine())
                .startsWith("CLI-002 Usage error: Error: Missing required argument");
    }

    @Test
    void rootCaMustBeASelfSignedCa() throws Exception {
        Path ca = dir.resolve("ca.pem");
        Path leaf = dir.resolve("leaf.pem");
        Files.write(ca, getClass().getResourceAsStream("/certs/test-root-ca.pem").readAllBytes());
        Files.write(leaf, getClass().getResourceAsStream("/certs/test-leaf.pem").readAllBytes());

        Run ok = run(composeArgs("--printblob", "--root-ca", ca.toString()).toArray(String[]::new));
        Run bad = run(composeArgs("--printblob", "--root-ca", leaf.toString()).toArray(String[]::new));

        assertThat(ok.exit()).as(ok.err()).isZero();
        OdjProvisionData data = OdjCodec.decode(Base64.getDecoder().decode(ok.out().strip()));
        OpCertPart cert = (OpCertPart) ((OpPackage) data.blobs().get(1)).parts().parts().get(2).payload();
        assertThat(cert.sstStores().get(0).storeName()).isEqualTo("ROOT");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.firstErrLine()).startsWith("INPUT-010 ");
    }

    static Path docs() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("docs")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p.resolve("docs");
            }
        }
        throw new IllegalStateException("no docs directory above " + Path.of("").toAbsolutePath());
    }
}
