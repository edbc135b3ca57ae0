package org.odjc.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs after every other test of the module (its own failsafe execution): the events the unit
 * tests, the ITs and the processes they started traced (see {@link EventLog#traced}) must be
 * exactly the registry, every documented event emitted by some test and nothing emitted that is
 * not documented. Skipped, with the reason printed, when only some tests ran.
 */
class EventCoverageCheck {
    @Test
    void theTestsEmittedEveryDocumentedEventAndNoOther() throws IOException {
        String partial = System.getProperty("odjc.events.partial", "");
        Assumptions.assumeTrue(partial.isBlank() || partial.contains("${"),
                "only some tests ran (-Dtest/-Dit.test=" + partial + "): event coverage is checked on full runs");
        Path dir = Path.of(System.getProperty("odjc.events.trace", "target/event-trace"));
        Set<String> emitted = new TreeSet<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    emitted.addAll(Files.readAllLines(f));
                }
            }
        }
        Set<String> documented = new TreeSet<>(Arrays.stream(Event.values()).map(Event::eventName).toList());
        Set<String> missing = new TreeSet<>(documented);
        missing.removeAll(emitted);
        Set<String> unknown = new TreeSet<>(emitted);
        unknown.removeAll(documented);
        System.out.printf("EventCoverageCheck: %d of %d documented events emitted by the tests%n",
                documented.size() - missing.size(), documented.size());

        assertThat(unknown).as("emitted but not in docs/events.md").isEmpty();
        assertThat(missing).as("in docs/events.md but emitted by no test").isEmpty();
    }
}
