package ppacer.api.schedule;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Objects;
import java.util.Optional;

/**
 * A cron schedule: a standard 5-field expression read in an IANA time zone. Immutable.
 *
 * <h2>Syntax</h2>
 * {@code minute hour day-of-month month day-of-week}, each field {@code *}, a value, a range
 * {@code a-b}, a step {@code *}{@code /n}, {@code a-b/n} or {@code a/n} (from {@code a} to the
 * field's maximum), or a comma-separated list of those. Ranges: minute 0-59, hour 0-23,
 * day-of-month 1-31, month 1-12 or {@code JAN}-{@code DEC}, day-of-week 0-7 or {@code SUN}-{@code SAT}
 * (0 and 7 are both Sunday; a day-of-week range ending on Sunday, such as {@code SAT-SUN} or
 * {@code 5-0}, ends on 7, as in cronie); names are case-insensitive. Fields are separated by ASCII
 * whitespace; any other character outside printable ASCII (e.g. a no-break space) is refused by name. Macros: {@code @yearly} and
 * {@code @annually} ({@code 0 0 1 1 *}), {@code @monthly}, {@code @weekly} ({@code 0 0 * * 0}),
 * {@code @daily} and {@code @midnight}, {@code @hourly}. An expression that can never fire, such as
 * {@code 0 0 31 2 *}, is rejected.
 *
 * <h2>Day matching (Vixie cron)</h2>
 * When both day-of-month and day-of-week are restricted, a day matches when <em>either</em> matches
 * ({@code 0 0 13 * FRI} fires on every 13th and on every Friday). When one of them starts with
 * {@code *}, a day must match both, so with a plain {@code *} only the other one counts.
 *
 * <h2>Daylight-saving time</h2>
 * Fields are matched against local wall-clock time in {@link #zone()}, at minute granularity.
 * <ul>
 *   <li><b>Gap</b> (spring forward): a local time that does not exist that day fires once, shifted
 *       forward by the length of the gap, as {@link ZonedDateTime#of} does: {@code 30 2 * * *} in
 *       Europe/Warsaw on 2024-03-31 (02:00 → 03:00) fires at 03:30 CEST. If that instant is also
 *       matched directly (e.g. {@code 0 2,3 * * *} gives 03:00 twice), it fires once. With a gap
 *       shorter than an hour (Australia/Lord_Howe: 30 minutes) shifted and regular times interleave;
 *       {@code next} still returns them in time order.</li>
 *   <li><b>Overlap</b> (fall back): a local time that occurs twice fires once, at the earlier
 *       offset: {@code 30 2 * * *} in Europe/Warsaw on 2024-10-27 fires at 02:30 CEST only, and
 *       {@code * * * * *} does not fire during the repeated hour.</li>
 * </ul>
 *
 * <h2>Cost</h2>
 * {@link #next(Instant)} skips months, days and hours that cannot match, so even
 * {@code 0 0 29 2 *} finds the next leap day in a few hundred steps.
 */
public final class CronSchedule implements Schedule {
    private final String expression;
    private final ZoneId zone;
    private final Instant start;
    private final CronFields fields;

    private CronSchedule(String expression, ZoneId zone, Instant start, CronFields fields) {
        this.expression = expression;
        this.zone = zone;
        this.start = start;
        this.fields = fields;
    }

    /**
     * Parses a cron expression. The schedule has no start; set one with {@link #startingAt(Instant)}.
     *
     * @param expression 5 fields separated by whitespace, or a macro such as {@code @daily}
     * @param zone the time zone the fields are read in
     * @return the schedule
     * @throws CronParseException naming the expression, the field and the bad value
     */
    public static CronSchedule parse(String expression, ZoneId zone) {
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(zone, "zone");
        CronFields fields = CronParser.parse(expression);
        return new CronSchedule(String.join(" ", expression.strip().split("\\s+")), zone, null, fields);
    }

    /**
     * A builder of schedules field by field, e.g. {@code builder().minutes(0).hours(9).build()}.
     *
     * @return a new builder
     */
    public static CronScheduleBuilder builder() {
        return new CronScheduleBuilder();
    }

    /**
     * A copy starting at {@code start}: {@link #next(Instant)} never returns an earlier instant.
     *
     * @param start the first instant the schedule may fire at
     * @return the schedule
     */
    public CronSchedule startingAt(Instant start) {
        return new CronSchedule(expression, zone, Objects.requireNonNull(start, "start"), fields);
    }

