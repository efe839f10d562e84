package ppacer.api.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Checks {@link CronSchedule#next(Instant)} against a brute-force reference around DST changes:
 * every local minute of a few days is matched field by field and mapped to an instant by the
 * documented rule ({@link ZonedDateTime#of}: gaps shift forward, overlaps take the earlier offset).
 * The fire times are the set of those instants; next(x) must be the first one after x.
 */
class CronScheduleCrossCheckTest {
    private static final String[] EXPRESSIONS = {
        "* * * * *", "*/15 * * * *", "*/7 1-3 * * *", "30 2 * * *", "0 2,3 * * *", "0 * * * *",
        "45 1,2 * * *", "0,30 2 * * SUN,MON,SAT", "59 1 * * *", "0 0 * * *", "15,45 0-4 * * *",
        "0 0 13 * FRI", "0 12 */2 * SUN",
    };

    @ParameterizedTest(name = "[{index}] {0} around {1}")
    @CsvSource(delimiter = '|', textBlock = """
            Europe/Warsaw       | 2024-03-29T00:00
            Europe/Warsaw       | 2024-10-25T00:00
            America/New_York    | 2024-03-08T00:00
            America/New_York    | 2024-11-01T00:00
            Australia/Lord_Howe | 2024-04-05T00:00
            Australia/Lord_Howe | 2024-10-04T00:00
            UTC                 | 2024-02-27T00:00
            """)
    void next_agrees_with_brute_force(String zoneName, String windowStart) {
        ZoneId zone = ZoneId.of(zoneName);
        LocalDateTime first = LocalDateTime.parse(windowStart);
        LocalDateTime last = first.plusDays(5);
        Instant probeFrom = ZonedDateTime.of(first.plusDays(1), zone).toInstant();
        Instant probeTo = ZonedDateTime.of(last.minusDays(1), zone).toInstant();
        int checked = 0;
        for (String expression : EXPRESSIONS) {
            CronFields fields = CronParser.parse(expression);
            CronSchedule cron = CronSchedule.parse(expression, zone);
            TreeSet<Instant> fires = new TreeSet<>();
            for (LocalDateTime t = first; t.isBefore(last); t = t.plusMinutes(1)) {
                if (CronFields.has(fields.minutes(), t.getMinute()) && CronFields.has(fields.hours(), t.getHour())
                        && CronFields.has(fields.months(), t.getMonthValue()) && fields.matchesDay(t.toLocalDate())) {
                    fires.add(ZonedDateTime.of(t, zone).toInstant());
                }
            }
            for (Instant x = probeFrom; x.isBefore(probeTo); x = x.plusSeconds(60)) {
                for (Instant probe : new Instant[] {x, x.plusSeconds(30), x.minusNanos(1)}) {
                    Instant expected = fires.higher(probe);
                    if (expected != null && expected.isBefore(probeTo)) {
                        assertEquals(expected, cron.next(probe), expression + " in " + zone + " after " + probe);
                        checked++;
                    }
                }
            }
        }
        assertTrue(checked > 10_000, "checked only " + checked);
    }
}
