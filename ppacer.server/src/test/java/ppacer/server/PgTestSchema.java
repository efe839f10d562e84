package ppacer.server;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh schema on the shared PostgreSQL ({@code PPACER_PG_URL}, else 127.0.0.1:5432 database
 * {@code test}), dropped with everything in it on {@link #close()}. When the server cannot be reached
 * the test fails under {@code CI=true} and is skipped elsewhere.
 */
public final class PgTestSchema implements AutoCloseable {
    private static final String PG = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    private final String admin;
    private final String schema;

    private PgTestSchema(String admin, String schema) {
        this.admin = admin;
        this.schema = schema;
    }

    /**
     * Creates the schema.
     *
     * @param prefix the schema name's prefix, e.g. {@code ppacer_defer_}
     * @return the schema
     */
    public static PgTestSchema create(String prefix) {
        String admin = Optional.ofNullable(System.getenv("PPACER_PG_URL")).filter(u -> !u.isBlank()).orElse(PG);
        String schema = prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(admin); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail("PostgreSQL unreachable: " + e.getMessage());
            }
            Assumptions.assumeTrue(false, "PostgreSQL unreachable: " + e.getMessage());
        }
        return new PgTestSchema(admin, schema);
    }

    /** @return the JDBC URL of the schema */
    public String url() {
        return admin + (admin.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    @Override
    public void close() {
        try (Connection c = DriverManager.getConnection(admin); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not drop the test schema " + schema + ": " + e.getMessage(), e);
        }
    }
}
