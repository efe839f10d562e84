package ppacer.loadtest;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Old history for the retention scenario on PostgreSQL and MariaDB, and for the history scenario
 * ({@link HistoryScale}) on PostgreSQL and SQLite, fast: one template run (written
 * through the store SPI, with its attempts and log lines) is copied in set-based {@code INSERT ... SELECT}
 * statements, a chunk of runs per transaction, each copy at the next minute of logical time. The copied
 * columns are read from {@code information_schema} (all but the generated ids), so that later migrations
 * are followed. Through the SPI (one transaction per run) a million attempts took minutes on MariaDB.
 * On SQLite the series is a recursive common table expression and the columns come from
 * {@code PRAGMA table_info} (all but the {@code INTEGER PRIMARY KEY} row ids).
 */
final class BulkHistory {
    /** The database a copy runs on. */
    enum Db { POSTGRES, MARIADB, SQLITE }

    /** Runs copied per transaction (with 10 attempts and 10 log lines each). */
    private static final int CHUNK = 2_000;
    private static final long MINUTE_MICROS = 60_000_000L;

    private final Connection c;
    private final Db db;
    private final boolean postgres;

    private BulkHistory(Connection c, Db db) {
        this.c = c;
        this.db = db;
        this.postgres = db == Db.POSTGRES;
    }

    /**
     * Copies the template run {@code copies} times, at logical times one minute apart after its own.
     *
     * @param jdbcUrl the store's JDBC URL (PostgreSQL with its schema, or MariaDB with its database)
     * @param postgres true for PostgreSQL, false for MariaDB
     * @param template the run to copy, with its attempts and logs
     * @param copies how many copies
     * @return the ids of the template and its copies, in logical-time order
     */
    static long[] copy(String jdbcUrl, boolean postgres, long template, int copies) throws SQLException {
        return copy(jdbcUrl, postgres ? Db.POSTGRES : Db.MARIADB, template, copies, true);
    }

