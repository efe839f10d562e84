package ppacer.store.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static ppacer.store.tck.Fixtures.ETL;
import static ppacer.store.tck.Fixtures.REPORT;
import static ppacer.store.tck.Fixtures.t;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import ppacer.api.spi.ScheduleEvent;
import ppacer.api.spi.ScheduleEventType;

/** Contract of {@link ppacer.api.spi.ScheduleEventStore}. */
public interface ScheduleEventContract extends StoreUnderTest {
    /** Events read back newest first, per DAG, limited. */
    @Test
    default void schedule_events_read_back_newest_first() {
        ensureStandardDags();
        ScheduleEvent first = new ScheduleEvent(ETL, ScheduleEventType.REGULAR, Optional.empty(), Optional.of(t(3600)), t(0));
        ScheduleEvent skipped = new ScheduleEvent(ETL, ScheduleEventType.SKIPPED, Optional.of(t(3600)), Optional.of(t(7200)),
                t(10));
        ScheduleEvent caught = new ScheduleEvent(ETL, ScheduleEventType.CAUGHT_UP, Optional.of(t(7200)), Optional.empty(),
                t(20));
        ScheduleEvent other = new ScheduleEvent(REPORT, ScheduleEventType.MANUALLY_TRIGGERED, Optional.of(t(5)),
                Optional.empty(), t(30));
        store().scheduleEvents().insert(List.of(first, skipped));
        store().scheduleEvents().insert(List.of(caught, other));
        store().scheduleEvents().insert(List.of());
        assertEquals(List.of(caught, skipped, first), store().scheduleEvents().recent(ETL, 10));
        assertEquals(List.of(caught, skipped), store().scheduleEvents().recent(ETL, 2));
        assertEquals(List.of(other), store().scheduleEvents().recent(REPORT, 10));
        assertEquals(List.of(), store().scheduleEvents().recent("nope", 10));
    }

    /** Several events of one DAG at the same instant are all kept. */
    @Test
    default void schedule_events_at_the_same_instant_are_kept() {
        ensureStandardDags();
        List<ScheduleEvent> burst = List.of(
                new ScheduleEvent(ETL, ScheduleEventType.SKIPPED, Optional.of(t(1)), Optional.of(t(2)), t(100)),
                new ScheduleEvent(ETL, ScheduleEventType.SKIPPED, Optional.of(t(2)), Optional.of(t(3)), t(100)),
                new ScheduleEvent(ETL, ScheduleEventType.SKIPPED, Optional.of(t(2)), Optional.of(t(3)), t(100)));
        store().scheduleEvents().insert(burst);
        assertEquals(3, store().scheduleEvents().recent(ETL, 10).size());
    }

    /**
     * Every event type is stored and read back, the overlap-policy ones included (the column is plain
     * text, at most 32 characters, with no list of allowed values).
     */
    @Test
    default void every_schedule_event_type_round_trips() {
        ensureStandardDags();
        List<ScheduleEvent> all = new java.util.ArrayList<>();
        for (ScheduleEventType type : ScheduleEventType.values()) {
            all.add(new ScheduleEvent(ETL, type, Optional.of(t(all.size())), Optional.of(t(all.size() + 1)), t(500)));
        }
        store().scheduleEvents().insert(all);
        assertEquals(all, store().scheduleEvents().recent(ETL, 100).reversed());
    }
}
