package ppacer.store.sqlite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.ProgressHandler;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * SQLite's {@code PRAGMA quick_check} (b-tree structure, page and record format; not the
 * contents of indexes), bounded in time: a progress handler interrupts it once the budget is spent,
 * so a large healthy file delays startup at most by the budget.
 */
final class IntegrityCheck {
    /** At most this many findings are reported. */
    static final int MAX_FINDINGS = 10;
    /** The progress handler runs every this many SQLite virtual-machine instructions. */
    private static final int INSTRUCTIONS_PER_CHECK = 1000;

    private IntegrityCheck() {
    }

    /** What the check found. */
    sealed interface Result {
        /** quick_check answered "ok". */
        record Passed() implements Result {
        }

        /**
         * The file is damaged.
         *
         * @param findings what quick_check reported (or the error it stopped on), at most {@value #MAX_FINDINGS}
         */
        record Damaged(List<String> findings) implements Result {
            /** Copies. */
            public Damaged {
                findings = List.copyOf(findings);
            }
        }

        /**
         * The budget ran out before the check finished; nothing is known.
         *
         * @param budget the budget
         */
        record Unfinished(Duration budget) implements Result {
        }
    }

    /**
     * Runs quick_check on a connection.
     *
     * @param c a connection to the database, not in a transaction
     * @param budget how long the check may take
     * @return its result
     * @throws SQLException when the progress handler cannot be installed or removed
     */
    static Result run(Connection c, Duration budget) throws SQLException {
        long deadline = System.nanoTime() + budget.toNanos();
        ProgressHandler.setHandler(c, INSTRUCTIONS_PER_CHECK, new ProgressHandler() {
            @Override
            protected int progress() {
                return System.nanoTime() - deadline >= 0 ? 1 : 0;
            }
        });
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA quick_check(" + MAX_FINDINGS + ")")) {
            List<String> lines = new ArrayList<>();
            while (rs.next()) { // one finding per row, or several in one row separated by new lines
                String.valueOf(rs.getString(1)).lines().map(String::strip)
                        .filter(l -> !l.isEmpty() && !l.startsWith("***")).forEach(lines::add);
            }
            return lines.equals(List.of("ok")) ? new Result.Passed() : new Result.Damaged(lines);
        } catch (SQLException e) {
            if (isInterrupt(e)) {
                return new Result.Unfinished(budget);
            }
            return new Result.Damaged(List.of(String.valueOf(e.getMessage())));
        } finally {
            ProgressHandler.clearHandler(c);
        }
    }

    private static boolean isInterrupt(SQLException e) {
        return e instanceof SQLiteException s ? s.getResultCode() == SQLiteErrorCode.SQLITE_INTERRUPT
                : e.getErrorCode() == SQLiteErrorCode.SQLITE_INTERRUPT.code;
    }
}
