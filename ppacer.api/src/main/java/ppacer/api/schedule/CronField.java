package ppacer.api.schedule;

import java.util.List;
import java.util.Locale;

/** The five fields of a cron expression, with their ranges and accepted names. */
enum CronField {
    MINUTE("minute", 0, 59, List.of()),
    HOUR("hour", 0, 23, List.of()),
    DAY_OF_MONTH("day-of-month", 1, 31, List.of()),
    MONTH("month", 1, 12,
            List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")),
    /** 0-7, where both 0 and 7 are Sunday; names SUN (0) to SAT (6). */
    DAY_OF_WEEK("day-of-week", 0, 7, List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"));

    final String label;
    final int min;
    final int max;
    final List<String> names;

    CronField(String label, int min, int max, List<String> names) {
        this.label = label;
        this.min = min;
        this.max = max;
        this.names = names;
    }

    /** @return the value of a name (case-insensitive), or -1 when it is not one of this field's names */
    int valueOfName(String name) {
        int index = names.indexOf(name.toUpperCase(Locale.ROOT));
        return index < 0 ? -1 : index + (this == MONTH ? 1 : 0);
    }

    /** @return the name of a value, e.g. "FEB" for month 2; only for fields with names */
    String nameOf(int value) {
        return names.get(value - (this == MONTH ? 1 : 0));
    }
}
