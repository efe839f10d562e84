package ppacer.api.schedule;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.Month;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * Builds a {@link CronSchedule} field by field; a field left unset is {@code *}. The result is the
 * same as parsing its {@link CronSchedule#expression()}: values are sorted, runs of three or more
 * become ranges and days and months are written as names, e.g.
 * {@code builder().minutes(0, 30).hours(9).daysOfWeek(MONDAY, TUESDAY, WEDNESDAY)} renders
 * {@code 0,30 9 * * MON-WED}. Not thread-safe.
 */
public final class CronScheduleBuilder {
    private String minute = "*";
    private String hour = "*";
    private String dayOfMonth = "*";
    private String month = "*";
    private String dayOfWeek = "*";
    private ZoneId zone;
    private Instant start;

    /** Use {@link CronSchedule#builder()}. */
    CronScheduleBuilder() {
    }

    /**
     * Fires at these minutes of the hour.
     *
     * @param values minutes 0-59
     * @return this builder
     * @throws CronParseException when a value is out of range or none is given
     */
    public CronScheduleBuilder minutes(int... values) {
        minute = render(CronField.MINUTE, "minutes", values, Integer::toString);
        return this;
    }

    /**
     * Every {@code step} minutes from minute 0 of each hour ({@code *}{@code /step}).
     *
     * @param step 1-59
     * @return this builder
     * @throws CronParseException when the step is out of range
     */
    public CronScheduleBuilder everyMinutes(int step) {
        minute = "*/" + check(CronField.MINUTE, "everyMinutes", "step", step, 1);
        return this;
    }

    /**
     * Fires in these hours of the day.
     *
     * @param values hours 0-23
     * @return this builder
     * @throws CronParseException when a value is out of range or none is given
     */
    public CronScheduleBuilder hours(int... values) {
        hour = render(CronField.HOUR, "hours", values, Integer::toString);
        return this;
    }

    /**
     * Every {@code step} hours from midnight ({@code *}{@code /step}).
     *
     * @param step 1-23
     * @return this builder
     * @throws CronParseException when the step is out of range
     */
    public CronScheduleBuilder everyHours(int step) {
        hour = "*/" + check(CronField.HOUR, "everyHours", "step", step, 1);
        return this;
    }

    /**
     * Fires on these days of the month. When days of the week are set too, a day matching
     * either fires (Vixie cron).
     *
     * @param values days of the month 1-31
     * @return this builder
     * @throws CronParseException when a value is out of range or none is given
     */
    public CronScheduleBuilder daysOfMonth(int... values) {
        dayOfMonth = render(CronField.DAY_OF_MONTH, "daysOfMonth", values, Integer::toString);
        return this;
    }

    /**
     * Fires in these months.
     *
     * @param values months
     * @return this builder
     * @throws CronParseException when none is given
     */
    public CronScheduleBuilder months(Month... values) {
        int[] numbers = Arrays.stream(values).mapToInt(m -> Objects.requireNonNull(m, "month").getValue()).toArray();
        month = render(CronField.MONTH, "months", numbers, CronField.MONTH::nameOf);
        return this;
    }

    /**
     * Days of the week. When days of the month are set too, a day matching either fires (Vixie cron).
     *
     * @param values days of the week
     * @return this builder
     * @throws CronParseException when none is given
     */
    public CronScheduleBuilder daysOfWeek(DayOfWeek... values) {
        int[] numbers = Arrays.stream(values).mapToInt(d -> Objects.requireNonNull(d, "day").getValue() % 7).toArray();
        dayOfWeek = render(CronField.DAY_OF_WEEK, "daysOfWeek", numbers, CronField.DAY_OF_WEEK::nameOf);
        return this;
    }

    /**
     * Sets the time zone.
     *
     * @param zone the time zone the fields are read in; the system default when not set
     * @return this builder
     */
    public CronScheduleBuilder zone(ZoneId zone) {
        this.zone = Objects.requireNonNull(zone, "zone");
        return this;
    }

    /**
     * Sets the start.
     *
     * @param start the first instant the schedule may fire at
     * @return this builder
     */
    public CronScheduleBuilder startingAt(Instant start) {
        this.start = Objects.requireNonNull(start, "start");
        return this;
    }

    /**
     * The expression so far.
     *
     * @return the 5-field expression built so far
     */
    public String expression() {
        return String.join(" ", minute, hour, dayOfMonth, month, dayOfWeek);
    }

    /**
     * Builds the schedule, in the system default zone when none was set.
     *
     * @return the schedule
     * @throws CronParseException when the fields can never fire together, e.g. day 31 in February
     */
    public CronSchedule build() {
        CronSchedule schedule = CronSchedule.parse(expression(), zone == null ? ZoneId.systemDefault() : zone);
        return start == null ? schedule : schedule.startingAt(start);
    }

    private static int check(CronField field, String method, String kind, int value, int min) {
        if (value < min || value > field.max) {
            throw new CronParseException("Invalid cron builder call " + method + "(" + value + "): " + field.label
                    + " " + kind + " " + value + " is outside " + min + "-" + field.max);
        }
        return value;
    }

    private static String render(CronField field, String method, int[] values, IntFunction<String> text) {
        if (values.length == 0) {
            throw new CronParseException("Invalid cron builder call " + method + "(): give at least one "
                    + field.label + " value");
        }
        for (int value : values) {
            check(field, method, "value", value, field.min);
        }
        int[] sorted = Arrays.stream(values).sorted().distinct().toArray();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < sorted.length; ) {
            int j = i;
            while (j + 1 < sorted.length && sorted[j + 1] == sorted[j] + 1) {
                j++;
            }
            if (!out.isEmpty()) {
                out.append(',');
            }
            if (j - i >= 2) {
                out.append(text.apply(sorted[i])).append('-').append(text.apply(sorted[j]));
                i = j + 1;
            } else {
                out.append(text.apply(sorted[i]));
                i++;
            }
        }
        return out.toString();
    }
}
