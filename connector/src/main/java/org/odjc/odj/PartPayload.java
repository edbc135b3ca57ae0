package org.odjc.odj;

import org.odjc.domain.Guid;

/**
 * What an {@code OP_PACKAGE_PART.Part} holds. There is no discriminant on the wire: the part's
 * {@code PartType} GUID decides how the bytes are decoded (Samba: {@code odj_switch_level_from_guid}).
 */
public sealed interface PartPayload
        permits OdjWin7Blob, OpJoinProv2Part, OpJoinProv3Part, OpJoinProv4Part, OpPolicyPart, OpCertPart, OpaquePart {

    /** {@code {631c7621-5289-4321-bc9e-80f843f868c3}}: the part is a serialized PODJ_WIN7BLOB. */
    Guid JOIN_PROVIDER = guid("631c7621-5289-4321-bc9e-80f843f868c3");
    /** {@code {57bfc56b-52f9-480c-adcb-91b3f8a82317}}: OP_JOINPROV2_PART. */
    Guid JOIN_PROVIDER2 = guid("57bfc56b-52f9-480c-adcb-91b3f8a82317");
    /** {@code {fc0ccf25-7ffa-474a-8611-69ffe269645f}}: OP_JOINPROV3_PART (Samba's requestodj requires it). */
    Guid JOIN_PROVIDER3 = guid("fc0ccf25-7ffa-474a-8611-69ffe269645f");
    /** {@code {4a08716a-6710-4647-8211-fdbb0b03f60b}}: OP_JOINPROV4_PART (Microsoft's IDL only). */
    Guid JOIN_PROVIDER4 = guid("4a08716a-6710-4647-8211-fdbb0b03f60b");
    /** {@code {9c0971e9-832f-4873-8e87-ef1419d4781e}}: OP_CERT_PART. */
    Guid CERT_PROVIDER = guid("9c0971e9-832f-4873-8e87-ef1419d4781e");
    /** {@code {68fb602a-0c09-48ce-b75f-07b7bd58f7ec}}: OP_POLICY_PART. */
    Guid POLICY_PROVIDER = guid("68fb602a-0c09-48ce-b75f-07b7bd58f7ec");

    Guid partType();

    private static Guid guid(String s) {
        return new Guid(java.util.UUID.fromString(s));
    }
}
