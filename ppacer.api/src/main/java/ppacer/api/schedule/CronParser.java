package ppacer.api.schedule;

import java.time.Month;
import java.util.Locale;
import java.util.Map;

/**
 * Parses a 5-field cron expression or a macro into {@link CronFields}. Every failure is a
 * {@link CronParseException} naming the expression, the field and the bad value.
 */
final class CronParser {
    /** The macros and their 5-field equivalents. */
    static final Map<String, String> MACROS = Map.of(
            "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *",
            "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0",
            "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *",
            "@hourly", "0 * * * *");

    private static final CronField[] FIELDS = CronField.values();

    private final String raw;

    private CronParser(String raw) {
        this.raw = raw;
    }

    /**
     * @param expression the expression as written; whitespace between fields is free
     * @return the five field texts (macros expanded)
     * @throws CronParseException when the expression is not 5 fields or a known macro
     */
    static String[] fieldTexts(String expression) {
        checkCharacters(expression);
        String trimmed = expression.strip();
        String[] tokens = trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
        if (tokens.length == 1 && tokens[0].startsWith("@")) {
            String fields = MACROS.get(tokens[0].toLowerCase(Locale.ROOT));
            if (fields == null) {
                throw new CronParseException("Invalid cron '" + expression + "': unknown macro '" + tokens[0]
                        + "'; expected one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly");
            }
            return fields.split(" ");
        }
        if (tokens.length != 5) {
            throw new CronParseException("Invalid cron '" + expression + "': expected 5 fields (minute hour"
                    + " day-of-month month day-of-week) or a macro, found " + tokens.length);
        }
        return tokens;
    }

    /**
     * Refuses a character that no cron field can hold and that whitespace splitting would not see:
     * anything outside printable ASCII except ASCII whitespace, e.g. a no-break space pasted from a
     * web page, which would otherwise glue two fields together and report a wrong field count.
     */
    private static void checkCharacters(String expression) {
        for (int i = 0; i < expression.length(); ) {
            int c = expression.codePointAt(i);
            boolean asciiSpace = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
            if (!asciiSpace && (c < 0x21 || c > 0x7E)) {
                String name = Character.getName(c);
                throw new CronParseException("Invalid cron '" + expression + "': unexpected character "
                        + String.format(Locale.ROOT, "U+%04X", c) + (name == null ? "" : " " + name)
                        + " at position " + (i + 1) + "; fields are separated by ASCII spaces or tabs");
            }
            i += Character.charCount(c);
        }
    }

    /**
     * @param expression the expression as written
     * @return the parsed fields
     * @throws CronParseException when it does not parse or can never fire
     */
    static CronFields parse(String expression) {
        String[] texts = fieldTexts(expression);
        CronParser parser = new CronParser(expression);
        long[] masks = new long[5];
        for (int i = 0; i < 5; i++) {
            masks[i] = parser.field(FIELDS[i], texts[i]);
        }
        // Vixie cron: a day field starting with '*' does not restrict the day on its own.
        CronFields fields = new CronFields(masks[0], masks[1], masks[2], masks[3], masks[4],
                texts[2].startsWith("*"), texts[4].startsWith("*"));
        if (!fields.canFire()) {
            throw new CronParseException("Invalid cron '" + expression + "': it never fires, day-of-month '"
                    + texts[2] + "' does not occur in month '" + texts[3] + "'");
        }
        return fields;
    }

    private long field(CronField field, String text) {
        long mask = 0;
        for (String item : text.split(",", -1)) {
            if (item.isEmpty()) {
                throw fail(field.label + " list '" + text + "' has an empty element");
            }
            mask |= item(field, item);
        }
        if (field == CronField.DAY_OF_WEEK && (mask & (1L << 7)) != 0) {
            mask = (mask & ~(1L << 7)) | 1L; // 7 is Sunday, like 0
        }
        return mask;
    }

    private long item(CronField field, String item) {
        String range = item;
        int step = 1;
        int slash = item.indexOf('/');
        if (slash >= 0) {
            range = item.substring(0, slash);
            String stepText = item.substring(slash + 1);
            step = number(stepText);
            if (step < 0) {
                throw fail(field.label + " step '" + stepText + "' in '" + item + "' is not a number in 1-" + field.max);
            }
            if (step < 1 || step > field.max) {
                throw fail(field.label + " step '" + stepText + "' in '" + item + "' is outside 1-" + field.max);
            }
        }
        int low;
        int high;
        int dash = range.indexOf('-');
        if (range.equals("*")) {
            low = field.min;
            high = field.max;
        } else if (dash >= 0) {
            low = value(field, item, range.substring(0, dash));
            high = value(field, item, range.substring(dash + 1));
            if (field == CronField.DAY_OF_WEEK && high == 0 && low > 0) {
                high = 7; // as cronie: a range ending on Sunday (0 or SUN), e.g. SAT-SUN, ends on 7
            }
            if (low > high) {
                throw fail(field.label + " range '" + range + "' is reversed: " + low + " is after " + high);
            }
        } else {
            low = value(field, item, range);
            high = slash >= 0 ? field.max : low;
        }
        long mask = 0;
        for (int v = low; v <= high; v += step) {
            mask |= 1L << v;
        }
        return mask;
    }

    private int value(CronField field, String item, String text) {
        if (text.isEmpty()) {
            throw fail(field.label + " item '" + item + "' is missing a value");
        }
        int value = number(text);
        if (value < 0) {
            value = field.valueOfName(text);
            if (value < 0) {
                throw fail(field.label + " value '" + text + "' is not a number"
                        + (field.names.isEmpty() ? ""
                                : " or a name " + field.names.getFirst() + "-" + field.names.getLast()));
            }
        }
        if (value < field.min || value > field.max) {
            throw fail(field.label + " value '" + text + "' is outside " + field.min + "-" + field.max);
        }
        return value;
    }

    /**
     * @return the non-negative number in {@code text} ({@link Integer#MAX_VALUE} when it is larger, so
     *         that it is reported as out of range), or -1 when it is not plain digits
     */
    private static int number(String text) {
        if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        String digits = text.replaceFirst("^0+(?=.)", "");
        return digits.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(digits);
    }

    private CronParseException fail(String detail) {
        return new CronParseException("Invalid cron '" + raw + "': " + detail);
    }

    /** @return the month's maximum length, February counting 29 */
    static int maxLength(int month) {
        return Month.of(month).maxLength();
    }
}
