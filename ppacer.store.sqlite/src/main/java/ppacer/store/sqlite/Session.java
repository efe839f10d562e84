package ppacer.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * One connection with its prepared statements, reused for the connection's life. Used by one
 * thread at a time (the writer thread, or the reader that checked it out of the pool).
 */
final class Session implements AutoCloseable {
    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    Session(Connection connection) {
        this.connection = connection;
    }

    Connection connection() {
        return connection;
    }

    /**
     * @param sql a statement
     * @return its prepared statement, prepared on first use and cleared of old parameters
     * @throws SQLException when it does not prepare
     */
    PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    /**
     * Closes and forgets the prepared statements, after a failure: the driver may have finalized a
     * statement that failed (e.g. after a schema change by another connection, its re-preparation
     * failed), and reusing it would fail with "statement is not executing" forever.
     */
    void discardStatements() {
        closeStatements();
    }

    private SQLException closeStatements() {
        SQLException first = null;
        for (PreparedStatement ps : statements.values()) {
            try {
                ps.close();
            } catch (SQLException e) {
                first = first == null ? e : first;
            }
        }
        statements.clear();
        return first;
    }

    @Override
    public void close() throws SQLException {
        SQLException first = closeStatements();
        connection.close();
        if (first != null) {
            throw first;
        }
    }
}
