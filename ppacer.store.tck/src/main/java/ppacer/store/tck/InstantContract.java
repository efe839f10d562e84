package ppacer.store.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ppacer.store.tck.Fixtures.ETL;
import static ppacer.store.tck.Fixtures.REPORT;
import static ppacer.store.tck.Fixtures.key;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import ppacer.api.TaskStatus;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.AttemptTransition;
import ppacer.api.spi.DagRunRecord;
import ppacer.api.spi.NewAttempt;
import ppacer.api.spi.ScheduleEvent;
import ppacer.api.spi.ScheduleEventType;
import ppacer.api.spi.TaskAttemptRecord;
import ppacer.api.spi.TaskLogRecord;

/** Instants round-trip exactly at microsecond precision, and finer parts are truncated. */
public interface InstantContract extends StoreUnderTest {
    /** @return instants with microseconds, from several zones, across a DST overlap, and far ahead */
    private static List<Instant> samples() {
        List<Instant> out = new ArrayList<>();
        for (String zone : List.of("UTC", "Europe/Warsaw", "America/St_Johns", "Asia/Kolkata", "Pacific/Chatham",
                "America/Los_Angeles")) {
            out.add(ZonedDateTime.of(2024, 7, 15, 23, 59, 59, 123_456_000, ZoneId.of(zone)).toInstant());
        }
        ZonedDateTime overlap = LocalDateTime.of(2024, 10, 27, 2, 30, 0, 999_999_000).atZone(ZoneId.of("Europe/Warsaw"));
        out.add(overlap.withEarlierOffsetAtOverlap().toInstant());
        out.add(overlap.withLaterOffsetAtOverlap().toInstant());
        out.add(Instant.parse("2099-12-31T23:59:59.000001Z"));
        out.add(Instant.parse("1970-01-01T00:00:00.000001Z"));
        return out;
    }

    /** Instants from several zones round-trip exactly through runs, attempts, events and logs. */
    @Test
    default void instants_round_trip_at_microsecond_precision() {
        ensureStandardDags();
        for (Instant at : samples()) {
            long run = store().dagRuns().insert(new ppacer.api.spi.NewDagRun(ETL, at, ppacer.api.DagRunStatus.QUEUED, "{}",
                    ScheduleEventType.REGULAR, 1, at));
            DagRunRecord r = store().dagRuns().find(run).orElseThrow();
            assertEquals(at, r.logicalTime(), "logical time");
            assertEquals(at, r.createdAt(), "created at");
            assertEquals(Optional.of(r), store().dagRuns().find(ETL, at), "find by logical time " + at);
            AttemptKey k = key(run, "extract", 0);
            store().attempts().insert(List.of(new NewAttempt(k, TaskStatus.SCHEDULED, at)));
            store().attempts().transition(AttemptTransition.of(k, TaskStatus.SCHEDULED, TaskStatus.RUNNING, at)
                    .withLease("e", "t", at.plus(1, ChronoUnit.MICROS)));
            TaskAttemptRecord a = store().attempts().find(k).orElseThrow();
            assertEquals(at, a.scheduledAt());
            assertEquals(Optional.of(at), a.startedAt());
            assertEquals(Optional.of(at.plus(1, ChronoUnit.MICROS)), a.leaseDeadline());
            store().taskLogs().append(List.of(new TaskLogRecord(k, at, "INFO", "m", "{}")));
            assertEquals(at, store().taskLogs().read(k, 0, 1).records().getFirst().at());
            ScheduleEvent ev = new ScheduleEvent(REPORT, ScheduleEventType.REGULAR, Optional.of(at), Optional.of(at), at);
            store().scheduleEvents().insert(List.of(ev));
            assertTrue(store().scheduleEvents().recent(REPORT, 100).contains(ev), "schedule event at " + at);
        }
    }

    /** A value with nanoseconds is stored truncated to microseconds, and found by its truncated value. */
    @Test
    default void nanoseconds_are_truncated_to_microseconds() {
        Instant withNanos = Instant.parse("2024-03-01T10:00:00.123456789Z");
        Instant micros = Instant.parse("2024-03-01T10:00:00.123456Z");
        long run = newRun(ETL, withNanos);
        assertEquals(micros, store().dagRuns().find(run).orElseThrow().logicalTime());
        assertEquals(run, store().dagRuns().find(ETL, micros).orElseThrow().runId());
        AttemptKey k = key(run, "extract", 0);
        store().attempts().insert(List.of(new NewAttempt(k, TaskStatus.SCHEDULED, withNanos)));
        assertEquals(micros, store().attempts().find(k).orElseThrow().scheduledAt());
    }
}
