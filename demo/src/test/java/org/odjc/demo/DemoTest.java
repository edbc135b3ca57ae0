package org.odjc.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scripts/demo} end to end in this JVM: enrollment, dispatch, provisioning and the blob checks. */
class DemoTest {
    @TempDir
    Path work;

    @Test
    void everyRequestSucceedsAndEveryBlobMatchesItsAccountInTheEmbeddedDirectory() throws Exception {
        StringWriter out = new StringWriter();
        List<String> events = Collections.synchronizedList(new ArrayList<>());

        Demo.Report report = new Demo(work, new PrintWriter(out), events::add).run(12, 3);

        assertThat(report.ok()).as(out.toString()).isTrue();
        assertThat(report.rows()).hasSize(12).allMatch(r -> r.name().startsWith("DEMO-") && r.problems().isEmpty());
        assertThat(report.accountsInOu()).isEqualTo(12);
        assertThat(out.toString()).contains("12 of 12 requests succeeded").contains("demo OK");
        assertThat(List.copyOf(events)).filteredOn(e -> e.startsWith("event=request-done")).hasSize(12);
        assertThat(Files.readString(work.resolve("identity/connector-id")).strip()).isEqualTo("demo-connector");
    }
}
