package ppacer.api.schedule;

import java.time.DayOfWeek;
import java.time.Month;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * English descriptions of common cron shapes for {@link CronSchedule#inWords()}. Works from the
 * parsed masks, so {@code 0,15,30,45} and {@code *}{@code /15} read the same. Shapes it does not
 * know give {@code null} internally and the expression to the caller.
 */
final class CronWords {
    private static final long ALL_MINUTES = (1L << 60) - 1;
    private static final long ALL_HOURS = (1L << 24) - 1;
    private static final long ALL_DAYS_OF_MONTH = ((1L << 32) - 1) & ~1L;
    private static final long ALL_MONTHS = ((1L << 13) - 1) & ~1L;
    private static final long ALL_DAYS_OF_WEEK = (1L << 7) - 1;
    private static final int FEW_TIMES = 4;
    private static final int MAX_TIMES = 6;

    private CronWords() {
    }

    static String describe(String expression, CronFields f) {
        String time = time(f);
        String days = days(f);
        if (time == null || days == null) {
            return expression;
        }
        boolean everyDay = f.daysOfMonth() == ALL_DAYS_OF_MONTH && f.daysOfWeek() == ALL_DAYS_OF_WEEK;
        if (everyDay && (f.domStar() || f.dowStar()) && time.startsWith("at ")) {
            days = " every day" + days;
        }
        return time + days;
    }

    private static String time(CronFields f) {
        long minutes = f.minutes();
        long hours = f.hours();
        List<Integer> minuteValues = values(minutes, 0, 59);
        List<Integer> hourValues = values(hours, 0, 23);
        int times = minuteValues.size() * hourValues.size();
        if (hours != ALL_HOURS && times <= FEW_TIMES) {
            return "at " + clocks(hourValues, minuteValues);
        }
        int minuteStep = period(minutes, 60);
        if (minuteStep > 0) {
            String every = minuteStep == 1 ? "every minute" : "every " + minuteStep + " minutes";
            int first = hourValues.getFirst();
            int last = hourValues.getLast();
            if (hours == ALL_HOURS) {
                return every;
            }
            if (last - first + 1 == hourValues.size()) {
                return every + " between " + clock(first, 0) + " and " + clock(last, 59);
            }
        }
        if (hours == ALL_HOURS && minuteValues.size() <= FEW_TIMES) {
            return minutes == 1L ? "every hour"
                    : "every hour at minute" + (minuteValues.size() > 1 ? "s " : " ") + join(texts(minuteValues));
        }
        int hourStep = period(hours, 24);
        if (minuteValues.size() == 1 && hourStep > 1) {
            int minute = minuteValues.getFirst();
            return "every " + hourStep + " hours" + (minute == 0 ? "" : " at minute " + minute);
        }
        if (times <= MAX_TIMES) {
            return "at " + clocks(hourValues, minuteValues);
        }
        return null;
    }

    /** @return " on ..." for the day fields and " in ..." for months, "" for every day, null if unknown */
    private static String days(CronFields f) {
        boolean domAll = f.daysOfMonth() == ALL_DAYS_OF_MONTH;
        boolean dowAll = f.daysOfWeek() == ALL_DAYS_OF_WEEK;
        String months = months(f.months());
        List<Integer> doms = values(f.daysOfMonth(), 1, 31);
        String dom = " on day" + (doms.size() > 1 ? "s " : " ") + join(runs(doms, Integer::toString))
                + " of the month";
        String dow = " on " + join(runs(mondayFirst(f.daysOfWeek()), CronWords::dayName));
        if (!f.domStar() && !f.dowStar()) {
            return dom + " or" + dow + months; // Vixie: either day field
        }
        if (!domAll && !dowAll) {
            return null; // both must match: too rare to phrase
        }
        if (domAll && dowAll) {
            return months;
        }
        if (domAll) {
            return dow + months;
        }
        if (doms.size() == 1 && Long.bitCount(f.months()) == 1) {
            return " on " + monthName(Long.numberOfTrailingZeros(f.months())) + " " + doms.getFirst();
        }
        return dom + months;
    }

    private static String months(long mask) {
        return mask == ALL_MONTHS ? "" : " in " + join(runs(values(mask, 1, 12), CronWords::monthName));
    }

    /** @return n when the mask is exactly 0, n, 2n... with n a proper divisor of size, else 0 */
    private static int period(long mask, int size) {
        int second = CronFields.nextBit(mask, 1);
        int step = second < 0 ? size : second;
        if ((mask & 1L) == 0 || step == size || size % step != 0) {
            return 0;
        }
        for (int v = 0; v < size; v++) {
            if (CronFields.has(mask, v) != (v % step == 0)) {
                return 0;
            }
        }
        return step;
    }

    private static List<Integer> values(long mask, int min, int max) {
        List<Integer> values = new ArrayList<>();
        for (int v = min; v <= max; v++) {
            if (CronFields.has(mask, v)) {
                values.add(v);
            }
        }
        return values;
    }

    /** @return days of the week as 1 (Monday) to 7 (Sunday), in that order */
    private static List<Integer> mondayFirst(long mask) {
        List<Integer> values = values(mask, 1, 6);
        if (CronFields.has(mask, 0)) {
            values.add(7);
        }
        return values;
    }

    /** @return runs of three or more consecutive values as "a through b", others one by one */
    private static List<String> runs(List<Integer> values, IntFunction<String> name) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < values.size(); ) {
            int j = i;
            while (j + 1 < values.size() && values.get(j + 1) == values.get(j) + 1) {
                j++;
            }
            if (j - i >= 2) {
                out.add(name.apply(values.get(i)) + " through " + name.apply(values.get(j)));
                i = j + 1;
            } else {
                out.add(name.apply(values.get(i)));
                i++;
            }
        }
        return out;
    }

    private static List<String> texts(List<Integer> values) {
        return values.stream().map(String::valueOf).toList();
    }

    private static String join(List<String> items) {
        if (items.size() == 1) {
            return items.getFirst();
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.getLast();
    }

    private static String clocks(List<Integer> hours, List<Integer> minutes) {
        List<String> times = new ArrayList<>();
        for (int hour : hours) {
            for (int minute : minutes) {
                times.add(clock(hour, minute));
            }
        }
        return join(times);
    }

    private static String clock(int hour, int minute) {
        return String.format(Locale.ROOT, "%02d:%02d", hour, minute);
    }

    private static String dayName(int isoDay) {
        return DayOfWeek.of(isoDay).getDisplayName(TextStyle.FULL, Locale.ENGLISH);
    }

    private static String monthName(int month) {
        return Month.of(month).getDisplayName(TextStyle.FULL, Locale.ENGLISH);
    }
}
