package org.odjc.odj;

/** How an encoder numbers the referent ids of new blobs (readers accept any non-zero id). */
public enum Numbering {
    /**
     * Samba's: {@code 0x00020000 + 4n} per layer, and {@code 0xFFFFFFFF} for the Win7 blob's
     * {@code lpMachinePassword}. Byte-identical to {@code net offlinejoin provision}; Samba documents
     * the constant as what Windows accepts.
     */
    SAMBA,
    /** Plain MIDL numbering throughout; Samba 4.17's requestodj accepts it too (docs/odj-format.md §3.4). */
    MIDL
}
