package org.odjc.odj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

/**
 * Each kind of damage gives its own code. Offsets are from the byte walk of
 * {@code samba417_TESTPC01.bin} in docs/odj-format.md §4.
 */
class MalformedBlobTest {

    @Test
    void truncatedBlobIsReportedAsTruncated() {
        byte[] blob = Vectors.bytes(Vectors.TESTPC01);
        for (int length : new int[] {0, 3, 15, 16, 100, 0x3e0, blob.length - 1}) {
            byte[] cut = java.util.Arrays.copyOf(blob, length);
            assertThat(codeOf(cut)).as("cut at %d", length).isEqualTo(FailureCode.ODJ_TRUNCATED);
        }
    }

    @Test
    void wrongSerializationHeaderIsReported() {
        assertThat(codeOf(patch(Vectors.TESTPC01, 0x000, 0x02))).isEqualTo(FailureCode.ODJ_BAD_SERIALIZATION_HEADER);
        assertThat(codeOf(patch(Vectors.TESTPC01, 0x001, 0x00))).isEqualTo(FailureCode.ODJ_BAD_SERIALIZATION_HEADER);
        assertThat(codeOf(patch(Vectors.TESTPC01, 0x002, 0x10))).isEqualTo(FailureCode.ODJ_BAD_SERIALIZATION_HEADER);
        // ObjectBufferLength 0x8c1: not a multiple of 8
        assertThat(codeOf(patch(Vectors.TESTPC01, 0x008, 0xc1))).isEqualTo(FailureCode.ODJ_BAD_SERIALIZATION_HEADER);
        // the Win7 layer's header inside blob[0]
        assertThat(codeOf(patch(Vectors.TESTPC01, 0x041, 0x11))).isEqualTo(FailureCode.ODJ_BAD_SERIALIZATION_HEADER);
    }

    @Test
    void absurdCountsAreRejectedBeforeAllocating() {
        // ulcBlobs and the array's max_count both 0x7fffffff
        byte[] blob = patchU32(patchU32(Vectors.bytes(Vectors.TESTPC01), 0x018, 0x7fffffff), 0x020, 0x7fffffff);
        assertThat(codeOf(blob)).isEqualTo(FailureCode.ODJ_SIZE_OUT_OF_BOUNDS);
        // cbBlob and max_count of blob[0] 0xffffffff
        byte[] huge = patchU32(patchU32(Vectors.bytes(Vectors.TESTPC01), 0x028, 0xffffffffL), 0x03c, 0xffffffffL);
        assertThat(codeOf(huge)).isIn(FailureCode.ODJ_SIZE_OUT_OF_BOUNDS, FailureCode.ODJ_TRUNCATED);
        // lpDomain's max_count absurd
        byte[] string = patchU32(Vectors.bytes(Vectors.TESTPC01), 0x0c0, 0x7fffffff);
        assertThat(codeOf(string)).isEqualTo(FailureCode.ODJ_SIZE_OUT_OF_BOUNDS);
    }

    @Test
    void stringsWithAnOddByteCountAreMalformed() {
        assertThat(codeOf(patch(Vectors.TESTPC01, 0x060, 0x09))).isEqualTo(FailureCode.ODJ_MALFORMED_STRING);
    }

    @Test
    void stringsWithoutTerminatorAreMalformed() {
        // lpMachineName "TESTPC01\0": its terminator is at 0x10c
        assertThat(codeOf(patch(Vectors.TESTPC01, 0x10c, 0x41))).isEqualTo(FailureCode.ODJ_MALFORMED_STRING);
    }

    @Test
    void actualCountAboveMaxCountIsMalformed() {
        // lpMachineName counts 9,0,9 at 0x0f0: actual 10
        assertThat(codeOf(patch(Vectors.TESTPC01, 0x0f8, 0x0a))).isEqualTo(FailureCode.ODJ_MALFORMED_STRING);
    }

