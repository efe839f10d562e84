package ppacer.api.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Known answers of {@link CronSchedule#next(Instant)}; times are written with their local offset. */
class CronScheduleNextTest {

    @ParameterizedTest(name = "[{index}] {0} in {1} after {2} -> {3} (start {4})")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # Europe/Warsaw spring forward 2024-03-31 02:00 CET -> 03:00 CEST: gap times shift by 1h
            30 2 * * *            | Europe/Warsaw    | 2024-03-31T00:00+01:00 | 2024-03-31T03:30+02:00 | -
            30 2 * * *            | Europe/Warsaw    | 2024-03-31T03:10+02:00 | 2024-03-31T03:30+02:00 | -
            30 2 * * *            | Europe/Warsaw    | 2024-03-31T03:30+02:00 | 2024-04-01T02:30+02:00 | -
            0 3 * * *             | Europe/Warsaw    | 2024-03-31T01:00+01:00 | 2024-03-31T03:00+02:00 | -
            0 2,3 * * *           | Europe/Warsaw    | 2024-03-31T01:00+01:00 | 2024-03-31T03:00+02:00 | -
            0 2,3 * * *           | Europe/Warsaw    | 2024-03-31T03:00+02:00 | 2024-04-01T02:00+02:00 | -
            0 * * * *             | Europe/Warsaw    | 2024-03-31T01:00+01:00 | 2024-03-31T03:00+02:00 | -
            0 * * * *             | Europe/Warsaw    | 2024-03-31T03:00+02:00 | 2024-03-31T04:00+02:00 | -
            # Europe/Warsaw fall back 2024-10-27 03:00 CEST -> 02:00 CET: repeated times fire once, first
            30 2 * * *            | Europe/Warsaw    | 2024-10-27T00:00+02:00 | 2024-10-27T02:30+02:00 | -
            30 2 * * *            | Europe/Warsaw    | 2024-10-27T02:30+02:00 | 2024-10-28T02:30+01:00 | -
            30 2 * * *            | Europe/Warsaw    | 2024-10-27T02:10+01:00 | 2024-10-28T02:30+01:00 | -
            0 * * * *             | Europe/Warsaw    | 2024-10-27T02:00+02:00 | 2024-10-27T03:00+01:00 | -
            0 9 * * *             | Europe/Warsaw    | 2024-10-26T09:00+02:00 | 2024-10-27T09:00+01:00 | -
            # America/New_York spring forward 2024-03-10 02:00 EST -> 03:00 EDT
            30 2 * * *            | America/New_York | 2024-03-10T00:00-05:00 | 2024-03-10T03:30-04:00 | -
            */30 * * * *          | America/New_York | 2024-03-10T01:30-05:00 | 2024-03-10T03:00-04:00 | -
            */30 * * * *          | America/New_York | 2024-03-10T03:00-04:00 | 2024-03-10T03:30-04:00 | -
            */30 * * * *          | America/New_York | 2024-03-10T03:30-04:00 | 2024-03-10T04:00-04:00 | -
            # America/New_York fall back 2024-11-03 02:00 EDT -> 01:00 EST
            30 1 * * *            | America/New_York | 2024-11-03T00:00-04:00 | 2024-11-03T01:30-04:00 | -
            30 1 * * *            | America/New_York | 2024-11-03T01:30-04:00 | 2024-11-04T01:30-05:00 | -
            0 * * * *             | America/New_York | 2024-11-03T01:00-04:00 | 2024-11-03T02:00-05:00 | -
            # Australia/Lord_Howe springs forward by 30 minutes, 2024-10-06 02:00 -> 02:30: 02:07 shifts to
            # 02:37, but 02:35 (real) comes first
            */7 1-3 * * *         | Australia/Lord_Howe | 2024-10-06T02:30+11:00 | 2024-10-06T02:35+11:00 | -
            */7 1-3 * * *         | Australia/Lord_Howe | 2024-10-06T02:35+11:00 | 2024-10-06T02:37+11:00 | -
            # leap days and short months
            0 0 29 2 *            | UTC              | 2024-04-01T00:00Z      | 2028-02-29T00:00Z      | -
            0 0 29 2 *            | UTC              | 2096-03-01T00:00Z      | 2104-02-29T00:00Z      | -
            0 0 31 * *            | UTC              | 2024-04-01T00:00Z      | 2024-05-31T00:00Z      | -
            0 0 31 * *            | UTC              | 2024-05-31T00:00Z      | 2024-07-31T00:00Z      | -
            # working hours: Friday evening to Monday morning, and inside the window
            */15 9-17 * * MON-FRI | UTC              | 2024-06-07T17:45Z      | 2024-06-10T09:00Z      | -
            */15 9-17 * * MON-FRI | UTC              | 2024-06-08T12:00Z      | 2024-06-10T09:00Z      | -
            */15 9-17 * * MON-FRI | UTC              | 2024-06-10T09:07Z      | 2024-06-10T09:15Z      | -
            */15 9-17 * * mon-fri | Europe/Warsaw    | 2024-06-10T17:50+02:00 | 2024-06-11T09:00+02:00 | -
            @yearly               | UTC              | 2024-01-01T00:00Z      | 2025-01-01T00:00Z      | -
            @annually             | Europe/Warsaw    | 2024-06-01T00:00Z      | 2025-01-01T00:00+01:00 | -
            @weekly               | UTC              | 2024-06-03T00:00Z      | 2024-06-09T00:00Z      | -
            # Vixie: day-of-month and day-of-week both restricted -> either matches
            0 0 13 * FRI          | UTC              | 2024-06-01T00:00Z      | 2024-06-07T00:00Z      | -
            0 0 13 * FRI          | UTC              | 2024-06-07T00:00Z      | 2024-06-13T00:00Z      | -
            0 0 13 * FRI          | UTC              | 2024-06-13T00:00Z      | 2024-06-14T00:00Z      | -
            # Vixie: a day field starting with * makes the day match both
            0 0 */2 * FRI         | UTC              | 2024-06-01T00:00Z      | 2024-06-07T00:00Z      | -
            0 0 */2 * FRI         | UTC              | 2024-06-07T00:00Z      | 2024-06-21T00:00Z      | -
            # Sunday as 0, 7 and SUN
            0 12 * * 0            | UTC              | 2024-06-03T00:00Z      | 2024-06-09T12:00Z      | -
            0 12 * * 7            | UTC              | 2024-06-03T00:00Z      | 2024-06-09T12:00Z      | -
            0 12 * * Sun          | UTC              | 2024-06-03T00:00Z      | 2024-06-09T12:00Z      | -
            0 12 * * 5-7          | UTC              | 2024-06-08T13:00Z      | 2024-06-09T12:00Z      | -
            # a day-of-week range ending on Sunday written 0 or SUN ends on 7, as in cronie
            0 0 * * SAT-SUN       | UTC              | 2024-06-03T00:00Z      | 2024-06-08T00:00Z      | -
            0 0 * * SAT-SUN       | UTC              | 2024-06-08T00:00Z      | 2024-06-09T00:00Z      | -
            0 0 * * SAT-SUN       | UTC              | 2024-06-09T00:00Z      | 2024-06-15T00:00Z      | -
            0 0 * * FRI-SUN       | UTC              | 2024-06-03T00:00Z      | 2024-06-07T00:00Z      | -
            0 0 * * FRI-SUN       | UTC              | 2024-06-09T00:00Z      | 2024-06-14T00:00Z      | -
            0 0 * * 5-0           | UTC              | 2024-06-08T00:00Z      | 2024-06-09T00:00Z      | -
            0 0 * * 5-0           | UTC              | 2024-06-09T00:00Z      | 2024-06-14T00:00Z      | -
            0 0 * * 1-0/3         | UTC              | 2024-06-03T00:00Z      | 2024-06-06T00:00Z      | -
            0 0 * * 1-0/3         | UTC              | 2024-06-06T00:00Z      | 2024-06-09T00:00Z      | -
            # steps, names
            5/10 * * * *          | UTC              | 2024-06-03T10:05Z      | 2024-06-03T10:15Z      | -
            5/10 * * * *          | UTC              | 2024-06-03T10:55Z      | 2024-06-03T11:05Z      | -
            1-30/5 0 * * *        | UTC              | 2024-06-03T00:26Z      | 2024-06-04T00:01Z      | -
            0 0 1 jan,Jul *       | UTC              | 2024-01-01T00:00Z      | 2024-07-01T00:00Z      | -
            # strictly after, minute granularity
            0 9 * * *             | UTC              | 2024-06-03T09:00Z      | 2024-06-04T09:00Z      | -
            0 9 * * *             | UTC              | 2024-06-03T08:59:59.999999999Z | 2024-06-03T09:00Z | -
            * * * * *             | UTC              | 2024-06-03T09:00:30Z   | 2024-06-03T09:01Z      | -
            # start: never before it, and the start itself counts when it is a point
            0 9 * * *             | UTC              | 2024-01-01T00:00Z      | 2024-06-03T09:00Z      | 2024-06-03T09:00Z
            0 9 * * *             | UTC              | 2024-01-01T00:00Z      | 2024-06-04T09:00Z      | 2024-06-03T09:00:01Z
            0 9 * * *             | UTC              | 2024-06-03T09:00Z      | 2024-06-04T09:00Z      | 2024-06-03T09:00Z
            0 9 * * *             | UTC              | 2024-07-01T10:00Z      | 2024-07-02T09:00Z      | 2024-06-03T09:00Z
            """)
    void next_matches_known_answer(String expression, String zone, String after, String expected, String start) {
        CronSchedule cron = CronSchedule.parse(expression, ZoneId.of(zone));
        if (start != null) {
            cron = cron.startingAt(instant(start));
        }
        assertEquals(OffsetDateTime.parse(expected).toInstant(), cron.next(instant(after)));
    }

    /**
     * The DST rules the README states, walked day by day: a daily time inside the spring-forward gap
     * runs once that day, shifted by the gap; a daily time repeated by the fall-back runs once, at its
     * first (summer-time) occurrence; the days around run at the written time.
     */
    @ParameterizedTest(name = "[{index}] {0} in {1} from {2}")
    @CsvSource(delimiter = '|', textBlock = """
            30 2 * * * | Europe/Warsaw    | 2024-03-30T00:00+01:00 | 2024-03-30T02:30+01:00 2024-03-31T03:30+02:00 2024-04-01T02:30+02:00
            30 2 * * * | Europe/Warsaw    | 2024-10-26T00:00+02:00 | 2024-10-26T02:30+02:00 2024-10-27T02:30+02:00 2024-10-28T02:30+01:00
            30 2 * * * | America/New_York | 2024-03-09T00:00-05:00 | 2024-03-09T02:30-05:00 2024-03-10T03:30-04:00 2024-03-11T02:30-04:00
            30 1 * * * | America/New_York | 2024-11-02T00:00-04:00 | 2024-11-02T01:30-04:00 2024-11-03T01:30-04:00 2024-11-04T01:30-05:00
            """)
    void a_daily_time_runs_once_a_day_across_dst_changes(String expression, String zone, String from, String runs) {
        CronSchedule cron = CronSchedule.parse(expression, ZoneId.of(zone));
        java.util.List<Instant> expected = java.util.Arrays.stream(runs.split(" ")).map(CronScheduleNextTest::instant)
                .toList();
        java.util.List<Instant> actual = new java.util.ArrayList<>();
        Instant t = instant(from);
        for (int i = 0; i < expected.size(); i++) {
            t = cron.next(t);
            actual.add(t);
        }
        assertEquals(expected, actual);
    }

    private static Instant instant(String text) {
        return OffsetDateTime.parse(text).toInstant();
    }
}
