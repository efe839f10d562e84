package ppacer.api.schedule;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SATURDAY;
import static java.time.DayOfWeek.SUNDAY;
import static java.time.DayOfWeek.THURSDAY;
import static java.time.DayOfWeek.TUESDAY;
import static java.time.DayOfWeek.WEDNESDAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.Month;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class CronScheduleBuilderTest {
    private static final ZoneId WARSAW = ZoneId.of("Europe/Warsaw");

    @Test
    void builder_renders_an_equivalent_five_field_expression() {
        Instant start = Instant.parse("2024-06-01T00:00:00Z");
        CronSchedule built = CronSchedule.builder().minutes(30, 0).hours(9)
                .daysOfWeek(FRIDAY, MONDAY, TUESDAY, WEDNESDAY, THURSDAY)
                .zone(WARSAW).startingAt(start).build();

        assertEquals("0,30 9 * * MON-FRI", built.expression());
        assertEquals(CronSchedule.parse("0,30 9 * * 1-5", WARSAW).startingAt(start).next(start), built.next(start));
        assertEquals(CronSchedule.parse("0,30 9 * * MON-FRI", WARSAW).startingAt(start), built);
        assertEquals(start, built.start().orElseThrow());
    }

    @Test
    void unset_fields_are_stars_and_runs_become_ranges() {
        assertEquals("* * * * *", CronSchedule.builder().expression());
        assertEquals("0 1-3,5 1,2,31 JAN-MAR,DEC *", CronSchedule.builder().minutes(0).hours(5, 1, 2, 3, 3)
                .daysOfMonth(31, 2, 1).months(Month.DECEMBER, Month.JANUARY, Month.FEBRUARY, Month.MARCH).expression());
        assertEquals("*/15 */2 * * SUN,SAT", CronSchedule.builder().everyMinutes(15).everyHours(2)
                .daysOfWeek(SATURDAY, SUNDAY).expression());
    }

    @Test
    void builder_without_zone_uses_the_system_zone() {
        assertEquals(ZoneId.systemDefault(), CronSchedule.builder().build().zone());
        assertEquals(CronSchedule.builder().build().start(), java.util.Optional.empty());
    }

    @Test
    void out_of_range_values_are_refused() {
        assertEquals("Invalid cron builder call minutes(61): minute value 61 is outside 0-59",
                assertThrows(CronParseException.class, () -> CronSchedule.builder().minutes(0, 61)).getMessage());
        assertEquals("Invalid cron builder call hours(-1): hour value -1 is outside 0-23",
                assertThrows(CronParseException.class, () -> CronSchedule.builder().hours(-1)).getMessage());
        assertEquals("Invalid cron builder call daysOfMonth(0): day-of-month value 0 is outside 1-31",
                assertThrows(CronParseException.class, () -> CronSchedule.builder().daysOfMonth(0)).getMessage());
        assertEquals("Invalid cron builder call everyMinutes(0): minute step 0 is outside 1-59",
                assertThrows(CronParseException.class, () -> CronSchedule.builder().everyMinutes(0)).getMessage());
        assertEquals("Invalid cron builder call everyHours(24): hour step 24 is outside 1-23",
                assertThrows(CronParseException.class, () -> CronSchedule.builder().everyHours(24)).getMessage());
        assertEquals("Invalid cron builder call months(): give at least one month value",
                assertThrows(CronParseException.class, () -> CronSchedule.builder().months()).getMessage());
    }

    @Test
    void fields_that_never_fire_together_are_refused_at_build() {
        CronScheduleBuilder builder = CronSchedule.builder().minutes(0).hours(0).daysOfMonth(30, 31)
                .months(Month.FEBRUARY);
        assertEquals("Invalid cron '0 0 30,31 FEB *': it never fires, day-of-month '30,31' does not occur in month 'FEB'",
                assertThrows(CronParseException.class, builder::build).getMessage());
    }
}
