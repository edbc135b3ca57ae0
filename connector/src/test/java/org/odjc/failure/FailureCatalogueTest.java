package org.odjc.failure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** docs/errors.md has exactly one row per {@link FailureCode}, with the code's summary and remedy. */
public class FailureCatalogueTest {
    private static final Pattern ID = Pattern.compile("[A-Z]+-\\d{3}");

    @Test
    void idsAreWellFormedAndUnique() {
        for (FailureCode c : FailureCode.values()) {
            assertThat(c.id()).matches(ID);
            assertThat(c.summary()).doesNotEndWith(".");
            assertThat(c.remedy()).isNotBlank();
        }
        assertThat(Arrays.stream(FailureCode.values()).map(FailureCode::id).distinct().count())
                .isEqualTo(FailureCode.values().length);
    }

    @Test
    void docsListEveryCodeWithItsSummaryAndRemedy() throws Exception {
        Map<String, String[]> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(docsDir().resolve("errors.md"))) {
            String[] cells = line.split("(?<!\\\\)\\|");
            if (cells.length >= 5 && ID.matcher(cells[1].strip().replace("`", "")).matches()) {
                rows.put(cells[1].strip().replace("`", ""), cells);
            }
        }
        String expected = Arrays.stream(FailureCode.values()).map(FailureCatalogueTest::row)
                .collect(Collectors.joining("\n"));
        assertThat(rows.keySet()).as("codes in docs/errors.md; expected rows:\n" + expected)
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(FailureCode.values()).map(FailureCode::id).toList());
        for (FailureCode c : FailureCode.values()) {
            String[] cells = rows.get(c.id());
            assertThat(cells[2].strip()).as(c.id() + " disposition").isEqualTo(c.disposition().name());
            assertThat(unescape(cells[3])).as(c.id() + " summary").isEqualTo(c.summary());
            assertThat(unescape(cells[4])).as(c.id() + " remedy; expected row:\n" + row(c)).isEqualTo(c.remedy());
        }
    }

    @Test
    void everyFileARemedyCitesIsShippedInTheRepository() {
        Path root = docsDir().getParent();
        Pattern file = Pattern.compile("[A-Za-z0-9_./-]+\\.(md|json|yaml)\\b");
        for (FailureCode c : FailureCode.values()) {
            var m = file.matcher(c.remedy());
            while (m.find()) {
                String name = m.group();
                assertThat(Files.exists(root.resolve(name)) || Files.exists(root.resolve("docs").resolve(name)))
                        .as(c.id() + " cites " + name).isTrue();
            }
        }
    }

    public static String row(FailureCode c) {
        return "| `" + c.id() + "` | " + c.disposition() + " | " + escape(c.summary()) + " | " + escape(c.remedy()) + " |";
    }

    private static String escape(String s) {
        return s.replace("|", "\\|");
    }

    private static String unescape(String cell) {
        return cell.strip().replace("\\|", "|");
    }

    static Path docsDir() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("docs")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p.resolve("docs");
            }
        }
        throw new IllegalStateException("no docs directory");
    }
}
