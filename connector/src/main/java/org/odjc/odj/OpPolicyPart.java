package org.odjc.odj;

import java.util.List;
import java.util.Objects;
import org.odjc.domain.Guid;

/**
 * Registry policy to apply at join.
 * <pre>
 * typedef struct _OP_POLICY_ELEMENT {
 *     [string] wchar_t               *pKeyPath;
 *     [string] wchar_t               *pValueName;
 *     ULONG                          ulValueType;     // REG_* type
 *     ULONG                          cbValueData;
 *     [size_is(cbValueData)] PBYTE   pValueData;
 * } OP_POLICY_ELEMENT;
 * typedef struct _OP_POLICY_ELEMENT_LIST {
 *     [string] wchar_t                           *pSource;
 *     ULONG                                      ulRootKeyId;   // e.g. 0x80000002 HKEY_LOCAL_MACHINE
 *     ULONG                                      cElements;
 *     [size_is(cElements)] POP_POLICY_ELEMENT    pElements;
 * } OP_POLICY_ELEMENT_LIST;
 * typedef struct _OP_POLICY_PART {
 *     ULONG                                            cElementLists;
 *     [size_is(cElementLists)] POP_POLICY_ELEMENT_LIST pElementLists;
 *     OP_BLOB                                          Extension;
 * } OP_POLICY_PART;
 * </pre>
 * No real vector exists; layout from Microsoft's IDL only.
 */
public record OpPolicyPart(List<ElementList> elementLists, OpBlob extension) implements PartPayload {
    public OpPolicyPart {
        elementLists = List.copyOf(elementLists);
        Objects.requireNonNull(extension, "extension");
    }

    @Override
    public Guid partType() {
        return POLICY_PROVIDER;
    }

    /** {@code OP_POLICY_ELEMENT_LIST}; {@code source} null for a NULL pointer. */
    public record ElementList(String source, long rootKeyId, List<Element> elements) {
        public ElementList {
            Ulong.check(rootKeyId, "ulRootKeyId");
            elements = List.copyOf(elements);
        }
    }

    /** {@code OP_POLICY_ELEMENT}; strings null for NULL pointers. */
    public record Element(String keyPath, String valueName, long valueType, OpBlob valueData) {
        public Element {
            Ulong.check(valueType, "ulValueType");
            Objects.requireNonNull(valueData, "valueData");
        }
    }
}
