package org.odjc.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

/** Durations as admins write them in configuration and options: {@code 45m}, {@code 12h}, {@code 30d}. */
public final class Durations {
    private static final Pattern FORM = Pattern.compile("(\\d{1,6})([mhd])");

    private Durations() {
    }

    /** {@code text} as a duration from {@code min} to {@code max}; {@code INPUT-014} otherwise. */
    public static Duration parse(String text, Duration min, Duration max) throws ConnectorException {
        Matcher m = FORM.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new ConnectorException(FailureCode.INPUT_BAD_DURATION, "'" + text + "' is not a duration such as 45m, 12h"
                    + " or 30d");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new ConnectorException(FailureCode.INPUT_BAD_DURATION, "'" + text + "' is outside " + format(min) + " to "
                    + format(max));
        }
        return d;
    }

    /** The shortest of {@code 30d}, {@code 12h}, {@code 45m} that says it exactly. */
    public static String format(Duration d) {
        long s = d.toSeconds();
        return s % 86_400 == 0 ? s / 86_400 + "d" : s % 3600 == 0 ? s / 3600 + "h" : s / 60 + "m";
    }
}
