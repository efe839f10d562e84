package ppacer.api.schedule;

import java.time.LocalDate;
import java.time.LocalDateTime;
import ppacer.api.PpacerException;

/**
 * The matching values of the five cron fields as bit masks (bit {@code v} set when value {@code v}
 * matches; day-of-week uses 0-6 with Sunday 0), plus Vixie cron's "star" flags for the two day
 * fields. Works on local date-times only; time zones are {@link CronSchedule}'s business.
 *
 * @param minutes bits 0-59
 * @param hours bits 0-23
 * @param daysOfMonth bits 1-31
 * @param months bits 1-12
 * @param daysOfWeek bits 0-6, Sunday 0
 * @param domStar the day-of-month field starts with {@code *}
 * @param dowStar the day-of-week field starts with {@code *}
 */
record CronFields(long minutes, long hours, long daysOfMonth, long months, long daysOfWeek,
        boolean domStar, boolean dowStar) {

    /** Validated expressions match within a few decades; this only guards against a bug looping. */
    private static final int MAX_YEARS = 400;

    /**
     * Vixie cron: when either day field starts with {@code *}, a day must match both (so a plain
     * {@code *} leaves only the other field); when both are restricted, either one suffices.
     *
     * @param date a date
     * @return whether the cron may fire on that date
     */
    boolean matchesDay(LocalDate date) {
        boolean dom = has(daysOfMonth, date.getDayOfMonth());
        boolean dow = has(daysOfWeek, date.getDayOfWeek().getValue() % 7);
        return domStar || dowStar ? dom && dow : dom || dow;
    }

    /** @return whether some date ever matches: false e.g. for day 31 in February only */
    boolean canFire() {
        if (!domStar && !dowStar) {
            return true; // OR semantics: every week has a matching weekday
        }
        for (int month = 1; month <= 12; month++) {
            if (has(months, month) && Long.numberOfTrailingZeros(daysOfMonth) <= CronParser.maxLength(month)) {
                return true; // the weekday cycle reaches every (month, day) pair within 28 years
            }
        }
        return false;
    }

    /**
     * The first matching local date-time at or after {@code from}. Skips whole months, days and
     * hours that cannot match, so the cost is a few steps per skipped day at most.
     *
     * @param from a local date-time with zero seconds and nanos
     * @return the first match, with zero seconds and nanos
     */
    LocalDateTime nextLocal(LocalDateTime from) {
        LocalDateTime t = from;
        int lastYear = from.getYear() + MAX_YEARS;
        while (t.getYear() <= lastYear) {
            if (!has(months, t.getMonthValue())) {
                int month = nextBit(months, t.getMonthValue() + 1);
                t = month < 0
                        ? LocalDateTime.of(t.getYear() + 1, nextBit(months, 1), 1, 0, 0)
                        : LocalDateTime.of(t.getYear(), month, 1, 0, 0);
                continue;
            }
            if (!matchesDay(t.toLocalDate())) {
                t = t.toLocalDate().plusDays(1).atStartOfDay();
                continue;
            }
            int hour = nextBit(hours, t.getHour());
            if (hour < 0) {
                t = t.toLocalDate().plusDays(1).atStartOfDay();
                continue;
            }
            if (hour != t.getHour()) {
                t = t.withHour(hour).withMinute(0);
            }
            int minute = nextBit(minutes, t.getMinute());
            if (minute < 0) {
                t = t.withMinute(0).plusHours(1);
                continue;
            }
            return t.withMinute(minute);
        }
        throw new PpacerException("cron " + this + " found no match in " + MAX_YEARS + " years from " + from);
    }

    static boolean has(long mask, int value) {
        return (mask & (1L << value)) != 0;
    }

    /** @return the lowest set bit at or above {@code from}, or -1 */
    static int nextBit(long mask, int from) {
        if (from > 63) {
            return -1;
        }
        long rest = mask & (-1L << from);
        return rest == 0 ? -1 : Long.numberOfTrailingZeros(rest);
    }
}
