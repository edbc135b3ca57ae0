package org.odjc.telemetry;

/** Prints docs/events.md from {@link Event} (run by scripts/events-doc; EventCatalogueTest checks the file). */
public final class EventsDoc {
    private EventsDoc() {
    }

    static String render() {
        StringBuilder b = new StringBuilder("""
                # Events

                Every significant thing the service does is one log line that starts `event=<name>`, followed by
                `key=value` fields (`requestId=`, `code=`, `dn=`…; a value with spaces or quotes is quoted, `\\"`
                escaped); never a secret. `odjc run` writes it on standard error as
                `<time> <LEVEL> event=<name> eventId=<id> <fields>`, or with `--log-format json` as one JSON object
                per line (`time`, `level`, `eventId`, `event` and the fields). The id is permanent: monitoring keys
                on it, and on Windows the Event Log entries of the source "ODJ Connector" carry it. Ids are never
                renumbered or reused; failure codes (`code=`) are in [errors.md](errors.md).

                This file is generated from the code by `scripts/events-doc`; `EventCatalogueTest` checks it, and
                the build's last test (`EventCoverageCheck`) fails unless the tests emitted every event listed here
                and nothing unlisted.

                | id | level | event | what happened |
                |---:|---|---|---|
                """);
        for (Event e : Event.values()) {
            b.append("| ").append(e.id()).append(" | ").append(e.level()).append(" | `").append(e.eventName())
                    .append("` | ").append(e.summary().replace("|", "\\|")).append(" |\n");
        }
        return b.toString();
    }

    public static void main(String[] args) {
        System.out.print(render());
    }
}
