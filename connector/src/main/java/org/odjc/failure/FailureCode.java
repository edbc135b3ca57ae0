package org.odjc.failure;

import static org.odjc.failure.Disposition.FAIL_REQUEST;
import static org.odjc.failure.Disposition.HALT;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every failure an admin can see. Ids are permanent: a code is never renumbered or reused,
 * only deprecated. Each has a row in {@code docs/errors.md} (a test keeps the two in step).
 */
public enum FailureCode {
    // ODJ: the offline-domain-join blob and its encodings
    ODJ_UNRECOGNIZED_FORMAT("ODJ-001", FAIL_REQUEST,
            "Input is not an offline-domain-join blob",
            "Pass a djoin file (as written by djoin /savefile), the base64 text of /printblob, or raw NDR bytes."),
    ODJ_TRUNCATED("ODJ-002", FAIL_REQUEST,
            "Blob ends early",
            "The blob was cut short in transit or on disk; provision it again or copy the complete file."),
    ODJ_BAD_SERIALIZATION_HEADER("ODJ-003", FAIL_REQUEST,
            "Bad MS-RPCE type-serialization header",
            "The blob is corrupt or not an ODJ blob; provision it again."),
    ODJ_SIZE_OUT_OF_BOUNDS("ODJ-004", FAIL_REQUEST,
            "Count or size in the blob is out of bounds",
            "The blob is corrupt or crafted; provision it again and do not apply this one."),
    ODJ_LENGTH_MISMATCH("ODJ-005", FAIL_REQUEST,
            "Nested lengths in the blob disagree",
            "The blob is corrupt or crafted; provision it again and do not apply this one."),
    ODJ_MALFORMED_STRING("ODJ-006", FAIL_REQUEST,
            "Malformed string in the blob",
            "The blob is corrupt or crafted; provision it again and do not apply this one."),
    ODJ_UNSUPPORTED_VERSION("ODJ-007", FAIL_REQUEST,
            "Unsupported ODJ_PROVISION_DATA version",
            "Only version 1 exists (Windows and Samba reject others with NERR_ProvisioningBlobUnsupported); provision it again."),
    ODJ_ENCRYPTED_PACKAGE("ODJ-008", FAIL_REQUEST,
            "Encrypted OP_PACKAGE is not supported",
            "Provision the blob without package encryption (djoin /provision and NetProvisionComputerAccount never encrypt)."),
    ODJ_MISSING_DATA("ODJ-009", FAIL_REQUEST,
            "Blob lacks data it must carry",
            "The blob is incomplete; provision it again with a tool that writes both blobs and the JOIN_PROVIDER3 part."),
    ODJ_BAD_BASE64("ODJ-010", FAIL_REQUEST,
            "Blob text is not valid base64",
            "Copy the blob text again without changes; line breaks are allowed, other characters are not."),
    ODJ_INPUT_TOO_LARGE("ODJ-011", FAIL_REQUEST,
            "Input is too large to be an ODJ blob",
            "ODJ blobs are a few kilobytes (at most 16 MiB with certificates); check that the right file was given."),
    ODJ_BAD_SID("ODJ-012", FAIL_REQUEST,
            "Malformed SID in the blob",
            "The blob is corrupt or crafted; provision it again and do not apply this one."),
    ODJ_UNENCODABLE("ODJ-013", FAIL_REQUEST,
            "Value cannot be encoded in an ODJ blob",
            "A name or string is longer than the blob format allows; shorten it."),

    // INPUT: values given on the command line, in configuration or in a request
    INPUT_BAD_SID("INPUT-001", FAIL_REQUEST,
            "Invalid SID",
            "Give the SID in string form, e.g. S-1-5-21-4179786682-758193429-3305259385 (read it with: Get-ADDomain or ldapsearch objectSid)."),
    INPUT_BAD_GUID("INPUT-002", FAIL_REQUEST,
            "Invalid GUID",
            "Give the GUID in 8-4-4-4-12 form, e.g. 92de6c92-077f-45ef-a18a-0fc4a44f636f (braces allowed)."),
    INPUT_BAD_DNS_NAME("INPUT-003", FAIL_REQUEST,
            "Invalid DNS name",
            "Use dot-separated labels of 1-63 letters, digits, '-' or '_' (253 characters at most), e.g. corp.example.com."),
    INPUT_BAD_NETBIOS_DOMAIN("INPUT-004", FAIL_REQUEST,
            "Invalid NetBIOS domain name",
            "Use the domain's pre-Windows 2000 name: 1-15 characters, none of \\ / : * ? \" < > | and not starting with '.'."),
    INPUT_BAD_COMPUTER_NAME("INPUT-005", FAIL_REQUEST,
            "Invalid computer name",
            "Use 1-15 letters, digits and '-', not all digits, not starting or ending with '-'."),
    INPUT_BAD_PASSWORD("INPUT-006", FAIL_REQUEST,
            "Invalid machine password",
            "The password file must be UTF-8 text of 1-256 characters without NUL, with at most one trailing newline."),
    INPUT_BAD_NUMBER("INPUT-007", FAIL_REQUEST,
            "Invalid number",
            "Give a decimal number, or hexadecimal with a 0x prefix, in the range the option documents."),
    INPUT_BAD_ADDRESS("INPUT-008", FAIL_REQUEST,
            "Invalid DC address",
            "Give the DC's IPv4 or IPv6 address without the leading backslashes (they are added)."),
    INPUT_BAD_SITE_NAME("INPUT-009", FAIL_REQUEST,
            "Invalid site name",
            "Use the AD site name as shown in Active Directory Sites and Services: 1-63 characters, no dots or spaces."),
    INPUT_BAD_CERTIFICATE("INPUT-010", FAIL_REQUEST,
            "Invalid certificate",
            "Give PEM or DER X.509 CA certificates (e.g. exported with certutil -ca.cert)."),

    // FILE: files the CLI reads and writes
    FILE_UNREADABLE("FILE-001", FAIL_REQUEST,
            "Cannot read file",
            "Check the path and that this user may read it."),
    FILE_UNWRITABLE("FILE-002", FAIL_REQUEST,
            "Cannot write file",
            "Check that the directory exists, this user may write there and the disk is not full."),
    FILE_EXISTS("FILE-003", FAIL_REQUEST,
            "File already exists",
            "Choose another path or remove the old file; blob files are never overwritten because they hold a live password."),

    // CLI: the program itself
    CLI_INTERNAL("CLI-001", HALT,
            "Internal error",
            "Run again with --debug and report the stack trace; this is a bug."),
    CLI_USAGE("CLI-002", FAIL_REQUEST,
            "Usage error",
            "Run the command with --help to see its options.");

    private final String id;
    private final Disposition disposition;
    private final String summary;
    private final String remedy;

    FailureCode(String id, Disposition disposition, String summary, String remedy) {
        this.id = id;
        this.disposition = disposition;
        this.summary = summary;
        this.remedy = remedy;
    }

    /** The permanent id, {@code AREA-NNN}. */
    public String id() {
        return id;
    }

    public Disposition disposition() {
        return disposition;
    }

    /** One line, no trailing period, safe to show anyone. */
    public String summary() {
        return summary;
    }

    /** What an admin should do about it. */
    public String remedy() {
        return remedy;
    }

    public static Optional<FailureCode> byId(String id) {
        return Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst();
    }
}
