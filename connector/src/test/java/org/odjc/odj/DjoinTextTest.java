package org.odjc.odj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

class DjoinTextTest {

    @Test
    void writesDjoinFilesExactlyAsDjoinAndSambaDo() {
        for (String vector : List.of(Vectors.TESTPC01, Vectors.RESEARCH01, Vectors.RESEARCH02, Vectors.ONLY_WIN7,
                Vectors.ONLY_PACKAGE, Vectors.PLAIN_REFS)) {
            assertThat(DjoinText.toDjoinFile(Vectors.bytes(vector))).as(vector).isEqualTo(Vectors.djoinFile(vector));
        }
        assertThat(DjoinText.toDjoinFile(Vectors.bytes(Vectors.WINDOWS))).isEqualTo(Vectors.bytes(Vectors.WINDOWS_DJOIN));
    }

    @Test
    void readsDjoinFilesBase64TextAndRawNdr() throws Exception {
        byte[] ndr = Vectors.bytes(Vectors.TESTPC01);
        String base64 = DjoinText.toBase64Text(ndr);

        assertThat(DjoinText.toNdr(Vectors.djoinFile(Vectors.TESTPC01)))
                .satisfies(d -> assertThat(d.form()).isEqualTo(DjoinText.Form.DJOIN_FILE))
                .satisfies(d -> assertThat(d.ndr()).isEqualTo(ndr));
        assertThat(DjoinText.toNdr(ndr).form()).isEqualTo(DjoinText.Form.RAW_NDR);
        assertThat(DjoinText.toNdr(ndr).ndr()).isEqualTo(ndr);
        assertThat(DjoinText.toNdr((base64 + "\n").getBytes(StandardCharsets.US_ASCII)).ndr()).isEqualTo(ndr);
        assertThat(DjoinText.toNdr((base64 + "\r\n").getBytes(StandardCharsets.US_ASCII)).form())
                .isEqualTo(DjoinText.Form.BASE64_TEXT);
        String wrapped = base64.replaceAll("(.{76})", "$1\r\n");
        assertThat(DjoinText.toNdr(wrapped.getBytes(StandardCharsets.US_ASCII)).ndr()).isEqualTo(ndr);
        assertThat(DjoinText.toNdr(base64.getBytes(StandardCharsets.UTF_16LE)).ndr()).isEqualTo(ndr);
        assertThat(DjoinText.toNdr((base64 + "\0\0").getBytes(StandardCharsets.UTF_16LE)).ndr()).isEqualTo(ndr);
    }

    @Test
    void rejectsWhatIsNoBlobTextWithCodes() {
        assertThat(codeOf(new byte[0])).isEqualTo(FailureCode.ODJ_UNRECOGNIZED_FORMAT);
        assertThat(codeOf("<xml/>".getBytes(StandardCharsets.US_ASCII))).isEqualTo(FailureCode.ODJ_UNRECOGNIZED_FORMAT);
        assertThat(codeOf("   \n".getBytes(StandardCharsets.US_ASCII))).isEqualTo(FailureCode.ODJ_UNRECOGNIZED_FORMAT);
        assertThat(codeOf("AAAA*AAA".getBytes(StandardCharsets.US_ASCII))).isEqualTo(FailureCode.ODJ_BAD_BASE64);
        assertThat(codeOf("AAAAA".getBytes(StandardCharsets.US_ASCII))).isEqualTo(FailureCode.ODJ_BAD_BASE64);
        assertThat(codeOf("AAA=AAAA".getBytes(StandardCharsets.US_ASCII))).isEqualTo(FailureCode.ODJ_BAD_BASE64);
        assertThat(codeOf(new byte[] {(byte) 0xFF, (byte) 0xFE, 'A'})).isEqualTo(FailureCode.ODJ_BAD_BASE64);
        assertThat(codeOf("AAAA\u00e9AAA".getBytes(StandardCharsets.UTF_8))).isEqualTo(FailureCode.ODJ_BAD_BASE64);
    }

    private static FailureCode codeOf(byte[] input) {
        ConnectorException e = catchThrowableOfType(() -> DjoinText.toNdr(input), ConnectorException.class);
        assertThat(e).isNotNull();
        return e.code();
    }
}
