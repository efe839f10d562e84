package ppacer.api.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CronScheduleTest {
    private static final ZoneId WARSAW = ZoneId.of("Europe/Warsaw");
    private static final Instant JUNE = Instant.parse("2024-06-01T00:00:00Z");

    @Test
    void describe_gives_the_normalised_expression_and_the_zone() {
        CronSchedule cron = CronSchedule.parse("  0   9 * *\tMON-FRI ", WARSAW);
        assertEquals("0 9 * * MON-FRI", cron.expression());
        assertEquals("0 9 * * MON-FRI (Europe/Warsaw)", cron.describe());
        assertEquals(WARSAW, cron.zone());
        assertEquals("@daily (UTC)", CronSchedule.parse("@daily", ZoneId.of("UTC")).describe());
    }

    @Test
    void schedule_cron_uses_the_system_zone() {
        assertEquals(ZoneId.systemDefault(), Schedule.cron("@hourly").zone());
        assertEquals(WARSAW, Schedule.cron("@hourly", WARSAW).zone());
    }

    @Test
    void starting_at_returns_a_copy() {
        CronSchedule cron = CronSchedule.parse("0 9 * * *", WARSAW);
        CronSchedule started = cron.startingAt(JUNE);
        assertEquals(Optional.empty(), cron.start());
        assertEquals(Optional.of(JUNE), started.start());
        assertEquals(Instant.parse("2024-01-01T08:00:00Z"), cron.next(Instant.parse("2023-12-31T12:00:00Z")));
        assertEquals(Instant.parse("2024-06-01T07:00:00Z"), started.next(Instant.parse("2023-12-31T12:00:00Z")));
    }

    @Test
    void equality_is_on_normalised_expression_zone_and_start() {
        CronSchedule cron = CronSchedule.parse("0 9 * * *", WARSAW);
        assertEquals(cron, CronSchedule.parse(" 0 9  * * * ", WARSAW));
        assertEquals(cron.hashCode(), CronSchedule.parse(" 0 9  * * * ", WARSAW).hashCode());
        assertEquals(cron.startingAt(JUNE), CronSchedule.parse("0 9 * * *", WARSAW).startingAt(JUNE));
        assertNotEquals(cron, cron.startingAt(JUNE));
        assertNotEquals(cron, CronSchedule.parse("0 9 * * *", ZoneOffset.UTC));
        assertNotEquals(cron, CronSchedule.parse("0 10 * * *", WARSAW));
    }

    @Test
    void results_are_whole_minutes_strictly_after_the_argument() {
        CronSchedule cron = CronSchedule.parse("* * * * *", WARSAW).startingAt(Instant.parse("2024-06-01T00:00:00.5Z"));
        Instant t = Instant.parse("2024-05-31T23:00:00Z");
        for (int i = 0; i < 200; i++) {
            Instant next = cron.next(t);
            assertTrue(next.isAfter(t), next + " after " + t);
            assertEquals(0, next.getEpochSecond() % 60, next.toString());
            assertEquals(0, next.getNano(), next.toString());
            t = next;
        }
        assertEquals(Instant.parse("2024-06-01T03:20:00Z"), t);
    }

    @Test
    void rare_expressions_are_found_without_scanning_minutes() {
        CronSchedule leapDay = CronSchedule.parse("0 0 29 2 *", ZoneOffset.UTC);
        CronSchedule friday13 = CronSchedule.parse("59 23 */31 * FRI", WARSAW); // 1st of a month and a Friday (Vixie AND)
        // a minute-by-minute scan needs ~2 million steps per call; 2,000 calls must still be quick
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            Instant t = Instant.parse("2024-04-01T00:00:00Z");
            for (int i = 0; i < 1000; i++) {
                t = leapDay.next(t);
            }
            assertEquals(Instant.parse("6148-02-29T00:00:00Z"), t);
            Instant f = Instant.parse("2024-04-01T00:00:00Z");
            for (int i = 0; i < 1000; i++) {
                f = friday13.next(f);
            }
        });
        assertEquals(Instant.parse("2028-02-29T00:00:00Z"), leapDay.next(Instant.parse("2024-04-01T00:00:00Z")));
        assertEquals(Instant.parse("2024-11-01T22:59:00Z"), friday13.next(Instant.parse("2024-04-01T00:00:00Z")));
    }
}
