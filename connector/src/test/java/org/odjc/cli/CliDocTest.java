package org.odjc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CliDocTest {
    @Test
    void docsCliMdIsWhatTheCommandsSayOfThemselves() throws Exception {
        Path doc = Path.of("..", "docs", "cli.md");
        String rendered = CliDoc.render();

        assertThat(rendered).contains("## `odjc setup`", "## `odjc ou add`", "## `odjc run`");
        assertThat(Files.readString(doc)).as("docs/cli.md is stale: run scripts/cli-doc").isEqualTo(rendered);
    }
}
