package org.odjc.telemetry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where the service's event lines go. A line is {@code event=<name> key=value key="a value"...};
 * this sink stamps it with the time, the event's permanent id and level, and writes it as text or
 * as one JSON object per line. A line naming no known event is written with id 0 and level ERROR
 * (a bug a test catches). {@link #traced} is the service's tap for the build: with the system
 * property {@code odjc.events.trace} naming a directory, it appends every event name to a file
 * there, so that a check after the tests can prove each documented event was emitted by some test.
 */
public final class EventLog implements Consumer<String> {
    public enum Format { TEXT, JSON }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Path TRACE = trace();

    private final Format format;
    private final Clock clock;
    private final PrintWriter out;

    public EventLog(Format format, Clock clock, PrintWriter out) {
        this.format = format;
        this.clock = clock;
        this.out = out;
    }

    private static Path trace() {
        String dir = System.getProperty("odjc.events.trace");
        return dir == null || dir.isBlank() ? null : Path.of(dir, "events-" + ProcessHandle.current().pid() + ".txt");
    }

    /** {@code next}, with each line's event name traced when the build asks for it; otherwise {@code next} itself. */
    public static Consumer<String> traced(Consumer<String> next) {
        if (TRACE == null) {
            return next;
        }
        return line -> {
            String name = eventName(line);
            synchronized (EventLog.class) {
                try {
                    Files.createDirectories(TRACE.getParent());
                    Files.writeString(TRACE, (Event.byName(name).isPresent() ? name : "unknown:" + name) + "\n",
                            StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                } catch (IOException ignored) {
                    // tracing serves the build's check only
                }
            }
            next.accept(line);
        };
    }

    /** {@code key=value}, quoted (with {@code \"} and {@code \\} escaped) when the value needs it. */
    public static String field(String key, Object value) {
        String v = String.valueOf(value);
        boolean plain = !v.isEmpty() && v.chars().allMatch(c -> c > ' ' && c != '"' && c != '\\' && c < 127);
        return " " + key + "=" + (plain ? v : quote(v));
    }

    static String quote(String v) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : v.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }

    /** What follows {@code event=} at the start of {@code line}; empty when the line names no event. */
    public static String eventName(String line) {
        if (!line.startsWith("event=")) {
            return "";
        }
        int end = line.indexOf(' ');
        return line.substring("event=".length(), end < 0 ? line.length() : end);
    }

    /** The fields of a line, in order; quoted values unescaped. Tolerant: a stray quote ends at the line's end. */
    public static Map<String, String> parse(String line) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            while (i < n && line.charAt(i) == ' ') {
                i++;
            }
            int eq = line.indexOf('=', i);
            int space = line.indexOf(' ', i);
            if (eq < 0 || (space >= 0 && space < eq)) { // a bare word: keep it under its own name
                int end = space < 0 ? n : space;
                if (end > i) {
                    out.merge("text", line.substring(i, end), (a, b) -> a + " " + b);
                }
                i = end;
                continue;
            }
            String key = line.substring(i, eq);
            i = eq + 1;
            StringBuilder v = new StringBuilder();
            if (i < n && line.charAt(i) == '"') {
                i++;
                while (i < n && line.charAt(i) != '"') {
                    char c = line.charAt(i);
                    if (c == '\\' && i + 1 < n) {
                        char e = line.charAt(++i);
                        v.append(e == 'n' ? '\n' : e == 'r' ? '\r' : e);
                    } else {
                        v.append(c);
                    }
                    i++;
                }
                i++;
            } else {
                int end = line.indexOf(' ', i);
                end = end < 0 ? n : end;
                v.append(line, i, end);
                i = end;
            }
            out.put(key, v.toString());
        }
        return out;
    }

    @Override
    public synchronized void accept(String line) {
        String name = eventName(line);
        Event e = Event.byName(name).orElse(null);
        int id = e == null ? 0 : e.id();
        Event.Level level = e == null ? Event.Level.ERROR : e.level();
        if (format == Format.JSON) {
            ObjectNode o = JSON.createObjectNode();
            o.put("time", clock.instant().toString());
            o.put("level", level.name());
            o.put("eventId", id);
            parse(line).forEach(o::put); // only JSON needs the fields apart
            out.println(o.toString());
        } else {
            String rest = name.isEmpty() ? " " + line : line.substring(("event=" + name).length());
            out.println(clock.instant() + " " + level + " event=" + name + " eventId=" + id + rest);
        }
        out.flush();
    }
}
