package org.odjc.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.odjc.config.YamlTree.Mapping;
import org.odjc.config.YamlTree.Node;
import org.odjc.config.YamlTree.Scalar;
import org.odjc.config.YamlTree.Sequence;
import org.odjc.domain.DistinguishedName;
import org.odjc.domain.DomainDnsName;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import org.odjc.files.OwnerOnlyFiles;
import org.odjc.provisioning.OuAllowList;

/**
 * Edits a domain's OU allow-list in the configuration text the admin wrote, line by line, so that
 * comments, order and layout survive. An edit is accepted only when the edited text loads and its
 * allow-list is exactly the old one plus or minus the entry; the file is replaced by an atomic
 * rename keeping its permissions, so a running service's reload never sees half a file.
 */
public final class ConfigEditor {
    private ConfigEditor() {
    }

    /** {@code text} with {@code entry} appended to {@code domain}'s {@code ous}. */
    public static String addOu(String original, Path baseDir, DomainDnsName domain, OuAllowList.Entry entry)
            throws ConnectorException {
        String eol = original.contains("\r\n") ? "\r\n" : "\n";
        String text = original.replace("\r\n", "\n");
        ConnectorConfig.Domain before = domainOf(text, baseDir, domain);
        if (before.ous().entries().stream().anyMatch(e -> e.ou().equals(entry.ou()))) {
            throw refused(entry.ou() + " is in " + domain + "'s allow-list already");
        }
        Located ous = locate(text, baseDir, domain);
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        if (ous.flow()) {
            List<String> items = new ArrayList<>(ous.flowItems());
            items.add(flowItem(entry));
            lines.set(ous.keyLine(), ous.flowPrefix() + "[" + String.join(", ", items) + "]" + ous.flowComment());
        } else {
            String indent = " ".repeat(ous.dashIndent());
            List<String> added = new ArrayList<>();
            if (entry.includeChildren()) {
                added.add(indent + "- dn: " + quoted(entry.ou().toString()));
                added.add(indent + "  includeChildren: true");
            } else {
                added.add(indent + "- " + quoted(entry.ou().toString()));
            }
            lines.addAll(ous.itemEnd(ous.items().size() - 1) + 1, added);
        }
        String edited = String.join("\n", lines);
        List<OuAllowList.Entry> expected = new ArrayList<>(before.ous().entries());
        expected.add(entry);
        return checked(edited, baseDir, domain, expected).replace("\n", eol);
    }

    /** {@code text} without {@code ou} in {@code domain}'s {@code ous}. */
    public static String removeOu(String original, Path baseDir, DomainDnsName domain, DistinguishedName ou)
            throws ConnectorException {
        String eol = original.contains("\r\n") ? "\r\n" : "\n";
        String text = original.replace("\r\n", "\n");
        ConnectorConfig.Domain before = domainOf(text, baseDir, domain);
        int index = -1;
        for (int i = 0; i < before.ous().entries().size(); i++) {
            if (before.ous().entries().get(i).ou().equals(ou)) {
                index = i;
            }
        }
        if (index < 0) {
            throw refused(ou + " is not in " + domain + "'s allow-list");
        }
        if (before.defaultOu().filter(ou::equals).isPresent()) {
            throw refused(ou + " is " + domain + "'s defaultOu: change it first (odjc ou default DN)");
        }
        if (before.ous().entries().size() == 1) {
            throw refused(ou + " is " + domain + "'s only allow-listed OU: the connector must be allowed somewhere");
        }
        Located ous = locate(text, baseDir, domain);
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        if (ous.flow()) {
            List<String> items = new ArrayList<>(ous.flowItems());
            items.remove(index);
            lines.set(ous.keyLine(), ous.flowPrefix() + "[" + String.join(", ", items) + "]" + ous.flowComment());
        } else {
            int from = ous.items().get(index);
            int to = ous.itemEnd(index);
            lines.subList(from, to + 1).clear();
        }
        String edited = String.join("\n", lines);
        List<OuAllowList.Entry> expected = new ArrayList<>(before.ous().entries());
        expected.remove(index);
        return checked(edited, baseDir, domain, expected).replace("\n", eol);
    }

