package ppacer.api.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronScheduleInWordsTest {

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            * * * * *              | every minute
            */15 * * * *           | every 15 minutes
            0,20,40 * * * *        | every 20 minutes
            */15 9-17 * * MON-FRI  | every 15 minutes between 09:00 and 17:59 on Monday through Friday
            * 9 * * *              | every minute between 09:00 and 09:59
            @hourly                | every hour
            5 * * * *              | every hour at minute 5
            0,30 * * * *           | every 30 minutes
            0,45 * * * *           | every hour at minutes 0 and 45
            0 9 * * MON-FRI        | at 09:00 on Monday through Friday
            0 9 * * 1,3,5          | at 09:00 on Monday, Wednesday and Friday
            0 18 * * 5-7           | at 18:00 on Friday through Sunday
            0 9,17 * * *           | at 09:00 and 17:00 every day
            0,30 9 * * *           | at 09:00 and 09:30 every day
            @daily                 | at 00:00 every day
            @weekly                | at 00:00 on Sunday
            @monthly               | at 00:00 on day 1 of the month
            @yearly                | at 00:00 on January 1
            0 0 29 2 *             | at 00:00 on February 29
            0 0 1,15 * *           | at 00:00 on days 1 and 15 of the month
            30 6 * 6-8 *           | at 06:30 every day in June through August
            0 0 13 * FRI           | at 00:00 on day 13 of the month or on Friday
            0 0 1 1,7 *            | at 00:00 on day 1 of the month in January and July
            0 */2 * * *            | every 2 hours
            15 */4 * * *           | every 4 hours at minute 15
            0 */6 * * *            | at 00:00, 06:00, 12:00 and 18:00 every day
            */7 * * * *            | */7 * * * *
            0 0 */2 * FRI          | 0 0 */2 * FRI
            0 1,5,9,13,17,21 * * * | at 01:00, 05:00, 09:00, 13:00, 17:00 and 21:00 every day
            0 1,5,9,13,17,21,22 * * * | 0 1,5,9,13,17,21,22 * * *
            */15 9 * * *           | at 09:00, 09:15, 09:30 and 09:45 every day
            */20 9-10 * * *        | every 20 minutes between 09:00 and 10:59
            */20 9-11 * * *        | every 20 minutes between 09:00 and 11:59
            """)
    void common_shapes_are_described_in_english(String expression, String words) {
        assertEquals(words, CronSchedule.parse(expression, ZoneOffset.UTC).inWords());
    }
}
