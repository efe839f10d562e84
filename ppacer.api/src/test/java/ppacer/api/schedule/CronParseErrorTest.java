package ppacer.api.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expressions that do not parse fail with a message naming the expression, field and value. */
class CronParseErrorTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            61 * * * *       | Invalid cron '61 * * * *': minute value '61' is outside 0-59
            * 24 * * *       | Invalid cron '* 24 * * *': hour value '24' is outside 0-23
            0 0 0 * *        | Invalid cron '0 0 0 * *': day-of-month value '0' is outside 1-31
            0 0 * 13 *       | Invalid cron '0 0 * 13 *': month value '13' is outside 1-12
            0 0 * * 8        | Invalid cron '0 0 * * 8': day-of-week value '8' is outside 0-7
            * * * *          | Invalid cron '* * * *': expected 5 fields (minute hour day-of-month month day-of-week) or a macro, found 4
            * * * * * *      | Invalid cron '* * * * * *': expected 5 fields (minute hour day-of-month month day-of-week) or a macro, found 6
            "  "             | Invalid cron '  ': expected 5 fields (minute hour day-of-month month day-of-week) or a macro, found 0
            0 0 * FOO *      | Invalid cron '0 0 * FOO *': month value 'FOO' is not a number or a name JAN-DEC
            0 0 * * FOO      | Invalid cron '0 0 * * FOO': day-of-week value 'FOO' is not a number or a name SUN-SAT
            0 MON * * *      | Invalid cron '0 MON * * *': hour value 'MON' is not a number
            -5 * * * *       | Invalid cron '-5 * * * *': minute item '-5' is missing a value
            1- * * * *       | Invalid cron '1- * * * *': minute item '1-' is missing a value
            */0 * * * *      | Invalid cron '*/0 * * * *': minute step '0' in '*/0' is outside 1-59
            */x * * * *      | Invalid cron '*/x * * * *': minute step 'x' in '*/x' is not a number in 1-59
            0 */24 * * *     | Invalid cron '0 */24 * * *': hour step '24' in '*/24' is outside 1-23
            */99999999999 * * * * | Invalid cron '*/99999999999 * * * *': minute step '99999999999' in '*/99999999999' is outside 1-59
            99999999999 * * * *   | Invalid cron '99999999999 * * * *': minute value '99999999999' is outside 0-59
            0 0 1-99999999999 * * | Invalid cron '0 0 1-99999999999 * *': day-of-month value '99999999999' is outside 1-31
            0 0 * * 000000000008 | Invalid cron '0 0 * * 000000000008': day-of-week value '000000000008' is outside 0-7
            30-10 * * * *    | Invalid cron '30-10 * * * *': minute range '30-10' is reversed: 30 is after 10
            0 0 * * FRI-MON  | Invalid cron '0 0 * * FRI-MON': day-of-week range 'FRI-MON' is reversed: 5 is after 1
            0 0 * * 6-1      | Invalid cron '0 0 * * 6-1': day-of-week range '6-1' is reversed: 6 is after 1
            0 0 * JUN-JAN *  | Invalid cron '0 0 * JUN-JAN *': month range 'JUN-JAN' is reversed: 6 is after 1
            1,,2 * * * *     | Invalid cron '1,,2 * * * *': minute list '1,,2' has an empty element
            "0 0 1, * *"     | Invalid cron '0 0 1, * *': day-of-month list '1,' has an empty element
            @fortnightly     | Invalid cron '@fortnightly': unknown macro '@fortnightly'; expected one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly
            @reboot          | Invalid cron '@reboot': unknown macro '@reboot'; expected one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly
            @daily 5         | Invalid cron '@daily 5': expected 5 fields (minute hour day-of-month month day-of-week) or a macro, found 2
            0 0 31 2 *       | Invalid cron '0 0 31 2 *': it never fires, day-of-month '31' does not occur in month '2'
            0 0 30,31 FEB *  | Invalid cron '0 0 30,31 FEB *': it never fires, day-of-month '30,31' does not occur in month 'FEB'
            0 0 31 4,6,9,11 *| Invalid cron '0 0 31 4,6,9,11 *': it never fires, day-of-month '31' does not occur in month '4,6,9,11'
            """)
    void bad_expression_is_refused_with_its_reason(String expression, String message) {
        CronParseException error = assertThrows(CronParseException.class,
                () -> CronSchedule.parse(expression, ZoneOffset.UTC));
        assertEquals(message, error.getMessage());
    }

    @Test
    void a_character_no_field_can_hold_is_named_with_its_position() {
        assertMessage("0 0 *\u00A0* *",
                "Invalid cron '0 0 *\u00A0* *': unexpected character U+00A0 NO-BREAK SPACE at position 6;"
                        + " fields are separated by ASCII spaces or tabs");
        assertMessage("0\u20039 * * *",
                "Invalid cron '0\u20039 * * *': unexpected character U+2003 EM SPACE at position 2;"
                        + " fields are separated by ASCII spaces or tabs");
        assertMessage("0 0 * * MON\u2013FRI",
                "Invalid cron '0 0 * * MON\u2013FRI': unexpected character U+2013 EN DASH at position 12;"
                        + " fields are separated by ASCII spaces or tabs");
        assertMessage("0 0 * * \uD83D\uDE00",
                "Invalid cron '0 0 * * \uD83D\uDE00': unexpected character U+1F600 GRINNING FACE at position 9;"
                        + " fields are separated by ASCII spaces or tabs");
    }

    @Test
    void ascii_whitespace_still_separates_fields() {
        CronSchedule.parse("\t0\t0 *\n* *\r\n", ZoneOffset.UTC);
    }

    private static void assertMessage(String expression, String message) {
        CronParseException error = assertThrows(CronParseException.class,
                () -> CronSchedule.parse(expression, ZoneOffset.UTC));
        assertEquals(message, error.getMessage());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            0 0 * * SAT-SUN
            0 0 * * FRI-SUN
            0 0 * * 5-0
            0 0 * * 7-0
            0 0 31 2 MON
            0 0 29 2 *
            0 0 30 1-2 *
            59 23 31 12 7
            0-59/59 0-23/23 1-31/30 1-12/11 0-7/7
            """)
    void unusual_but_valid_expression_parses(String expression) {
        CronSchedule.parse(expression, ZoneOffset.UTC);
    }
}
