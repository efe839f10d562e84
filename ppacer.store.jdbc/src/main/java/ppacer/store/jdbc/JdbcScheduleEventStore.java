package ppacer.store.jdbc;

import java.util.List;
import ppacer.api.spi.ScheduleEvent;
import ppacer.api.spi.ScheduleEventStore;
import ppacer.api.spi.ScheduleEventType;

/** The schedule-event audit log; absent instants are NULL. */
final class JdbcScheduleEventStore implements ScheduleEventStore {
    private final JdbcGateway db;

    JdbcScheduleEventStore(JdbcGateway db) {
        this.db = db;
    }

    @Override
    public void insert(List<ScheduleEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        db.tx("Inserting " + events.size() + " schedule event(s) of DAG '" + events.getFirst().dagId() + "'", tx -> {
            for (ScheduleEvent e : events) {
                // NULLs are written as literals: drivers differ on untyped null parameters
                JdbcGateway.dml(tx, "INSERT INTO schedule_events (dag_id, event_type, scheduled_at, next_at, created_at) VALUES (?, ?, "
                                + literal(Micros.ofNullable(e.scheduledAt())) + ", " + literal(Micros.ofNullable(e.nextAt()))
                                + ", ?)", e.dagId(), e.type().name(), Micros.of(e.createdAt()));
            }
            return null;
        });
    }

    private static String literal(Long micros) {
        return micros == null ? "NULL" : micros.toString();
    }

    @Override
    public List<ScheduleEvent> recent(String dagId, int limit) {
        return db.query("Reading schedule events of DAG '" + dagId + "'", "SELECT dag_id, event_type, scheduled_at, "
                        + "next_at, created_at FROM schedule_events WHERE dag_id = ? ORDER BY event_id DESC LIMIT ?",
                r -> new ScheduleEvent(JdbcGateway.str(r, "dag_id"), ScheduleEventType.valueOf(JdbcGateway.str(r, "event_type")),
                        Micros.toOptional(JdbcGateway.raw(r, "scheduled_at")), Micros.toOptional(JdbcGateway.raw(r, "next_at")),
                        Micros.toInstant(JdbcGateway.raw(r, "created_at"))), dagId, Math.max(0, limit));
    }
}