    /**
     * {@code text} with {@code domain}'s {@code defaultOu} set to {@code ou}: its value rewritten in
     * place (indentation and trailing comment kept), or a new {@code defaultOu:} line after the
     * domain's {@code ous} list. The OU must already be allowed by the allow-list (listed, or below
     * an {@code includeChildren} entry): the default is where requests without an OU go, so it can
     * never lie outside what the connector may write. Unchanged text when it is the default already.
     */
    public static String setDefaultOu(String original, Path baseDir, DomainDnsName domain, DistinguishedName ou)
            throws ConnectorException {
        String eol = original.contains("\r\n") ? "\r\n" : "\n";
        String text = original.replace("\r\n", "\n");
        ConnectorConfig.Domain before = domainOf(text, baseDir, domain);
        if (!before.ous().permits(ou)) {
            throw refused(ou + " is not in " + domain + "'s allow-list: add it first (odjc ou add)");
        }
        if (before.defaultOu().filter(ou::equals).isPresent()) {
            return original;
        }
        Located ous = locate(text, baseDir, domain);
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        Integer keyLine = domainMapping(text, domain).keyLines().get("defaultOu");
        String value = quoted(ou.toString());
        if (keyLine != null) {
            String line = lines.get(keyLine - 1);
            int colon = line.indexOf("defaultOu:");
            if (colon < 0) {
                throw refused("cannot find defaultOu: on line " + keyLine + ": edit it by hand");
            }
            String rest = line.substring(colon + "defaultOu:".length());
            lines.set(keyLine - 1, line.substring(0, colon) + "defaultOu: " + value + trailingComment(rest));
        } else {
            int after = ous.flow() ? ous.keyLine() : ous.itemEnd(ous.items().size() - 1);
            lines.add(after + 1, " ".repeat(indent(lines.get(ous.keyLine()))) + "defaultOu: " + value);
        }
        String edited = String.join("\n", lines);
        ConnectorConfig.Domain after;
        try {
            after = domainOf(edited, baseDir, domain);
        } catch (ConnectorException e) {
            throw refused("the edited file would not load: " + e.detail());
        }
        if (!after.defaultOu().equals(java.util.Optional.of(ou)) || !after.ous().equals(before.ous())) {
            throw refused("the edit would not give the expected defaultOu; edit the file by hand");
        }
        return edited.replace("\n", eol);
    }

    /**
     * {@code text} with the value at {@code path} (mapping keys; a number picks a list item) set to
     * the scalar {@code value}, quoted when YAML would read it otherwise: the key's line rewritten in
     * place, its indentation and trailing comment kept. The key must be there already (with a
     * one-line value): the editor fills a document, it does not invent its shape.
     */
    public static String set(String text, String value, String... path) throws ConnectorException {
        return replaceValue(text, scalar(value), path);
    }

    /** {@code text} with the value at {@code path} set to a one-line list of the scalars {@code values}. */
    public static String setList(String text, List<String> values, String... path) throws ConnectorException {
        return replaceValue(text, "[" + String.join(", ", values.stream().map(ConfigEditor::scalar).toList()) + "]", path);
    }

    /** {@code text} with the one-line value at {@code path} replaced by a block list of OU entries, as {@code odjc ou add} writes them. */
    public static String setOus(String text, List<OuAllowList.Entry> entries, String... path) throws ConnectorException {
        Key k = key(text, path);
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        String line = lines.get(k.line());
        int colon = line.indexOf(k.name() + ":", indent(line));
        String rest = line.substring(colon + k.name().length() + 1);
        lines.set(k.line(), line.substring(0, colon) + k.name() + ":" + trailingComment(rest));
        String indent = " ".repeat(colon + 2);
        List<String> items = new ArrayList<>();
        for (OuAllowList.Entry e : entries) {
            if (e.includeChildren()) {
                items.add(indent + "- dn: " + quoted(e.ou().toString()));
                items.add(indent + "  includeChildren: true");
            } else {
                items.add(indent + "- " + quoted(e.ou().toString()));
            }
        }
        lines.addAll(k.line() + 1, items);
        return String.join("\n", lines);
    }

    /**
     * {@code text} without the key at {@code path} and its value (the more-indented lines below it,
     * comments among them); comments above the key stay.
     */
    public static String remove(String text, String... path) throws ConnectorException {
        Key k = key(text, path);
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        int own = indent(lines.get(k.line()));
        int last = k.line();
        for (int l = k.line() + 1; l < lines.size(); l++) {
            String t = lines.get(l).strip();
            if (!t.isEmpty() && indent(lines.get(l)) <= own) {
                break;
            }
            if (!t.isEmpty()) {
                last = l;
            }
        }
        lines.subList(k.line(), last + 1).clear();
        return String.join("\n", lines);
    }

    /** A key's name and its 0-based line. */
    private record Key(String name, int line) {
    }

