package org.odjc.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as a tree whose nodes remember their line, so that every configuration problem
 * can be reported as {@code path (line N): what}. Built on Jackson's YAML parser.
 */
final class YamlTree {
    private YamlTree() {
    }

    sealed interface Node permits Scalar, Mapping, Sequence {
        int line();
    }

    /** A scalar; {@code text} is null for YAML null ({@code ~}, {@code null}, empty). */
    record Scalar(String text, int line) implements Node {
    }

    record Mapping(Map<String, Node> entries, Map<String, Integer> keyLines, int line) implements Node {
    }

    record Sequence(List<Node> items, int line) implements Node {
    }

    /** Parses {@code yaml}; syntax errors and duplicate keys go to {@code problems}. */
    static Node parse(byte[] yaml, ConfigProblems problems) {
        try (JsonParser p = new YAMLFactory().createParser(yaml)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return new Mapping(Map.of(), Map.of(), 1);
            }
            return read(p, "", problems);
        } catch (IOException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            int line = e instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getLocation() != null
                    ? j.getLocation().getLineNr() : 0;
            problems.add("", line, "not valid YAML: " + message);
            return null;
        }
    }

    private static Node read(JsonParser p, String path, ConfigProblems problems) throws IOException {
        int line = line(p.currentTokenLocation());
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            Map<String, Node> entries = new LinkedHashMap<>();
            Map<String, Integer> keyLines = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                int keyLine = line(p.currentTokenLocation());
                p.nextToken();
                String childPath = path.isEmpty() ? key : path + "." + key;
                Node value = read(p, childPath, problems);
                if (entries.containsKey(key)) {
                    problems.add(childPath, keyLine, "appears twice (first on line " + keyLines.get(key) + ")");
                    continue;
                }
                entries.put(key, value);
                keyLines.put(key, keyLine);
            }
            return new Mapping(entries, keyLines, line);
        }
        if (t == JsonToken.START_ARRAY) {
            List<Node> items = new ArrayList<>();
            int i = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                items.add(read(p, path + "[" + i++ + "]", problems));
            }
            return new Sequence(items, line);
        }
        return new Scalar(t == JsonToken.VALUE_NULL ? null : p.getText(), line);
    }

    private static int line(JsonLocation l) {
        return l == null ? 0 : l.getLineNr();
    }
}
