package org.odjc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.Map;
import org.odjc.domain.DcFlags;
import org.odjc.domain.Guid;
import org.odjc.domain.MachinePassword;
import org.odjc.odj.DomainControllerInfo;
import org.odjc.odj.OdjBlob;
import org.odjc.odj.OdjCodec;
import org.odjc.odj.OdjPolicyDnsDomainInfo;
import org.odjc.odj.OdjProvisionData;
import org.odjc.odj.OdjUnicodeString;
import org.odjc.odj.OdjWin7Blob;
import org.odjc.odj.Numbering;
import org.odjc.odj.OpBlob;
import org.odjc.odj.OpCertPart;
import org.odjc.odj.OpJoinProv2Part;
import org.odjc.odj.OpJoinProv3Part;
import org.odjc.odj.OpJoinProv4Part;
import org.odjc.odj.OpPackage;
import org.odjc.odj.OpPackagePart;
import org.odjc.odj.OpPolicyPart;
import org.odjc.odj.OpaquePart;
import org.odjc.odj.PartPayload;
import org.odjc.odj.UnknownOdjBlob;

/**
 * A decoded blob as a tree keyed by the IDL's member names; the JSON output is this tree and the
 * text output renders it (shape documented in docs/blob-decode-json.md). Secrets (the machine
 * password, PFX bytes) are redacted unless revealed.
 */
final class BlobView {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final boolean reveal;

    private BlobView(boolean reveal) {
        this.reveal = reveal;
    }

    static ObjectNode of(OdjProvisionData data, String form, int ndrLength, boolean reveal) {
        return new BlobView(reveal).provisionData(data, form, ndrLength);
    }

    private ObjectNode provisionData(OdjProvisionData data, String form, int ndrLength) {
        ObjectNode root = F.objectNode();
        ObjectNode input = root.putObject("input");
        input.put("form", form);
        input.put("ndrBytes", ndrLength);
        root.put("ulVersion", OdjProvisionData.VERSION);
        root.put("ulcBlobs", data.blobs().size());
        ArrayNode blobs = root.putArray("pBlobs");
        for (OdjBlob b : data.blobs()) {
            ObjectNode n = blobs.addObject();
            n.put("ulODJFormat", b.format());
            if (b instanceof OdjWin7Blob w) {
                n.put("format", "ODJ_WIN7_FORMAT");
                n.put("cbBlob", OdjCodec.WIN7_BLOB.encode(w, Numbering.SAMBA).length);
                n.set("ODJ_WIN7BLOB", win7(w));
            } else if (b instanceof OpPackage p) {
                n.put("format", "ODJ_WIN8_FORMAT");
                n.put("cbBlob", OdjCodec.PACKAGE.encode(p, Numbering.SAMBA).length);
                n.set("OP_PACKAGE", opPackage(p));
            } else {
                n.put("format", "unknown");
                n.set("pBlob", opBlob(((UnknownOdjBlob) b).content(), false));
            }
        }
        return root;
    }

    private ObjectNode win7(OdjWin7Blob w) {
        ObjectNode n = F.objectNode();
        n.put("lpDomain", w.domain());
        n.put("lpMachineName", w.machineName());
        n.set("lpMachinePassword", password(w.machinePassword()));
        n.set("DnsDomainInfo", dnsDomainInfo(w.dnsDomainInfo()));
        n.set("DcInfo", dcInfo(w.dcInfo()));
        n.put("Options", w.options());
        return n;
    }

    private JsonNode password(MachinePassword p) {
        if (p == null) {
            return F.nullNode();
        }
        ObjectNode n = F.objectNode();
        n.put("codeUnits", p.length());
        if (reveal) {
            char[] units = p.copyUnits();
            n.put("text", new String(units));
            byte[] utf16 = p.toUtf16Le();
            n.put("utf16leBase64", Base64.getEncoder().encodeToString(utf16));
            java.util.Arrays.fill(units, '\0');
            java.util.Arrays.fill(utf16, (byte) 0);
        } else {
            n.put("redacted", true);
        }
        return n;
    }

    private static ObjectNode dnsDomainInfo(OdjPolicyDnsDomainInfo d) {
        ObjectNode n = F.objectNode();
        n.set("Name", unicode(d.name()));
        n.set("DnsDomainName", unicode(d.dnsDomainName()));
        n.set("DnsForestName", unicode(d.dnsForestName()));
        n.put("DomainGuid", d.domainGuid().toString());
        n.put("Sid", d.sid() == null ? null : d.sid().toString());
        return n;
    }

    private static ObjectNode unicode(OdjUnicodeString s) {
        ObjectNode n = F.objectNode();
        n.put("Buffer", s.value());
        n.put("Length", s.length());
        n.put("MaximumLength", s.maximumLength());
        return n;
    }

    private static ObjectNode dcInfo(DomainControllerInfo dc) {
        ObjectNode n = F.objectNode();
        n.put("DomainControllerName", dc.domainControllerName());
        n.put("DomainControllerAddress", dc.domainControllerAddress());
        n.put("DomainControllerAddressType", dc.domainControllerAddressType());
        n.put("DomainGuid", dc.domainGuid().toString());
        n.put("DomainName", dc.domainName());
        n.put("DnsForestName", dc.dnsForestName());
        n.put("Flags", String.format("0x%08x", dc.flags()));
        ArrayNode names = n.putArray("FlagNames");
        DcFlags.names(dc.flags()).forEach(names::add);
        n.put("DcSiteName", dc.dcSiteName());
        n.put("ClientSiteName", dc.clientSiteName());
        return n;
    }