    private static Key key(String text, String... path) throws ConnectorException {
        if (text.contains("\r")) {
            throw refused("the document has CR line ends");
        }
        Node node = YamlTree.parse(text.getBytes(StandardCharsets.UTF_8), new ConfigProblems("configuration"));
        Mapping parent = null;
        for (int i = 0; i < path.length; i++) {
            if (node instanceof Sequence seq && path[i].matches("[0-9]{1,4}") && Integer.parseInt(path[i]) < seq.items().size()) {
                node = seq.items().get(Integer.parseInt(path[i]));
            } else if (node instanceof Mapping m && m.entries().containsKey(path[i])) {
                parent = m;
                node = m.entries().get(path[i]);
            } else {
                throw refused("no " + String.join(".", path) + " in the document");
            }
        }
        if (parent == null || !parent.entries().containsKey(path[path.length - 1])) {
            throw refused(String.join(".", path) + " is not a key");
        }
        int line = parent.keyLines().get(path[path.length - 1]) - 1;
        String[] lines = text.split("\n", -1);
        if (lines[line].indexOf(path[path.length - 1] + ":", indent(lines[line])) < 0) {
            throw refused("cannot find " + String.join(".", path) + " on line " + (line + 1));
        }
        return new Key(path[path.length - 1], line);
    }

    private static String replaceValue(String text, String value, String... path) throws ConnectorException {
        Key k = key(text, path);
        Node old = valueAt(text, path);
        boolean oneLine = old.line() - 1 == k.line();
        if (old instanceof Sequence q) {
            oneLine &= q.items().stream().allMatch(n -> n.line() - 1 == k.line());
        } else if (old instanceof Mapping m) {
            oneLine &= m.keyLines().values().stream().allMatch(l -> l - 1 == k.line());
        }
        if (!oneLine) {
            throw refused(String.join(".", path) + " spans lines: edit it by hand");
        }
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        String line = lines.get(k.line());
        int colon = line.indexOf(k.name() + ":", indent(line));
        String rest = line.substring(colon + k.name().length() + 1);
        lines.set(k.line(), line.substring(0, colon) + k.name() + ": " + value + trailingComment(rest));
        return String.join("\n", lines);
    }

    private static Node valueAt(String text, String... path) {
        Node node = YamlTree.parse(text.getBytes(StandardCharsets.UTF_8), new ConfigProblems("configuration"));
        for (String p : path) {
            node = node instanceof Sequence seq ? seq.items().get(Integer.parseInt(p)) : ((Mapping) node).entries().get(p);
        }
        return node;
    }

