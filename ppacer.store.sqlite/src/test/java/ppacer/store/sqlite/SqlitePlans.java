package ppacer.store.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ppacer.api.TaskStatus;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.Store;
import ppacer.store.tck.QueryPlan;

/** The hot queries of the SQLite store explained ({@code EXPLAIN QUERY PLAN}) on the store's own connection. */
final class SqlitePlans {
    /**
     * "SCAN t", "SCAN t USING INDEX i", "SCAN t USING COVERING INDEX i": a whole table or index is read;
     * a whole partial index (one with a WHERE clause) holds only the rows the query wants.
     */
    private static final Pattern SCAN = Pattern.compile("^SCAN (\\w+)(?: USING (?:COVERING )?INDEX (\\w+))?");

    private SqlitePlans() {
    }

    static Map<String, QueryPlan> hotQueryPlans(Store store, long runId, AttemptKey key, String dagId) {
        SqliteGateway db = ((SqliteStore) store).db();
        Map<String, String> attempts = Map.of("task_attempts", "task_attempts", "a", "task_attempts", "b", "task_attempts");
        Map<String, String> runs = Map.of("dag_runs", "dag_runs");
        Map<String, String> recent = Map.of("dag_runs", "dag_runs", "a", "task_attempts", "b", "task_attempts");
        long now = Sql.micros(Instant.EPOCH);
        Map<String, QueryPlan> plans = new LinkedHashMap<>();
        plans.put("find(key)", explain(db, attempts, SqliteAttemptStore.FIND, key.runId(), key.taskId(), key.attempt()));
        plans.put("latest(runId)", explain(db, attempts, SqliteAttemptStore.LATEST, runId));
        plans.put("unfinished()", explain(db, attempts, SqliteAttemptStore.UNFINISHED));
        plans.put("transition", explain(db, attempts, SqliteAttemptStore.TRANSITION, "RUNNING", now, now, null, null, null,
                false, null, null, key.runId(), key.taskId(), key.attempt(), TaskStatus.SCHEDULED.name()));
        plans.put("dagRuns().latest(dagId)", explain(db, runs, SqliteDagRunStore.LATEST, dagId));
        plans.put("dagRuns().unfinished()", explain(db, runs, SqliteDagRunStore.UNFINISHED_RUNS));
        plans.put("dagRuns().recent(...)", explain(db, recent, SqliteDagRunStore.recentSql(false, false), 20));
        plans.put("dagRuns().recent(dag, before)", explain(db, recent, SqliteDagRunStore.recentSql(true, true), dagId, runId, 20));
        return plans;
    }

    /**
     * @param tables table name of each name (table or alias) the query uses; other names (subqueries) are not tables
     */
    private static QueryPlan explain(SqliteGateway db, Map<String, String> tables, String sql, Object... params) {
        return db.read(() -> "explain " + sql, s -> {
            PreparedStatement ps = s.prepare("EXPLAIN QUERY PLAN " + sql);
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<String> lines = new ArrayList<>();
            List<String> full = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String detail = rs.getString("detail");
                    lines.add(detail);
                    Matcher m = SCAN.matcher(detail);
                    if (m.find() && tables.containsKey(m.group(1)) && !partial(s, m.group(2))) {
                        full.add(tables.get(m.group(1)));
                    }
                }
            }
            return new QueryPlan(String.join(" | ", lines), full);
        });
    }

    private static boolean partial(Session s, String index) throws java.sql.SQLException {
        if (index == null) {
            return false;
        }
        PreparedStatement ps = s.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?");
        ps.setString(1, index);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getString(1) != null && rs.getString(1).toUpperCase(java.util.Locale.ROOT).contains(" WHERE ");
        }
    }
}
