package org.odjc.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServiceEventTest {
    @Test
    void everyEventHasItsOwnIdAndItsOwnLogLine() {
        Set<Integer> ids = new HashSet<>();
        Set<String> lines = new HashSet<>();
        for (ServiceEvent e : ServiceEvent.values()) {
            assertThat(ids.add(e.id())).as("id %d", e.id()).isTrue();
            assertThat(lines.add(e.logEvent())).as(e.logEvent()).isTrue();
            assertThat(e.id()).isBetween(1, 0xFFFF);
        }
    }

    @Test
    void aLogLineRaisesTheEventItsEventFieldNames() {
        assertThat(ServiceEvent.forLogLine("event=service-stopped drained=true")).contains(ServiceEvent.STOPPED);
        assertThat(ServiceEvent.forLogLine("event=service-stopped")).contains(ServiceEvent.STOPPED);
        assertThat(ServiceEvent.forLogLine("event=service-stopped-later x=1")).isEmpty();
        assertThat(ServiceEvent.forLogLine("event=request-done requestId=r")).isEmpty();
        assertThat(ServiceEvent.forLogLine("detail event=service-started")).isEmpty();
    }

    @Test
    void theWindowsDocumentListsEveryEventIdWithItsLevelAndLogLine() throws Exception {
        String doc = Files.readString(repoRoot().resolve("docs/windows.md"));
        for (ServiceEvent e : ServiceEvent.values()) {
            assertThat(doc).as("docs/windows.md row for %s", e)
                    .contains("| " + e.id() + " | " + e.level().name().charAt(0) + e.level().name().substring(1).toLowerCase()
                            + " | `" + e.logEvent() + "` |");
        }
        assertThat(doc).contains("\"" + ServiceEvent.SOURCE + "\"");
    }

    private static Path repoRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("docs")) && Files.isRegularFile(p.resolve("pom.xml"))
                    && Files.isDirectory(p.resolve("connector"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
    }
}
