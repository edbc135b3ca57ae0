package org.odjc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The repository's documents hold together: every relative link in a Markdown file reaches a file
 * of the repository (and a heading, when it names one), and every document the code or the docs
 * cite by name ({@code ad-facts.md §2}, {@code docs/architecture.md §5}) exists — so nobody who
 * clones the project meets a reference to a page it does not have.
 */
class DocsLinksTest {
    static final Path ROOT = root();
    /** [text](target) — target up to the closing parenthesis, no spaces (our links have none). */
    static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
    /** A cited document: a name ending in .md, optionally with a path, not part of a longer word or URL. */
    static final Pattern CITED = Pattern.compile("(?<![\\w/.:-])((?:[\\w.-]+/)*[A-Za-z][\\w-]*\\.md)\\b");
    static final Set<String> SOURCE_ENDINGS = Set.of(".java", ".md", ".sh", ".yaml", ".yml", ".py", ".cmd", ".xml");
    /** Microsoft's pages that odj-format.md cites as sources by their file names in MicrosoftDocs' repositories. */
    static final Set<String> EXTERNAL = Set.of("odj-idl.md", "desktop-src/NetMgmt/odj-idl.md",
            "nf-lmjoin-netprovisioncomputeraccount.md");

    static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve(".ci/run"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    /** The project's own files: what git tracks or would track (build outputs and node_modules left out). */
    static List<Path> files() throws IOException {
        try (Stream<Path> walk = Files.walk(ROOT)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> {
                        String rel = ROOT.relativize(p).toString().replace('\\', '/');
                        return !rel.startsWith(".git/") && !rel.contains("/target/") && !rel.startsWith("target/")
                                && !rel.contains("node_modules/") && !rel.startsWith(".samba-dc/");
                    })
                    .toList();
        }
    }

    @Test
    void everyRelativeLinkInTheMarkdownReachesAFileAndItsHeading() throws IOException {
        List<String> dangling = new ArrayList<>();
        int links = 0;
        for (Path md : files().stream().filter(p -> p.toString().endsWith(".md")).toList()) {
            String text = withoutCode(Files.readString(md));
            Matcher m = LINK.matcher(text);
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("^[a-z][a-z0-9+.-]*:.*")) {
                    continue; // https:, mailto: — not ours to check offline
                }
                links++;
                String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                String anchor = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
                Path resolved = file.isEmpty() ? md : md.getParent().resolve(file).normalize();
                if (!resolved.startsWith(ROOT) || !Files.exists(resolved)) {
                    dangling.add(ROOT.relativize(md) + ": " + target + " (no such file)");
                } else if (anchor != null && resolved.toString().endsWith(".md")
                        && !anchors(Files.readString(resolved)).contains(anchor)) {
                    dangling.add(ROOT.relativize(md) + ": " + target + " (no such heading)");
                }
            }
        }
        assertThat(links).as("relative links found").isGreaterThan(10);
        assertThat(dangling).as("dangling links").isEmpty();
    }

    @Test
    void everyDocumentTheCodeAndTheDocsCiteExists() throws IOException {
        List<String> missing = new ArrayList<>();
        int cited = 0;
        for (Path f : files()) {
            String name = f.getFileName().toString();
            if (SOURCE_ENDINGS.stream().noneMatch(name::endsWith) || name.equals("DocsLinksTest.java")) {
                continue; // (this test's own examples cite a missing document on purpose)
            }
            String text = Files.readString(f);
            Matcher m = CITED.matcher(text);
            while (m.find()) {
                String doc = m.group(1);
                if (EXTERNAL.contains(doc)) {
                    continue;
                }
                cited++;
                boolean found = Files.exists(ROOT.resolve(doc)) || Files.exists(ROOT.resolve("docs").resolve(doc))
                        || Files.exists(f.getParent().resolve(doc));
                if (!found) {
                    missing.add(ROOT.relativize(f) + ": " + doc);
                }
            }
        }
        assertThat(cited).as("citations found").isGreaterThan(20);
        assertThat(missing).as("cited documents that do not exist").isEmpty();
    }

    @Test
    void theCheckerFindsADanglingCitationAndAMissingHeading() {
        Matcher m = CITED.matcher("see ARCHITECTURE.md section 5 and https://example.test/a.md and docs/ad-facts.md §2");
        List<String> found = new ArrayList<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        assertThat(found).containsExactly("ARCHITECTURE.md", "docs/ad-facts.md");
        assertThat(anchors("# Title\n## 5. A throwaway Samba AD DC (verified on Debian 12, Samba 4.17)\n"))
                .contains("title", "5-a-throwaway-samba-ad-dc-verified-on-debian-12-samba-417")
                .doesNotContain("6-missing");
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
    static Set<String> anchors(String markdown) {
        Set<String> out = new HashSet<>();
        for (String line : withoutCode(markdown).split("\n")) {
            Matcher h = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$").matcher(line);
            if (h.matches()) {
                String slug = h.group(1).toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
                String unique = slug;
                for (int i = 1; !out.add(unique); i++) {
                    unique = slug + "-" + i;
                }
            }
        }
        return out;
    }

    /** The text outside fenced code blocks (a link inside a shell example is not a link). */
    static String withoutCode(String markdown) {
        return markdown.replaceAll("(?ms)^```.*?^```\\s*$", "");
    }
}
