package org.odjc.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.odjc.testing.ItEnvironment;

class EventCatalogueTest {
    @Test
    void idsAndNamesAreUniqueAndNamesAreLowerCaseWords() {
        assertThat(Arrays.stream(Event.values()).map(Event::id)).doesNotHaveDuplicates();
        assertThat(Arrays.stream(Event.values()).map(Event::eventName)).doesNotHaveDuplicates()
                .allMatch(n -> n.matches("[a-z]+(-[a-z]+)*"));
    }

    @Test
    void docsEventsMdIsWhatTheRegistryGenerates() throws IOException {
        assertThat(Files.readString(ItEnvironment.repoRoot().resolve("docs/events.md")))
                .as("docs/events.md is stale: run scripts/events-doc").isEqualTo(EventsDoc.render());
    }

    /** Adapters may not import the registry, so their lines are literals: each must name a registered event. */
    @Test
    void everyEventNameWrittenInTheSourceIsRegistered() throws IOException {
        Pattern literal = Pattern.compile("\"event=([a-z-]+)[ \"]");
        Set<String> written = new HashSet<>();
        try (Stream<Path> files = Files.walk(ItEnvironment.repoRoot().resolve("connector/src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = literal.matcher(Files.readString(f));
                while (m.find()) {
                    written.add(m.group(1));
                }
            }
        }
        assertThat(written).isNotEmpty();
        assertThat(written).allMatch(n -> Event.byName(n).isPresent(), "registered in Event");
    }

    @Test
    void aLineIsStampedWithItsIdAndLevelAsTextOrAsJsonWithItsFieldsUnescaped() {
        java.io.StringWriter text = new java.io.StringWriter();
        java.io.StringWriter json = new java.io.StringWriter();
        java.time.Clock clock = java.time.Clock.fixed(java.time.Instant.parse("2026-12-01T03:00:00Z"), java.time.ZoneOffset.UTC);
        String line = Event.REQUEST_FAILED.line() + " requestId=r-1 code=PROV-001" + EventLog.field("detail", "OU \"x\" \\ y");

        new EventLog(EventLog.Format.TEXT, clock, new java.io.PrintWriter(text)).accept(line);
        new EventLog(EventLog.Format.JSON, clock, new java.io.PrintWriter(json)).accept(line);
        new EventLog(EventLog.Format.TEXT, clock, new java.io.PrintWriter(text)).accept("event=no-such-thing a=b");

        assertThat(text.toString().lines()).containsExactly(
                "2026-12-01T03:00:00Z WARNING event=request-failed eventId=1104 requestId=r-1 code=PROV-001 detail=\"OU \\\"x\\\" \\\\ y\"",
                "2026-12-01T03:00:00Z ERROR event=no-such-thing eventId=0 a=b");
        assertThat(json.toString().strip()).isEqualTo("{\"time\":\"2026-12-01T03:00:00Z\",\"level\":\"WARNING\",\"eventId\":1104,"
                + "\"event\":\"request-failed\",\"requestId\":\"r-1\",\"code\":\"PROV-001\",\"detail\":\"OU \\\"x\\\" \\\\ y\"}");
        assertThat(EventLog.parse(line)).containsEntry("detail", "OU \"x\" \\ y");
        assertThat(List.of(EventLog.field("dn", "OU=A,DC=x"), EventLog.field("n", ""))).containsExactly(" dn=OU=A,DC=x", " n=\"\"");
    }
}