    @Test
    void nestedLengthsThatDisagreeAreReported() {
        // blob[0].cbBlob 0x3a0 -> 0x3a8 while the deferred max_count stays 0x3a0
        assertThat(codeOf(patch(Vectors.TESTPC01, 0x028, 0xa8))).isEqualTo(FailureCode.ODJ_LENGTH_MISMATCH);
        // Win7 header says 0x388 body bytes inside a 0x3a0-byte array
        assertThat(codeOf(patch(Vectors.TESTPC01, 0x048, 0x88))).isEqualTo(FailureCode.ODJ_LENGTH_MISMATCH);
        // UNICODE_STRING Name Length 8 but actual_count 5 in its buffer (0x218)
        assertThat(codeOf(patch(Vectors.TESTPC01, 0x218, 0x05))).isEqualTo(FailureCode.ODJ_LENGTH_MISMATCH);
    }

    @Test
    void encryptedPackagesAreRefusedWithTheirOwnCode() {
        assertThat(codeOf(patch(Vectors.TESTPC01, 0x3f8, 0x01))).isEqualTo(FailureCode.ODJ_ENCRYPTED_PACKAGE);
    }

    @Test
    void malformedSidIsReported() {
        // SID revision at 0x288
        assertThat(codeOf(patch(Vectors.TESTPC01, 0x288, 0x02))).isEqualTo(FailureCode.ODJ_BAD_SID);
    }

    @Test
    void aNullBlobPointerWhereDataIsRequiredIsMissingData() {
        // blob[0].pBlob NULL while cbBlob says 0x3a0
        assertThat(codeOf(patchU32(Vectors.bytes(Vectors.TESTPC01), 0x02c, 0))).isEqualTo(FailureCode.ODJ_LENGTH_MISMATCH);
        // cbBlob 0 and a NULL pointer for a Win7-format blob
        byte[] noPayload = patchU32(patchU32(Vectors.bytes(Vectors.TESTPC01), 0x028, 0), 0x02c, 0);
        assertThat(codeOf(noPayload)).isEqualTo(FailureCode.ODJ_MISSING_DATA);
    }

    @Test
    void unknownBlobFormatsAreKeptAsRawBytes() throws Exception {
        byte[] blob = patch(Vectors.TESTPC01, 0x024, 0x07);
        OdjProvisionData data = OdjCodec.decode(blob);

        assertThat(data.blobs().get(0)).isInstanceOf(UnknownOdjBlob.class);
        assertThat(((UnknownOdjBlob) data.blobs().get(0)).content().length()).isEqualTo(0x3a0);
        assertThat(OdjCodec.encode(data)).isEqualTo(blob);
    }

    @Test
    void tooLargeInputIsRefusedBeforeParsing() {
        byte[] big = new byte[OdjCodec.MAX_BLOB_BYTES + 8];
        assertThat(codeOf(big)).isEqualTo(FailureCode.ODJ_INPUT_TOO_LARGE);
    }

    @Test
    void trailingBytesAfterTheObjectAreALengthMismatch() {
        byte[] blob = Vectors.bytes(Vectors.TESTPC01);
        byte[] longer = java.util.Arrays.copyOf(blob, blob.length + 8);
        assertThat(codeOf(longer)).isEqualTo(FailureCode.ODJ_LENGTH_MISMATCH);
    }

    private static FailureCode codeOf(byte[] blob) {
        ConnectorException e = catchThrowableOfType(() -> OdjCodec.decode(blob), ConnectorException.class);
        assertThat(e).as("decoding must fail with a ConnectorException").isNotNull();
        return e.code();
    }

    private static byte[] patch(String vector, int offset, int value) {
        byte[] b = Vectors.bytes(vector);
        b[offset] = (byte) value;
        return b;
    }

    private static byte[] patchU32(byte[] b, int offset, long value) {
        for (int i = 0; i < 4; i++) {
            b[offset + i] = (byte) (value >>> (8 * i));
        }
        return b;
    }
}
