package ppacer.store.sqlite;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * One forward schema migration.
 *
 * @param version the schema version it produces
 * @param work what it runs, inside the migration transaction
 */
record Migration(int version, SqlWork<Void> work) {
    /** Every migration of this ppacer, oldest first; the last one's version is the supported version. */
    static final List<Migration> ALL = List.of(script(1, "schema-v1.sql"), script(2, "schema-v2.sql"),
            script(3, "schema-v3.sql"), script(4, "schema-v4.sql"), script(5, "schema-v5.sql"), script(6, "schema-v6.sql"),
            script(7, "schema-v7.sql"), script(8, "schema-v8.sql"), script(9, "schema-v9.sql"),
            script(10, "schema-v10.sql"), script(11, "schema-v11.sql"),
            script(12, "schema-v12.sql"));

    /**
     * A migration that runs a SQL script resource of this package, statement by statement
     * (statements end with a semicolon at the end of a line; {@code --} comments are skipped).
     *
     * @param version the version it produces
     * @param resource the resource name
     * @return the migration
     */
    static Migration script(int version, String resource) {
        return new Migration(version, s -> {
            try (Statement st = s.connection().createStatement()) {
                for (String sql : statements(resource)) {
                    st.execute(sql);
                }
            }
            return null;
        });
    }

    static List<String> statements(String resource) throws SQLException {
        String text;
        try (InputStream in = Migration.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new SQLException("Schema resource " + resource + " is missing from ppacer.store.sqlite");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read schema resource " + resource, e);
        }
        StringBuilder current = new StringBuilder();
        List<String> out = new java.util.ArrayList<>();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                out.add(current.toString().strip());
                current.setLength(0);
            }
        }
        return out;
    }
}
