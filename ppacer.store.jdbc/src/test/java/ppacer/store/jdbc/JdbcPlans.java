package ppacer.store.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import ppacer.api.TaskStatus;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.AttemptTransition;
import ppacer.store.tck.QueryPlan;

/**
 * The hot queries of the JDBC store explained by PostgreSQL ({@code EXPLAIN}, text format) or
 * MySQL/MariaDB ({@code EXPLAIN}, one row per table) after {@code ANALYZE}, as the server plans them
 * with the statistics of the data in the store.
 */
final class JdbcPlans {
    /** PostgreSQL: "Seq Scan on t a", "Index Scan [Backward] using i on t a", "Index Only Scan using i on t b". */
    private static final Pattern PG_SCAN = Pattern.compile("(Seq Scan|Index Only Scan|Index Scan|Index Scan Backward) "
            + "(?:using \\w+ )?on (\\w+)");
    private static final Map<String, String> ALIASES = Map.of("a", "task_attempts", "b", "task_attempts", "r", "dag_runs",
            "task_attempts", "task_attempts", "dag_runs", "dag_runs");

    private JdbcPlans() {
    }

    static Map<String, QueryPlan> hotQueryPlans(TestDatabase db, long runId, AttemptKey key, String dagId, List<Long> page) {
        try (Connection c = DriverManager.getConnection(db.url)) {
            try (Statement st = c.createStatement()) {
                st.execute(db.dialect == Dialect.POSTGRESQL ? "ANALYZE task_attempts, dag_runs"
                        : "ANALYZE TABLE task_attempts, dag_runs");
            }
            String in = String.join(", ", Collections.nCopies(page.size(), "?"));
            Map<String, QueryPlan> plans = new LinkedHashMap<>();
            plans.put("find(key)", explain(c, db.dialect, JdbcAttemptStore.FIND, key.runId(), key.taskId(), key.attempt()));
            plans.put("latest(runId)", explain(c, db.dialect, JdbcAttemptStore.LATEST, runId));
            plans.put("unfinished()", explain(c, db.dialect, JdbcAttemptStore.UNFINISHED));
            try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + TransitionSql.UPDATE)) {
                TransitionSql.bind(ps, AttemptTransition.of(key, TaskStatus.SCHEDULED, TaskStatus.RUNNING, Instant.EPOCH));
                plans.put("transition", plan(ps, db.dialect));
            }
            plans.put("dagRuns().latest(dagId)", explain(c, db.dialect, JdbcDagRunStore.LATEST, dagId));
            plans.put("dagRuns().unfinished()", explain(c, db.dialect, JdbcDagRunStore.UNFINISHED));
            plans.put("dagRuns().recent(...)", explain(c, db.dialect, JdbcDagRunStore.recentSql(false, false), 20));
            plans.put("dagRuns().recent(dag, before)",
                    explain(c, db.dialect, JdbcDagRunStore.recentSql(true, true), dagId, runId, 20));
            plans.put("dagRuns().recent(...) progress",
                    explain(c, db.dialect, JdbcDagRunStore.PROGRESS.formatted(in),
                            Stream.concat(page.stream(), page.stream()).toArray()));
            return plans;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot explain the hot queries on " + db.name + ": " + e.getMessage(), e);
        }
    }

    private static QueryPlan explain(Connection c, Dialect d, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return plan(ps, d);
        }
    }

    private static QueryPlan plan(PreparedStatement ps, Dialect d) throws SQLException {
        List<String> lines = new ArrayList<>();
        List<String> full = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                if (d == Dialect.POSTGRESQL) {
                    lines.add(rs.getString(1));
                } else {
                    String table = rs.getString("table");
                    String type = rs.getString("type");
                    lines.add(table + ": type=" + type + " key=" + rs.getString("key") + " rows=" + rs.getString("rows"));
                    // ALL: every row of the table; index: every entry of an index
                    if (("ALL".equals(type) || "index".equals(type)) && ALIASES.containsKey(table)) {
                        full.add(ALIASES.get(table));
                    }
                }
            }
        }
        if (d == Dialect.POSTGRESQL) {
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = PG_SCAN.matcher(lines.get(i));
                if (m.find() && ALIASES.containsKey(m.group(2))
                        && (m.group(1).startsWith("Seq") || !hasIndexCondition(lines, i))) {
                    full.add(ALIASES.get(m.group(2)));
                }
            }
        }
        return new QueryPlan(String.join(" | ", lines.stream().map(String::strip).toList()), full);
    }

    /** Whether the index scan node at {@code node} has an "Index Cond" (a lookup or range, not a walk of the whole index). */
    private static boolean hasIndexCondition(List<String> lines, int node) {
        for (int i = node + 1; i < lines.size() && !lines.get(i).contains("->"); i++) {
            if (lines.get(i).contains("Index Cond:")) {
                return true;
            }
        }
        return false;
    }
}
