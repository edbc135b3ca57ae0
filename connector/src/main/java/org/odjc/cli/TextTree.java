package org.odjc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import org.odjc.domain.Printable;

/** Renders a {@link JsonNode} tree as indented {@code key: value} lines for people. */
final class TextTree {
    private TextTree() {
    }

    static String render(JsonNode root) {
        StringBuilder sb = new StringBuilder();
        write(sb, root, 0);
        return sb.toString();
    }

    private static void write(StringBuilder sb, JsonNode node, int depth) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            entry(sb, f.getKey(), f.getValue(), depth);
        }
    }

    private static void entry(StringBuilder sb, String key, JsonNode value, int depth) {
        String indent = "  ".repeat(depth);
        if (value.isObject()) {
            sb.append(indent).append(key).append(':').append('\n');
            write(sb, value, depth + 1);
        } else if (value.isArray() && value.size() > 0 && value.get(0).isContainerNode()) {
            for (int i = 0; i < value.size(); i++) {
                entry(sb, key + "[" + i + "]", value.get(i), depth);
            }
        } else if (value.isArray()) {
            StringBuilder items = new StringBuilder();
            value.forEach(v -> items.append(items.length() == 0 ? "" : " ").append(printable(v.asText())));
            sb.append(indent).append(key).append(": ").append(items).append('\n');
        } else {
            sb.append(indent).append(key).append(": ")
                    .append(value.isNull() ? "NULL" : printable(value.asText())).append('\n');
        }
    }

    /**
     * Control characters, lone surrogates and other unprintables as {@code \\uXXXX} ({@link Printable});
     * the JSON form (with the password's UTF-16LE bytes in base64) is the exact one.
     */
    static String printable(String s) {
        return Printable.escape(s);
    }
}
