package ppacer.store.sqlite;

import static ppacer.store.sqlite.Sql.instant;
import static ppacer.store.sqlite.Sql.micros;
import static ppacer.store.sqlite.Sql.optionalInstant;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import ppacer.api.spi.ScheduleEvent;
import ppacer.api.spi.ScheduleEventStore;
import ppacer.api.spi.ScheduleEventType;

/** The {@code schedule_events} audit log. */
final class SqliteScheduleEventStore implements ScheduleEventStore {
    private final SqliteGateway db;

    SqliteScheduleEventStore(SqliteGateway db) {
        this.db = db;
    }

    @Override
    public void insert(List<ScheduleEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        db.write(() -> "insert " + events.size() + " schedule events", s -> {
            insert(s, events);
            return null;
        });
    }

    /** Inserts schedule events in the caller's transaction. */
    static void insert(Session s, List<ScheduleEvent> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        PreparedStatement ps = s.prepare("INSERT INTO schedule_events (dag_id, event_type, scheduled_at, next_at, "
                + "created_at) VALUES (?, ?, ?, ?, ?)");
        for (ScheduleEvent e : events) {
            ps.setString(1, e.dagId());
            ps.setString(2, e.type().name());
            Sql.setOptionalInstant(ps, 3, e.scheduledAt());
            Sql.setOptionalInstant(ps, 4, e.nextAt());
            ps.setLong(5, micros(e.createdAt()));
            ps.executeUpdate();
        }
    }

    @Override
    public List<ScheduleEvent> recent(String dagId, int limit) {
        return db.read(() -> "read schedule events of DAG '" + dagId + "'", s -> {
            PreparedStatement ps = s.prepare("SELECT dag_id, event_type, scheduled_at, next_at, created_at "
                    + "FROM schedule_events WHERE dag_id = ? ORDER BY created_at DESC, event_id DESC LIMIT ?");
            ps.setString(1, dagId);
            ps.setInt(2, limit);
            List<ScheduleEvent> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ScheduleEvent(rs.getString("dag_id"), ScheduleEventType.valueOf(rs.getString("event_type")),
                            optionalInstant(rs, "scheduled_at"), optionalInstant(rs, "next_at"),
                            instant(rs, "created_at")));
                }
            }
            return out;
        });
    }
}
