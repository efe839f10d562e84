package ppacer.store.jdbc;

import java.lang.reflect.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * PostgreSQL only: runs a set-based {@code UPDATE ... FROM unnest(?, ?, ...) ... RETURNING key} for
 * a batch of rows, binding one array per column (parameters 1..n in column order), and maps the
 * returned keys back to per-row update counts. Used for attempt and run transitions, where one
 * statement instead of one per row cuts the server's per-statement work.
 *
 * @param <T> a row of the batch
 * @param <K> the row's key, as RETURNING gives it back
 */
final class PgUnnest<T, K> {
    /**
     * One column: its SQL element type, Java element type and value per row.
     *
     * @param sqlType the array element type for {@link Connection#createArrayOf}, e.g. {@code bigint}
     * @param javaType the element class, e.g. {@code Long.class}
     * @param value the column's value for a row (null allowed)
     * @param <T> the row
     */
    record Column<T>(String sqlType, Class<?> javaType, Function<T, ?> value) {
    }

    /** Reads a returned key from the current row of a result set. */
    @FunctionalInterface
    interface KeyReader<K> {
        K read(ResultSet rs) throws SQLException;
    }

    private final String sql;
    private final List<Column<T>> columns;
    private final Function<T, K> key;
    private final KeyReader<K> returned;

    /**
     * @param sql the statement, with one {@code unnest} parameter per column, in order
     * @param columns the columns
     * @param key a row's key
     * @param returned reads a key from a RETURNING row
     */
    PgUnnest(String sql, List<Column<T>> columns, Function<T, K> key, KeyReader<K> returned) {
        this.sql = sql;
        this.columns = List.copyOf(columns);
        this.key = key;
        this.returned = returned;
    }

    /**
     * @param rows a batch
     * @param key a row's key
     * @param <T> the row
     * @return true when no key appears twice (one UPDATE changes a row at most once)
     */
    static <T> boolean distinct(List<T> rows, Function<T, ?> key) {
        Set<Object> seen = new HashSet<>();
        for (T row : rows) {
            if (!seen.add(key.apply(row))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Runs the statement for the batch inside the caller's transaction.
     *
     * @param c the connection
     * @param rows rows with distinct keys
     * @return update counts (1 applied, 0 not), in the order of {@code rows}
     * @throws SQLException from the driver
     */
    int[] execute(Connection c, List<T> rows) throws SQLException {
        Set<K> applied = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int col = 0; col < columns.size(); col++) {
                Column<T> column = columns.get(col);
                Object[] values = (Object[]) Array.newInstance(column.javaType(), rows.size());
                for (int i = 0; i < values.length; i++) {
                    values[i] = column.value().apply(rows.get(i));
                }
                ps.setArray(col + 1, c.createArrayOf(column.sqlType(), values));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    applied.add(returned.read(rs));
                }
            }
        }
        int[] counts = new int[rows.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = applied.contains(key.apply(rows.get(i))) ? 1 : 0;
        }
        return counts;
    }
}
