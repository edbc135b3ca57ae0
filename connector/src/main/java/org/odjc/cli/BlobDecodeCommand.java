package org.odjc.cli;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.odjc.failure.FailureCode;
import org.odjc.odj.DjoinText;
import org.odjc.odj.OdjCodec;
import org.odjc.odj.OdjProvisionData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "decode",
        description = {"Print every field of a blob.", "Accepts a djoin file (djoin /savefile, net offlinejoin "
                + "savefile=), base64 text (/printblob, an answer file's AccountData) or raw NDR.",
            "The machine password is redacted unless --reveal-password is given."})
final class BlobDecodeCommand extends CliCommand implements Callable<Integer> {
    /** Non-ASCII escaped as \\uXXXX, so lone surrogates in a password stay representable. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    @Parameters(paramLabel = "FILE", description = "The blob; - reads standard input.")
    String file;

    @Option(names = "--json", description = "Machine-readable output (docs/blob-decode-json.md).")
    boolean json;

    @Option(names = "--reveal-password", description = "Show the machine password and PFX bytes.")
    boolean revealPassword;

    @Override
    public Integer call() throws Exception {
        byte[] input = CliFiles.read(file, stdin(), OdjCodec.MAX_BLOB_BYTES * 3L, FailureCode.ODJ_INPUT_TOO_LARGE);
        DjoinText.Detected detected = DjoinText.toNdr(input);
        Arrays.fill(input, (byte) 0);
        OdjProvisionData data = OdjCodec.decode(detected.ndr());
        ObjectNode view = BlobView.of(data, detected.form().label(), detected.ndr().length, revealPassword);
        Arrays.fill(detected.ndr(), (byte) 0);
        var out = out();
        if (json) {
            out.println(JSON.writeValueAsString(view));
        } else {
            out.print("ODJ_PROVISION_DATA\n" + TextTree.render(view));
        }
        out.flush();
        return OdjcMain.EXIT_OK;
    }
}
