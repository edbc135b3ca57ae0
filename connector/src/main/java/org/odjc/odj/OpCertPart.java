package org.odjc.odj;

import java.util.List;
import java.util.Objects;
import org.odjc.domain.Guid;

/**
 * Certificates to install at join: PFX files (with keys) and serialized stores (e.g. root CAs).
 * <pre>
 * typedef struct _OP_CERT_PFX_STORE {
 *     [string] wchar_t   *pTemplateName;
 *     ULONG              ulPrivateKeyExportPolicy;
 *     [string] wchar_t   *pPolicyServerUrl;
 *     ULONG              ulPolicyServerUrlFlags;
 *     [string] wchar_t   *pPolicyServerId;
 *     ULONG              cbPfx;
 *     [size_is(cbPfx)] PBYTE pPfx;
 * } OP_CERT_PFX_STORE;
 * typedef struct _OP_CERT_SST_STORE {
 *     ULONG              StoreLocation;      // a CERT_SYSTEM_STORE_* location
 *     [string] wchar_t   *pStoreName;        // e.g. "ROOT"
 *     ULONG              cbSst;
 *     [size_is(cbSst)] PBYTE pSst;           // a serialized certificate store
 * } OP_CERT_SST_STORE;
 * typedef struct _OP_CERT_PART {
 *     ULONG                                     cPfxStores;
 *     [size_is(cPfxStores)] POP_CERT_PFX_STORE  pPfxStores;
 *     ULONG                                     cSstStores;
 *     [size_is(cSstStores)] POP_CERT_SST_STORE  pSstStores;
 *     OP_BLOB                                   Extension;
 * } OP_CERT_PART;
 * </pre>
 * No real vector exists; layout from Microsoft's IDL only.
 */
public record OpCertPart(List<PfxStore> pfxStores, List<SstStore> sstStores, OpBlob extension) implements PartPayload {
    /** {@code CERT_SYSTEM_STORE_LOCAL_MACHINE} (wincrypt.h: location id 2 shifted left 16). */
    public static final long CERT_SYSTEM_STORE_LOCAL_MACHINE = 0x0002_0000L;

    public OpCertPart {
        pfxStores = List.copyOf(pfxStores);
        sstStores = List.copyOf(sstStores);
        Objects.requireNonNull(extension, "extension");
    }

    @Override
    public Guid partType() {
        return CERT_PROVIDER;
    }

    /** {@code OP_CERT_PFX_STORE}; strings null for NULL pointers; {@code pfx} holds a private key. */
    public record PfxStore(String templateName, long privateKeyExportPolicy, String policyServerUrl,
            long policyServerUrlFlags, String policyServerId, OpBlob pfx) {
        public PfxStore {
            Ulong.check(privateKeyExportPolicy, "ulPrivateKeyExportPolicy");
            Ulong.check(policyServerUrlFlags, "ulPolicyServerUrlFlags");
            Objects.requireNonNull(pfx, "pfx");
        }
    }

    /** {@code OP_CERT_SST_STORE}; {@code storeName} null for a NULL pointer. */
    public record SstStore(long storeLocation, String storeName, OpBlob sst) {
        public SstStore {
            Ulong.check(storeLocation, "StoreLocation");
            Objects.requireNonNull(sst, "sst");
        }
    }
}
