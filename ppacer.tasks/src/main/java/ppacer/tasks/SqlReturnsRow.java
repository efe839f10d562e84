package ppacer.tasks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import ppacer.api.TaskContext;

/**
 * A {@link Sensor} condition: a SQL query returns at least one row (e.g.
 * {@code SELECT 1 FROM loads WHERE day = CURRENT_DATE AND done}). Connects through
 * {@link DriverManager} with the JDBC URL: the driver must be on the executor's class or module path.
 * A failure to connect or to run the query fails the attempt (a wrong query does not get better by waiting).
 *
 * @param jdbcUrl the JDBC URL
 * @param query the query
 * @param properties connection properties (e.g. user, password)
 */
public record SqlReturnsRow(String jdbcUrl, String query, Map<String, String> properties) implements Sensor.Condition {
    /** Validates and copies. */
    public SqlReturnsRow {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(query, "query");
        properties = Map.copyOf(properties);
        if (!jdbcUrl.startsWith("jdbc:")) {
            throw new IllegalArgumentException("SqlReturnsRow: expected a JDBC URL starting with 'jdbc:', got '" + jdbcUrl + "'");
        }
        if (query.isBlank()) {
            throw new IllegalArgumentException("SqlReturnsRow: the query must not be blank");
        }
    }

    /**
     * @param jdbcUrl the JDBC URL
     * @param query the query
     * @return a condition without connection properties
     */
    public static SqlReturnsRow of(String jdbcUrl, String query) {
        return new SqlReturnsRow(jdbcUrl, query, Map.of());
    }

    @Override
    public Optional<String> check(TaskContext context) throws Exception {
        Properties props = new Properties();
        props.putAll(properties);
        try (Connection c = DriverManager.getConnection(jdbcUrl, props); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(query)) {
            if (rs.next()) {
                context.logger().info("Query returned a row: " + query);
                return Optional.empty();
            }
        }
        return Optional.of("query returned no row: " + query);
    }

    /** The URL and query; property names only (values such as passwords are not part of the definition). */
    @Override
    public String definition() {
        return Definition.of(SqlReturnsRow.class).add("jdbcUrl", jdbcUrl).add("query", query)
                .add("properties", new java.util.ArrayList<>(new TreeMap<>(properties).keySet())).toString();
    }
}
