package org.odjc.odj;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * A serialized certificate store ({@code CertSaveStore(CERT_STORE_SAVE_AS_STORE)}), the format of
 * {@code OP_CERT_SST_STORE.pSst}. MS-OSHARED 2.3.2.5.5 (VBASigSerializedCertStore):
 * <pre>
 * Version        u32  0x00000000
 * FileType       u32  0x54524543 ("CERT")
 * per certificate:  CertificateElement { id u32 = 0x20, encodingType u32 = 1 (X509_ASN_ENCODING),
 *                                        length u32, DER bytes }
 * EndElementMarkerEntry: id u32 = 0, marker 8 × 00
 * </pre>
 * No optional properties are written.
 */
public final class SerializedCertStore {
    private static final int CERT_CERT_PROP_ID = 0x20;
    private static final int X509_ASN_ENCODING = 1;
    private static final int FILE_TYPE_CERT = 0x54524543;

    private SerializedCertStore() {
    }

    /** The store holding {@code derCertificates}, in order. */
    public static byte[] of(List<byte[]> derCertificates) {
        int size = 8 + 12;
        for (byte[] der : derCertificates) {
            if (der.length < 2 || der[0] != 0x30) {
                throw new IllegalArgumentException("not a DER certificate");
            }
            size += 12 + der.length;
        }
        ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(0).putInt(FILE_TYPE_CERT);
        for (byte[] der : derCertificates) {
            out.putInt(CERT_CERT_PROP_ID).putInt(X509_ASN_ENCODING).putInt(der.length).put(der);
        }
        return out.array(); // the end marker is the 12 zero bytes left at the end
    }
}