    private static final java.util.regex.Pattern PLAIN = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]*");
    private static final java.util.Set<String> RESERVED = java.util.Set.of("true", "false", "yes", "no", "on", "off",
            "null", "y", "n");

    /** {@code value} as a YAML scalar: plain when YAML reads it back as the same text, single-quoted otherwise. */
    static String scalar(String value) {
        return PLAIN.matcher(value).matches() && !RESERVED.contains(value.toLowerCase(java.util.Locale.ROOT))
                ? value : quoted(value);
    }

    /** The comment (with the spaces before it) after a one-line scalar value, or "". */
    private static String trailingComment(String afterColon) {
        String v = afterColon.stripLeading();
        int lead = afterColon.length() - v.length();
        int end;
        if (v.startsWith("'")) {
            end = 1;
            while (end < v.length() && !(v.charAt(end) == '\'' && (end + 1 >= v.length() || v.charAt(end + 1) != '\''))) {
                end += v.charAt(end) == '\'' ? 2 : 1;
            }
            end++;
        } else if (v.startsWith("\"")) {
            end = 1;
            while (end < v.length() && v.charAt(end) != '"') {
                end += v.charAt(end) == '\\' ? 2 : 1;
            }
            end++;
        } else {
            int hash = v.indexOf(" #");
            end = hash < 0 ? v.length() : hash;
        }
        end = Math.min(end, v.length());
        String rest = v.substring(end);
        return rest.stripLeading().startsWith("#") ? rest : "";
    }

    private static Mapping domainMapping(String text, DomainDnsName domain) throws ConnectorException {
        Node root = YamlTree.parse(text.getBytes(StandardCharsets.UTF_8), new ConfigProblems("configuration"));
        if (root instanceof Mapping m && m.entries().get("domains") instanceof Sequence all) {
            for (Node n : all.items()) {
                if (n instanceof Mapping dm && dm.entries().get("name") instanceof Scalar name && name.text() != null
                        && name.text().equalsIgnoreCase(domain.value())) {
                    return dm;
                }
            }
        }
        throw refused("cannot find domain " + domain + " in the file");
    }

    /** Replaces {@code file} with {@code text} by an atomic rename; the new file gets the old one's permissions. */
    public static void write(Path file, String text) throws ConnectorException {
        try {
            Set<PosixFilePermission> mode = Files.getFileAttributeView(file, PosixFileAttributeView.class) != null
                    && Files.exists(file) ? Files.getPosixFilePermissions(file) : PosixFilePermissions.fromString("rw-r-----");
            OwnerOnlyFiles.write(file, text.getBytes(StandardCharsets.UTF_8), mode, t -> { });
        } catch (IOException e) {
            throw new ConnectorException(FailureCode.FILE_UNWRITABLE, file + ": " + e.getMessage());
        }
    }

    private static String checked(String edited, Path baseDir, DomainDnsName domain, List<OuAllowList.Entry> expected)
            throws ConnectorException {
        ConnectorConfig.Domain after;
        try {
            after = domainOf(edited, baseDir, domain);
        } catch (ConnectorException e) {
            throw refused("the edited file would not load: " + e.detail());
        }
        if (!after.ous().entries().equals(expected)) {
            throw refused("the edit would not give the expected allow-list; edit the file by hand");
        }
        return edited;
    }

    private static ConnectorConfig.Domain domainOf(String text, Path baseDir, DomainDnsName domain) throws ConnectorException {
        ConnectorConfig c = ConfigLoader.parse(text.getBytes(StandardCharsets.UTF_8), "configuration", baseDir);
        return c.domain(domain).orElseThrow(() -> refused("no domain " + domain + " in the configuration (it has "
                + c.domains().stream().map(d -> d.name().value()).toList() + ")"));
    }

    private static ConnectorException refused(String why) {
        return new ConnectorException(FailureCode.CONFIG_EDIT_REFUSED, why);
    }

    /** YAML single quotes: no escapes but {@code ''}, so a DN's backslashes pass through as they are. */
    public static String quoted(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    private static String flowItem(OuAllowList.Entry e) {
        return e.includeChildren() ? "{dn: " + quoted(e.ou().toString()) + ", includeChildren: true}" : quoted(e.ou().toString());
    }

    /**
     * Where the {@code ous} list is (0-based line numbers).
     *
     * @param items the first line of each block item
     * @param lines the whole text, by line
     */
    private record Located(int keyLine, boolean flow, List<Integer> items, int dashIndent, List<String> lines,
            List<String> flowItems, String flowPrefix, String flowComment) {

        /** The last line of block item {@code i}: its own line and the more-indented, non-comment lines below it. */
        int itemEnd(int i) {
            int end = items.get(i);
            int limit = i + 1 < items.size() ? items.get(i + 1) : lines.size();
            for (int l = end + 1; l < limit; l++) {
                String line = lines.get(l);
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#") || indent(line) <= dashIndent) {
                    break;
                }
                end = l;
            }
            return end;
        }
    }

    private static Located locate(String text, Path baseDir, DomainDnsName domain) throws ConnectorException {
        ConfigProblems problems = new ConfigProblems("configuration");
        Node root = YamlTree.parse(text.getBytes(StandardCharsets.UTF_8), problems);
        List<String> lines = Arrays.asList(text.split("\n", -1));
        Mapping d = null;
        if (root instanceof Mapping m && m.entries().get("domains") instanceof Sequence all) {
            for (Node n : all.items()) {
                if (n instanceof Mapping dm && dm.entries().get("name") instanceof Scalar name && name.text() != null
                        && name.text().equalsIgnoreCase(domain.value())) {
                    d = dm;
                }
            }
        }
        if (d == null || !(d.entries().get("ous") instanceof Sequence ous) || ous.items().isEmpty()) {
            throw refused("cannot find " + domain + "'s ous list in the file");
        }
        int keyLine = d.keyLines().get("ous") - 1;
        String keyText = lines.get(keyLine);
        int colon = keyText.indexOf("ous:");
        String after = keyText.substring(colon + 4).strip();
        if (after.startsWith("[")) {
            int close = after.lastIndexOf(']');
            if (close < 0 || ous.items().stream().anyMatch(n -> n.line() - 1 != keyLine)) {
                throw refused("the ous list on line " + (keyLine + 1) + " spans lines: edit it by hand or write it as a block list");
            }
            List<String> items = new ArrayList<>();
            for (Node n : ous.items()) {
                items.add(n instanceof Scalar s ? quoted(s.text())
                        : flowItem(entryOf((Mapping) n)));
            }
            String comment = after.substring(close + 1);
            return new Located(keyLine, true, List.of(), 0, lines, items, keyText.substring(0, colon + 4) + " ", comment);
        }
        List<Integer> starts = new ArrayList<>();
        for (Node n : ous.items()) {
            int l = n.line() - 1;
            // a mapping item's node starts at its first key, on the dash's line
            if (!lines.get(l).stripLeading().startsWith("-")) {
                throw refused("cannot find the dash of the ous item on line " + (l + 1) + ": edit it by hand");
            }
            starts.add(l);
        }
        return new Located(keyLine, false, starts, indent(lines.get(starts.get(0))), lines, List.of(), "", "");
    }

    private static OuAllowList.Entry entryOf(Mapping m) throws ConnectorException {
        String dn = m.entries().get("dn") instanceof Scalar s ? s.text() : null;
        boolean children = m.entries().get("includeChildren") instanceof Scalar s && "true".equalsIgnoreCase(s.text());
        return new OuAllowList.Entry(DistinguishedName.parse(Optional.ofNullable(dn).orElse("")), children);
    }

    private static int indent(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        return i;
    }
}
