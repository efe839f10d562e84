package ppacer.api.spi;

import java.util.List;

/** The schedule-event audit log. */
public interface ScheduleEventStore {
    /**
     * Appends events in one transaction.
     *
     * @param events the events
     */
    void insert(List<ScheduleEvent> events);

    /**
     * @param dagId the DAG
     * @param limit at most this many
     * @return the newest events first
     */
    List<ScheduleEvent> recent(String dagId, int limit);
}
