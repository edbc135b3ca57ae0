package org.odjc.odj;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

/**
 * The text forms of a blob (odj-format.md 1):
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
        String text;
        Form form;
        if (bom || utf16WithoutBom) {
            if (input.length % 2 != 0) {
                throw new ConnectorException(FailureCode.ODJ_BAD_BASE64, "UTF-16 text has an odd number of bytes");
            }
            int from = bom ? 2 : 0;
            text = new String(input, from, input.length - from, StandardCharsets.UTF_16LE);
            form = Form.DJOIN_FILE;
        } else {
            text = new String(input, StandardCharsets.ISO_8859_1); // each byte one char: non-ASCII is rejected below
            form = Form.BASE64_TEXT;
        }
        return new Detected(form, decodeBase64(text));
    }

    private static byte[] decodeBase64(String text) throws ConnectorException {
        StringBuilder clean = new StringBuilder(text.length());
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == 0 || Character.isWhitespace(text.charAt(end - 1)))) {
            end--;
        }
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                continue;
            }
            if (c > 0x7F || !isBase64Char((byte) c) && c != '=') {
                throw new ConnectorException(i == 0 ? FailureCode.ODJ_UNRECOGNIZED_FORMAT : FailureCode.ODJ_BAD_BASE64,
                        String.format("character U+%04X at position %d is not base64", (int) c, i));
            }
            clean.append(c);
        }
        if (clean.length() == 0) {
            throw new ConnectorException(FailureCode.ODJ_UNRECOGNIZED_FORMAT, "the input holds no base64 text");
        }
        try {
            return Base64.getDecoder().decode(clean.toString());
        } catch (IllegalArgumentException e) {
            throw new ConnectorException(FailureCode.ODJ_BAD_BASE64, e.getMessage());
        }
    }

    private static boolean isBase64Char(byte b) {
        return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '+' || b == '/';
    }
}