    private ObjectNode opPackage(OpPackage p) {
        ObjectNode n = F.objectNode();
        n.put("EncryptionType", OpPackage.ENCRYPTION_NONE.toString());
        n.set("EncryptionContext", opBlob(p.encryptionContext(), false));
        ObjectNode collection = n.putObject("WrappedPartCollection");
        collection.put("cbBlob", OdjCodec.PART_COLLECTION.encode(p.parts(), Numbering.SAMBA).length);
        collection.put("cParts", p.parts().parts().size());
        ArrayNode parts = collection.putArray("pParts");
        for (OpPackagePart part : p.parts().parts()) {
            parts.add(part(part));
        }
        collection.set("Extension", opBlob(p.parts().extension(), false));
        n.put("cbDecryptedPartCollection", p.cbDecryptedPartCollection());
        n.set("Extension", opBlob(p.extension(), false));
        return n;
    }

    private ObjectNode part(OpPackagePart part) {
        ObjectNode n = F.objectNode();
        PartPayload payload = part.payload();
        n.put("PartType", part.partType().toString());
        n.put("partName", partName(payload));
        n.put("ulFlags", part.flags());
        n.put("essential", part.isEssential());
        if (payload instanceof OdjWin7Blob w) {
            n.set("ODJ_WIN7BLOB", win7(w));
        } else if (payload instanceof OpJoinProv2Part j) {
            ObjectNode v = n.putObject("OP_JOINPROV2_PART");
            v.put("dwFlags", j.flags());
            v.put("lpNetbiosName", j.netbiosName());
            v.put("lpSiteName", j.siteName());
            v.put("lpPrimaryDNSDomain", j.primaryDnsDomain());
            v.put("dwReserved", j.reserved());
            v.put("lpReserved", j.lpReserved());
        } else if (payload instanceof OpJoinProv3Part j) {
            ObjectNode v = n.putObject("OP_JOINPROV3_PART");
            v.put("Rid", j.rid());
            v.put("lpSid", j.sid());
        } else if (payload instanceof OpJoinProv4Part j) {
            ObjectNode v = n.putObject("OP_JOINPROV4_PART");
            v.put("Rid", j.rid());
            v.put("lpSid", j.sid());
            v.put("ObjectGuid", j.objectGuid().toString());
        } else if (payload instanceof OpPolicyPart pp) {
            n.set("OP_POLICY_PART", policy(pp));
        } else if (payload instanceof OpCertPart c) {
            n.set("OP_CERT_PART", cert(c));
        } else {
            n.set("Part", opBlob(((OpaquePart) payload).content(), false));
        }
        n.set("Extension", opBlob(part.extension(), false));
        return n;
    }

    private ObjectNode policy(OpPolicyPart p) {
        ObjectNode n = F.objectNode();
        n.put("cElementLists", p.elementLists().size());
        ArrayNode lists = n.putArray("pElementLists");
        for (OpPolicyPart.ElementList l : p.elementLists()) {
            ObjectNode ln = lists.addObject();
            ln.put("pSource", l.source());
            ln.put("ulRootKeyId", String.format("0x%08x", l.rootKeyId()));
            ln.put("cElements", l.elements().size());
            ArrayNode elements = ln.putArray("pElements");
            for (OpPolicyPart.Element e : l.elements()) {
                ObjectNode en = elements.addObject();
                en.put("pKeyPath", e.keyPath());
                en.put("pValueName", e.valueName());
                en.put("ulValueType", e.valueType());
                en.set("pValueData", opBlob(e.valueData(), false));
            }
        }
        n.set("Extension", opBlob(p.extension(), false));
        return n;
    }

    private ObjectNode cert(OpCertPart c) {
        ObjectNode n = F.objectNode();
        n.put("cPfxStores", c.pfxStores().size());
        ArrayNode pfx = n.putArray("pPfxStores");
        for (OpCertPart.PfxStore s : c.pfxStores()) {
            ObjectNode sn = pfx.addObject();
            sn.put("pTemplateName", s.templateName());
            sn.put("ulPrivateKeyExportPolicy", s.privateKeyExportPolicy());
            sn.put("pPolicyServerUrl", s.policyServerUrl());
            sn.put("ulPolicyServerUrlFlags", s.policyServerUrlFlags());
            sn.put("pPolicyServerId", s.policyServerId());
            sn.set("pPfx", opBlob(s.pfx(), true));
        }
        n.put("cSstStores", c.sstStores().size());
        ArrayNode sst = n.putArray("pSstStores");
        for (OpCertPart.SstStore s : c.sstStores()) {
            ObjectNode sn = sst.addObject();
            sn.put("StoreLocation", String.format("0x%08x", s.storeLocation()));
            sn.put("pStoreName", s.storeName());
            sn.set("pSst", opBlob(s.sst(), false));
        }
        n.set("Extension", opBlob(c.extension(), false));
        return n;
    }

    private JsonNode opBlob(OpBlob b, boolean secret) {
        if (b.isNull()) {
            return F.nullNode();
        }
        ObjectNode n = F.objectNode();
        n.put("cbBlob", b.length());
        if (secret && !reveal) {
            n.put("redacted", true);
        } else {
            n.put("base64", Base64.getEncoder().encodeToString(b.bytes()));
        }
        return n;
    }

    private static final Map<Guid, String> PART_NAMES = Map.of(
            PartPayload.JOIN_PROVIDER, "JOIN_PROVIDER",
            PartPayload.JOIN_PROVIDER2, "JOIN_PROVIDER2",
            PartPayload.JOIN_PROVIDER3, "JOIN_PROVIDER3",
            PartPayload.JOIN_PROVIDER4, "JOIN_PROVIDER4",
            PartPayload.CERT_PROVIDER, "CERT_PROVIDER",
            PartPayload.POLICY_PROVIDER, "POLICY_PROVIDER");

    private static String partName(PartPayload p) {
        return PART_NAMES.getOrDefault(p.partType(), "unknown");
    }
}