    /**
     * As {@link #copy(String, boolean, long, int)}, on any of the three databases.
     *
     * @param analyze whether to refresh the statistics of the three tables afterwards (a caller copying
     *     several templates analyzes once, at the end, with {@link #analyze})
     */
    static long[] copy(String jdbcUrl, Db db, long template, int copies, boolean analyze) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl)) {
            BulkHistory bulk = new BulkHistory(c, db);
            if (db == Db.SQLITE) {
                // a fill, not a store: no fsync per commit (the WAL mode the store set stays)
                bulk.exec("PRAGMA busy_timeout = 60000");
                bulk.exec("PRAGMA synchronous = OFF");
                bulk.exec("PRAGMA cache_size = -262144");
            }
            long[] ids = bulk.copy(template, copies);
            if (analyze) {
                bulk.analyze();
            }
            return ids;
        }
    }

    /** Fresh statistics of the run, attempt and log tables, as after any bulk load. */
    static void analyze(String jdbcUrl, Db db) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl)) {
            new BulkHistory(c, db).analyze();
        }
    }

    private void analyze() throws SQLException {
        for (String table : List.of("dag_runs", "task_attempts", "task_logs")) {
            // fresh statistics, as after any bulk load: the scheduler's and the cleaner's plans must not see empty tables
            exec(db == Db.MARIADB ? "ANALYZE TABLE " + table : "ANALYZE " + table);
        }
    }

    private long[] copy(long template, int copies) throws SQLException {
        List<String> runCols = columns("dag_runs");
        List<String> attemptCols = columns("task_attempts");
        List<String> logCols = columns("task_logs");
        String dagId;
        long logical;
        try (PreparedStatement ps = c.prepareStatement("SELECT dag_id, logical_time FROM dag_runs WHERE run_id = ?")) {
            ps.setLong(1, template);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no template run " + template);
                }
                dagId = rs.getString(1);
                logical = rs.getLong(2);
            }
        }
        c.setAutoCommit(false);
        for (int lo = 1; lo <= copies; lo += CHUNK) {
            int hi = Math.min(copies, lo + CHUNK - 1);
            String series = switch (db) {
                case POSTGRES -> "generate_series(" + lo + ", " + hi + ") AS g(i)";
                case MARIADB -> "(SELECT seq AS i FROM seq_" + lo + "_to_" + hi + ") g";
                case SQLITE -> "(WITH RECURSIVE s(i) AS (SELECT " + lo + " UNION ALL SELECT i + 1 FROM s WHERE i < " + hi
                        + ") SELECT i FROM s) g";
            };
            exec("INSERT INTO dag_runs (" + String.join(", ", runCols) + ") SELECT "
                    + select(runCols, "r", "logical_time", "r.logical_time + " + (postgres ? "CAST(g.i AS BIGINT)" : "g.i") + " * " + MINUTE_MICROS)
                    + " FROM dag_runs r CROSS JOIN " + series + " WHERE r.run_id = " + template);
            String copied = " FROM dag_runs n JOIN %s x ON x.run_id = " + template + " WHERE n.dag_id = ? AND n.logical_time"
                    + " BETWEEN " + (logical + lo * MINUTE_MICROS) + " AND " + (logical + hi * MINUTE_MICROS);
            exec("INSERT INTO task_attempts (" + String.join(", ", attemptCols) + ") SELECT "
                    + select(attemptCols, "x", "run_id", "n.run_id") + copied.formatted("task_attempts"), dagId);
            exec("INSERT INTO task_logs (" + String.join(", ", logCols) + ") SELECT "
                    + select(logCols, "x", "run_id", "n.run_id") + copied.formatted("task_logs"), dagId);
            c.commit();
        }
        c.setAutoCommit(true);
        long[] ids = new long[copies + 1];
        try (PreparedStatement ps = c.prepareStatement("SELECT run_id FROM dag_runs WHERE dag_id = ? AND logical_time >= ?"
                + " AND logical_time <= ? ORDER BY logical_time")) {
            ps.setString(1, dagId);
            ps.setLong(2, logical);
            ps.setLong(3, logical + copies * MINUTE_MICROS);
            try (ResultSet rs = ps.executeQuery()) {
                int i = 0;
                while (rs.next()) {
                    if (i > copies) {
                        throw new IllegalStateException("more runs of " + dagId + " than the history in its span of logical time");
                    }
                    ids[i++] = rs.getLong(1);
                }
                if (i != copies + 1) {
                    throw new IllegalStateException(i + " history runs found, expected " + (copies + 1));
                }
            }
        }
        return ids;
    }

    private static String select(List<String> cols, String alias, String replaced, String by) {
        return String.join(", ", cols.stream().map(col -> col.equals(replaced) ? by : alias + "." + col).toList());
    }

    private void exec(String sql, String... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            ps.execute(); // ANALYZE TABLE answers a result set on MariaDB
        }
    }

    /** @return the table's columns that are not generated ids, in their order */
    private List<String> columns(String table) throws SQLException {
        if (db == Db.SQLITE) {
            return sqliteColumns(table);
        }
        String sql = postgres
                ? "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema()"
                        + " AND table_name = ? AND is_identity = 'NO' ORDER BY ordinal_position"
                : "SELECT column_name FROM information_schema.columns WHERE table_schema = DATABASE()"
                        + " AND table_name = ? AND extra NOT LIKE '%auto_increment%' ORDER BY ordinal_position";
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1).toLowerCase(java.util.Locale.ROOT));
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no columns found for table " + table);
        }
        return out;
    }

    /** SQLite: the table's columns but its row id alias (a lone {@code INTEGER PRIMARY KEY}), in their order. */
    private List<String> sqliteColumns(String table) throws SQLException {
        List<String> out = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<String> types = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT name, type, pk FROM pragma_table_info(?) ORDER BY cid")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1).toLowerCase(java.util.Locale.ROOT);
                    out.add(name);
                    if (rs.getInt(3) > 0) {
                        keys.add(name);
                        types.add(rs.getString(2));
                    }
                }
            }
        }
        if (keys.size() == 1 && "INTEGER".equalsIgnoreCase(types.getFirst())) {
            out.remove(keys.getFirst());
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no columns found for table " + table);
        }
        return out;
    }
}
