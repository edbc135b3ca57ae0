package org.odjc.odj;

import java.util.ArrayList;
import java.util.List;
import org.odjc.failure.ConnectorException;
import org.odjc.ndr.NdrReader;
import org.odjc.ndr.NdrWriter;

/**
 * {@code POP_POLICY_PART} (docs/odj-format.md §3.11): cElementLists, pElementLists, Extension; deferred:
 * the list array (max_count, all list scalars, then per list its pSource and its element array:
 * max_count, all element scalars, then per element pKeyPath, pValueName, pValueData), then the
 * Extension bytes. Layout from Microsoft's IDL and NDR's deferral rules; no vector exists.
 */
final class PolicyPartCodec extends LayerCodec<OpPolicyPart> {
    static final PolicyPartCodec INSTANCE = new PolicyPartCodec();
    private static final int LIST_SCALARS = 16;
    private static final int ELEMENT_SCALARS = 20;

    private PolicyPartCodec() {
        super("POP_POLICY_PART");
    }

    @Override
    void write(NdrWriter w, OpPolicyPart v, Encoding enc) {
        List<OpPolicyPart.ElementList> lists = v.elementLists();
        w.u32(lists.size());
        w.pointer(!lists.isEmpty());
        Encoding.opBlobScalars(w, v.extension());
        if (!lists.isEmpty()) {
            w.u32(lists.size());
            for (OpPolicyPart.ElementList l : lists) {
                w.pointer(l.source() != null);
                w.u32(l.rootKeyId());
                w.u32(l.elements().size());
                w.pointer(!l.elements().isEmpty());
            }
            for (OpPolicyPart.ElementList l : lists) {
                Encoding.stringDeferred(w, l.source());
                if (!l.elements().isEmpty()) {
                    w.u32(l.elements().size());
                    for (OpPolicyPart.Element e : l.elements()) {
                        w.pointer(e.keyPath() != null);
                        w.pointer(e.valueName() != null);
                        w.u32(e.valueType());
                        Encoding.opBlobScalars(w, e.valueData());
                    }
                    for (OpPolicyPart.Element e : l.elements()) {
                        Encoding.stringDeferred(w, e.keyPath());
                        Encoding.stringDeferred(w, e.valueName());
                        Encoding.opBlobDeferred(w, e.valueData());
                    }
                }
            }
        }
        Encoding.opBlobDeferred(w, v.extension());
    }

    @Override
    OpPolicyPart read(NdrReader r, Decoding dec) throws ConnectorException {
        long declared = r.u32("cElementLists");
        boolean present = r.pointer("pElementLists");
        var extension = Decoding.opBlobScalars(r, "Extension");
        int count = Decoding.arrayCount(r, present, declared, LIST_SCALARS, "pElementLists");
        boolean[] sources = new boolean[count];
        long[] roots = new long[count];
        long[] elementCounts = new long[count];
        boolean[] elementArrays = new boolean[count];
        for (int i = 0; i < count; i++) {
            String field = "pElementLists[" + i + "]";
            sources[i] = r.pointer(field + ".pSource");
            roots[i] = r.u32(field + ".ulRootKeyId");
            elementCounts[i] = r.u32(field + ".cElements");
            elementArrays[i] = r.pointer(field + ".pElements");
        }
        List<OpPolicyPart.ElementList> lists = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String field = "pElementLists[" + i + "]";
            String source = Decoding.stringDeferred(r, sources[i], field + ".pSource");
            lists.add(new OpPolicyPart.ElementList(source, roots[i],
                    readElements(r, elementArrays[i], elementCounts[i], field + ".pElements")));
        }
        return new OpPolicyPart(lists, Decoding.opBlobDeferred(r, extension, "Extension"));
    }

    private static List<OpPolicyPart.Element> readElements(NdrReader r, boolean present, long declared, String field)
            throws ConnectorException {
        int count = Decoding.arrayCount(r, present, declared, ELEMENT_SCALARS, field);
        boolean[] keyPaths = new boolean[count];
        boolean[] valueNames = new boolean[count];
        long[] types = new long[count];
        Decoding.OpBlobHeader[] data = new Decoding.OpBlobHeader[count];
        for (int i = 0; i < count; i++) {
            String f = field + "[" + i + "]";
            keyPaths[i] = r.pointer(f + ".pKeyPath");
            valueNames[i] = r.pointer(f + ".pValueName");
            types[i] = r.u32(f + ".ulValueType");
            data[i] = Decoding.opBlobScalars(r, f + ".ValueData");
        }
        List<OpPolicyPart.Element> elements = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String f = field + "[" + i + "]";
            String keyPath = Decoding.stringDeferred(r, keyPaths[i], f + ".pKeyPath");
            String valueName = Decoding.stringDeferred(r, valueNames[i], f + ".pValueName");
            elements.add(new OpPolicyPart.Element(keyPath, valueName, types[i],
                    Decoding.opBlobDeferred(r, data[i], f + ".pValueData")));
        }
        return elements;
    }
}