    /**
     * The expression as given, with whitespace between fields collapsed to one space.
     *
     * @return the expression
     */
    public String expression() {
        return expression;
    }

    /**
     * The time zone the fields are read in.
     *
     * @return the zone
     */
    public ZoneId zone() {
        return zone;
    }

    @Override
    public Optional<Instant> start() {
        return Optional.ofNullable(start);
    }

    @Override
    public Instant next(Instant after) {
        Objects.requireNonNull(after, "after");
        Instant lower = start != null && start.isAfter(after) ? start.minusNanos(1) : after;
        ZoneRules rules = zone.getRules();
        LocalDateTime from = LocalDateTime.ofInstant(lower, zone).truncatedTo(ChronoUnit.MINUTES);
        // Just after a gap, local times inside it map to instants after `lower`: look back into it.
        ZoneOffsetTransition previous = rules.previousTransition(lower.plusNanos(1));
        if (previous != null && previous.isGap()
                && lower.isBefore(previous.getInstant().plus(previous.getDuration()))) {
            from = previous.getDateTimeBefore().truncatedTo(ChronoUnit.MINUTES);
        }
        LocalDateTime local = fields.nextLocal(from);
        Instant best = ZonedDateTime.of(local, zone).toInstant();
        while (!best.isAfter(lower)) {
            local = fields.nextLocal(local.plusMinutes(1));
            best = ZonedDateTime.of(local, zone).toInstant();
        }
        if (rules.getValidOffsets(local).isEmpty()) {
            // Shifted out of a gap: a later local time up to the shift may be an earlier instant.
            LocalDateTime limit = local.plus(rules.getTransition(local).getDuration());
            for (LocalDateTime c = fields.nextLocal(local.plusMinutes(1)); c.isBefore(limit);
                    c = fields.nextLocal(c.plusMinutes(1))) {
                Instant candidate = ZonedDateTime.of(c, zone).toInstant();
                if (candidate.isAfter(lower) && candidate.isBefore(best)) {
                    best = candidate;
                }
            }
        }
        return best;
    }

    /**
     * What the clock change of {@link #zone()} does to one of this schedule's points, for a schedule
     * preview: a point shifted out of a spring-forward gap (its local time did not exist that day) or
     * one whose local time occurs twice in a fall-back (it runs once, at the first occurrence).
     *
     * @param point a point of this schedule ({@link #next(Instant)})
     * @return the note, or empty when the point's local time is an ordinary one
     */
    public Optional<String> dstNote(Instant point) {
        ZoneRules rules = zone.getRules();
        LocalDateTime local = LocalDateTime.ofInstant(point, zone);
        if (!fields.nextLocal(local.truncatedTo(ChronoUnit.MINUTES)).equals(local)) {
            ZoneOffsetTransition gap = rules.previousTransition(point.plusNanos(1));
            if (gap != null && gap.isGap()) {
                LocalDateTime asked = local.minus(gap.getDuration());
                return Optional.of(asked.toLocalTime() + " does not exist on " + asked.toLocalDate() + " in " + zone.getId()
                        + " (clocks go forward " + gap.getDateTimeBefore().toLocalTime() + " → "
                        + gap.getDateTimeAfter().toLocalTime() + "): runs at " + local.toLocalTime());
            }
            return Optional.empty();
        }
        if (rules.getValidOffsets(local).size() == 2) {
            return Optional.of(local.toLocalTime() + " occurs twice on " + local.toLocalDate() + " in " + zone.getId()
                    + " (clocks go back): runs once, at the first, " + rules.getOffset(point));
        }
        return Optional.empty();
    }

    /**
     * The expression and the zone, e.g. {@code "0 9 * * MON-FRI (Europe/Warsaw)"}.
     *
     * @return the description
     */
    @Override
    public String describe() {
        return expression + " (" + zone.getId() + ")";
    }

    /**
     * A short English description for a UI, e.g. {@code "at 09:00 on Monday through Friday"} or
     * {@code "every 15 minutes"}; shapes it does not know are given as the expression itself.
     *
     * @return the description, without the zone
     */
    public String inWords() {
        return CronWords.describe(expression, fields);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CronSchedule that && expression.equals(that.expression) && zone.equals(that.zone)
                && Objects.equals(start, that.start);
    }

    @Override
    public int hashCode() {
        return Objects.hash(expression, zone, start);
    }

    @Override
    public String toString() {
        return start == null ? describe() : describe() + " from " + start;
    }
}
