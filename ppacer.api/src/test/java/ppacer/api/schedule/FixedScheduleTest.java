package ppacer.api.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import ppacer.api.DagDefinitionException;

class FixedScheduleTest {
    private static final Instant START = Instant.parse("2024-06-01T12:00:00Z");

    @ParameterizedTest(name = "[{index}] every {1} from {0}, after {2} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            # before the start: the start itself
            2024-06-01T12:00:00Z | PT10S  | 2024-01-01T00:00:00Z           | 2024-06-01T12:00:00Z
            2024-06-01T12:00:00Z | PT10S  | 2024-06-01T11:59:59.999999999Z | 2024-06-01T12:00:00Z
            # exactly on a point: the next one
            2024-06-01T12:00:00Z | PT10S  | 2024-06-01T12:00:00Z           | 2024-06-01T12:00:10Z
            2024-06-01T12:00:00Z | PT10S  | 2024-06-01T12:00:30Z           | 2024-06-01T12:00:40Z
            # between points
            2024-06-01T12:00:00Z | PT10S  | 2024-06-01T12:00:00.000000001Z | 2024-06-01T12:00:10Z
            2024-06-01T12:00:00Z | PT10S  | 2024-06-01T12:00:39.5Z         | 2024-06-01T12:00:40Z
            # daylight saving does not move it: plain durations
            2024-03-30T02:30:00Z | P1D    | 2024-03-31T02:30:00Z           | 2024-04-01T02:30:00Z
            # large gaps, also beyond the ~292 years a long of nanos can hold
            2024-06-01T12:00:00Z | PT1H   | 2124-06-01T12:30:00Z           | 2124-06-01T13:00:00Z
            0001-01-01T00:00:00Z | PT0.5S | 9000-01-01T00:00:00.2Z         | 9000-01-01T00:00:00.5Z
            0001-01-01T00:00:00Z | PT1.5S | 9000-01-01T00:00:00Z           | 9000-01-01T00:00:01.5Z
            1970-01-01T00:00:00Z | PT0.000000001S | 2500-01-01T00:00:00Z  | 2500-01-01T00:00:00.000000001Z
            """)
    void next_is_the_first_grid_point_strictly_after(String start, String interval, String after, String expected) {
        FixedSchedule schedule = Schedule.every(Duration.parse(interval), Instant.parse(start));
        assertEquals(Instant.parse(expected), schedule.next(Instant.parse(after)));
    }

    @Test
    void start_is_reported() {
        assertEquals(Optional.of(START), Schedule.every(Duration.ofMinutes(5), START).start());
    }

    @Test
    void describe_gives_the_interval() {
        assertEquals("every 10s", Schedule.every(Duration.ofSeconds(10), START).describe());
        assertEquals("every 1h30m", Schedule.every(Duration.ofMinutes(90), START).describe());
        assertEquals("every 24h", Schedule.every(Duration.ofDays(1), START).describe());
        assertEquals("every 0.5s", Schedule.every(Duration.ofMillis(500), START).describe());
    }

    @Test
    void interval_must_be_positive() {
        assertEquals("Fixed schedule interval must be positive, was PT0S",
                assertThrows(DagDefinitionException.class, () -> Schedule.every(Duration.ZERO, START)).getMessage());
        assertEquals("Fixed schedule interval must be positive, was PT-1S",
                assertThrows(DagDefinitionException.class, () -> Schedule.every(Duration.ofSeconds(-1), START))
                        .getMessage());
    }
}
