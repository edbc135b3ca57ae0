package org.odjc.odj;

/**
 * One entry of {@code ODJ_PROVISION_DATA.pBlobs}; its format decides what {@code pBlob} holds.
 * <pre>
 * typedef struct _ODJ_BLOB {
 *     ULONG ulODJFormat;                 // 1 = ODJ_WIN7_FORMAT, 2 = ODJ_WIN8_FORMAT
 *     ULONG cbBlob;
 *     [size_is(cbBlob)] PBYTE pBlob;     // a serialized PODJ_WIN7BLOB or POP_PACKAGE
 * } ODJ_BLOB, *PODJ_BLOB;
 * </pre>
 */
public sealed interface OdjBlob permits OdjWin7Blob, OpPackage, UnknownOdjBlob {
    /** {@code pBlob} is a serialized {@code PODJ_WIN7BLOB}. */
    long ODJ_WIN7_FORMAT = 1;
    /** {@code pBlob} is a serialized {@code POP_PACKAGE}. */
    long ODJ_WIN8_FORMAT = 2;

    /** {@code ulODJFormat}. */
    long format();
}
