package ppacer.store.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Conversions between Java values and SQLite columns: instants as microseconds, lists comma-joined. */
final class Sql {
    private Sql() {
    }

    /**
     * @param at an instant
     * @return microseconds since the epoch; anything finer is truncated (floor)
     */
    static long micros(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
    }

    /**
     * @param micros microseconds since the epoch
     * @return the instant
     */
    static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        return instant(rs.getLong(column));
    }

    static Optional<Instant> optionalInstant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(instant(v));
    }

    static Optional<String> optionalString(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getString(column));
    }

    /**
     * @param rs a row
     * @param column a comma-joined list column
     * @return absent for NULL, else the list ('' is the empty list)
     * @throws SQLException from the driver
     */
    static Optional<List<String>> optionalList(ResultSet rs, String column) throws SQLException {
        return optionalString(rs, column).map(Sql::split);
    }

    static void setOptionalInstant(PreparedStatement ps, int index, Optional<Instant> at) throws SQLException {
        if (at.isPresent()) {
            ps.setLong(index, micros(at.get()));
        } else {
            ps.setNull(index, Types.BIGINT);
        }
    }

    static void setOptionalString(PreparedStatement ps, int index, Optional<String> s) throws SQLException {
        if (s.isPresent()) {
            ps.setString(index, s.get());
        } else {
            ps.setNull(index, Types.VARCHAR);
        }
    }

    /**
     * @param ps a statement
     * @param index a parameter
     * @param values a list, stored comma-joined ('' for the empty list), or absent (NULL)
     * @throws SQLException from the driver
     */
    static void setOptionalList(PreparedStatement ps, int index, Optional<List<String>> values) throws SQLException {
        setOptionalString(ps, index, values.map(Sql::join));
    }

    static String join(List<String> values) {
        return String.join(",", values);
    }

    static List<String> split(String joined) {
        return joined.isEmpty() ? List.of() : Arrays.asList(joined.split(",", -1));
    }
}
