package ppacer.server.http;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import ppacer.api.protocol.Timestamp;
import ppacer.scheduler.model.InvalidInputException;

/** Time formats of the API, in the scheduler's display zone. */
final class Times {
    /** Logical times: microseconds and offset, e.g. {@code 2026-11-27T10:00:00.000000+01:00}. */
    static final DateTimeFormatter EXEC_TS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX", Locale.ROOT);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS", Locale.ROOT);
    private static final DateTimeFormatter DISPLAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private final ZoneId zone;

    Times(ZoneId zone) {
        this.zone = zone;
    }

    ZoneId zone() {
        return zone;
    }

    String format(Instant t) {
        return EXEC_TS.format(t.atZone(zone));
    }

    /**
     * Reads a time of the API, for the HTTP routes and the in-process link alike.
     *
     * @param field the field it came in, named by the error
     * @param value an ISO-8601 time with an offset
     * @return the instant
     * @throws InvalidInputException about {@code field} (a 400 naming it) when it is not one
     */
    static Instant parse(String field, String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw InvalidInputException.ofField(field, "Field '" + field + "' must be a timestamp like"
                    + " 2026-11-27T10:00:00.000000+01:00, was '" + HttpProblem.shown(value) + "'");
        }
    }

    /** ppacer's Timestamp object: {@code {toDisplay, date, time, timezone}}. */
    Timestamp timestamp(Instant t) {
        ZonedDateTime z = t.atZone(zone);
        return new Timestamp(DISPLAY.format(z), DATE.format(z), TIME.format(z), z.getZone().getId(), format(t));
    }

    /** A duration as text, e.g. {@code 1.234s} or {@code 2m3.5s}. */
    static String duration(Duration d) {
        if (d.isNegative()) {
            d = Duration.ZERO;
        }
        long minutes = d.toMinutes();
        double seconds = (d.toMillis() % 60_000) / 1000.0;
        return minutes > 0 ? minutes + "m" + seconds + "s" : seconds + "s";
    }
}
