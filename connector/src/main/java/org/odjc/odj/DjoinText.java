package org.odjc.odj;

import java.util.Arrays;
import java.util.Base64;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

/**
 * The text forms of a blob (docs/odj-format.md §1):
 * <ul>
 * <li>djoin file ({@code djoin /provision /savefile}, {@code net offlinejoin provision savefile=}):
 *     {@code FF FE} + UTF-16LE(base64, one line) + {@code 00 00};</li>
 * <li>bare base64 text ({@code /printblob}, answer files' {@code AccountData},
 *     {@code NetProvisionComputerAccount}'s {@code pProvisionTextData});</li>
 * <li>raw NDR, as {@code pProvisionBinData}.</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class DjoinText {
    /** Form of an input, as detected by {@link #toNdr}. */
    public enum Form {
        DJOIN_FILE("djoin file"),
        BASE64_TEXT("base64 text"),
        RAW_NDR("raw NDR");

        private final String label;

        Form(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** NDR bytes and the form they were found in. */
    public record Detected(Form form, byte[] ndr) {
    }

    // Base64 of the largest NDR blob, as UTF-16 with BOM and NUL
    private static final long MAX_INPUT = 2L + 2L * ((OdjCodec.MAX_BLOB_BYTES + 2L) / 3 * 4) + 2L + 1024;

    private DjoinText() {
    }

    /** The djoin file bytes: {@code FF FE}, UTF-16LE base64 without line breaks, {@code 00 00}. */
    public static byte[] toDjoinFile(byte[] ndr) {
        byte[] ascii = Base64.getEncoder().encode(ndr);
        byte[] out = new byte[2 + 2 * ascii.length + 2];
        out[0] = (byte) 0xFF;
        out[1] = (byte) 0xFE;
        for (int i = 0; i < ascii.length; i++) {
            out[2 + 2 * i] = ascii[i];
        }
        return out;
    }

    /** The base64 text ({@code /printblob}), one line, no terminator. */
    public static String toBase64Text(byte[] ndr) {
        return Base64.getEncoder().encodeToString(ndr);
    }

    /**
     * The NDR bytes of a djoin file, base64 text (ASCII/UTF-8, or UTF-16LE with or without BOM;
     * whitespace and trailing NULs ignored) or raw NDR.
     */
    public static Detected toNdr(byte[] input) throws ConnectorException {
        if (input.length == 0) {
            throw new ConnectorException(FailureCode.ODJ_UNRECOGNIZED_FORMAT, "the input is empty");
        }
        if (input.length > MAX_INPUT) {
            throw new ConnectorException(FailureCode.ODJ_INPUT_TOO_LARGE,
                    input.length + " bytes, at most " + MAX_INPUT + " accepted");
        }
        if (input.length >= 4 && input[0] == 0x01 && input[1] == 0x10 && input[2] == 0x08 && input[3] == 0x00) {
            return new Detected(Form.RAW_NDR, input.clone());
        }
        boolean bom = input.length >= 2 && (input[0] & 0xFF) == 0xFF && (input[1] & 0xFF) == 0xFE;
        boolean utf16WithoutBom = !bom && input.length >= 2 && input[1] == 0 && isBase64Char(input[0]);
        if (bom || utf16WithoutBom) {
            if (input.length % 2 != 0) {
                throw new ConnectorException(FailureCode.ODJ_BAD_BASE64, "UTF-16 text has an odd number of bytes");
            }
            return new Detected(Form.DJOIN_FILE, decodeBase64(input, bom ? 2 : 0, 2));
        }
        return new Detected(Form.BASE64_TEXT, decodeBase64(input, 0, 1));
    }

    /**
     * Base64 text of 8-bit ({@code step} 1) or UTF-16LE ({@code step} 2) code units from {@code from}:
     * trailing NULs and whitespace are dropped, inner whitespace skipped, anything else non-base64
     * refused.
     */
    private static byte[] decodeBase64(byte[] in, int from, int step) throws ConnectorException {
        int units = (in.length - from) / step;
        int end = units;
        while (end > 0 && (unit(in, from, step, end - 1) == 0 || isSpace(unit(in, from, step, end - 1)))) {
            end--;
        }
        byte[] clean = new byte[end];
        int length = 0;
        for (int i = 0; i < end; i++) {
            int c = unit(in, from, step, i);
            if (isSpace(c)) {
                continue;
            }
            if (c > 0x7F || !isBase64Char((byte) c) && c != '=') {
                throw new ConnectorException(i == 0 ? FailureCode.ODJ_UNRECOGNIZED_FORMAT : FailureCode.ODJ_BAD_BASE64,
                        String.format("character U+%04X at position %d is not base64", c, i));
            }
            clean[length++] = (byte) c;
        }
        if (length == 0) {
            throw new ConnectorException(FailureCode.ODJ_UNRECOGNIZED_FORMAT, "the input holds no base64 text");
        }
        try {
            return Base64.getDecoder().decode(length == clean.length ? clean : Arrays.copyOf(clean, length));
        } catch (IllegalArgumentException e) {
            throw new ConnectorException(FailureCode.ODJ_BAD_BASE64, e.getMessage());
        }
    }

    private static int unit(byte[] in, int from, int step, int index) {
        int at = from + index * step;
        return step == 1 ? in[at] & 0xFF : (in[at] & 0xFF) | (in[at + 1] & 0xFF) << 8;
    }

    private static boolean isSpace(int c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean isBase64Char(byte b) {
        return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '+' || b == '/';
    }
}
