package ppacer.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.spi.StoreConfig;
import ppacer.testkit.Stress;

/**
 * The SQLite writer's group-commit hand-off, hammered on a real SQLite file: submitters on platform
 * and virtual threads insert rows, some of them duplicates (which roll a batch back and re-run its
 * pieces alone), through a writer with a random batch limit. Safety: every submitter sees the outcome
 * of its own piece (its row, or its own duplicate-key failure), every row is committed exactly once,
 * and nobody waits forever (the only time limit is a generous hang guard). {@code
 * -Dppacer.stress.seed=N} replays a run; a failure names its seed.
 */
class SqliteWriterStressTest {
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);
    private static final int SUBMITTERS = 8;
    private static final int ROWS_EACH = 1000;

    @TempDir
    Path dir;

    @Test
    void every_submitter_sees_its_own_commit_and_no_row_is_lost_or_doubled() throws Exception {
        Stress.run(this::run);
    }

    private void run(long seed) throws Exception {
        Random seeds = new Random(seed);
        SqliteTarget target = SqliteTarget.of(StoreConfig.of("jdbc:sqlite:" + dir.resolve("stress.db")));
        Session session = new Session(target.open(true, true));
        try (Statement st = session.connection().createStatement()) {
            st.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, owner INTEGER NOT NULL)");
        }
        session.connection().setAutoCommit(false);
        SqliteWriter writer = new SqliteWriter(session, WriteConnection.reopen(target), "stress",
                1 + seeds.nextInt(64));
        List<String> errors = new CopyOnWriteArrayList<>();
        AtomicInteger inserted = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < SUBMITTERS; s++) {
            int me = s;
            long mySeed = seeds.nextLong();
            Thread.Builder b = seeds.nextBoolean() ? Thread.ofVirtual() : Thread.ofPlatform();
            threads.add(b.start(() -> {
                Random r = new Random(mySeed);
                for (int k = 0; k < ROWS_EACH; k++) {
                    if (k > 0 && r.nextInt(20) == 0) {
                        insert(writer, me, me * ROWS_EACH + r.nextInt(k), true, errors, inserted); // refused
                    }
                    insert(writer, me, me * ROWS_EACH + k, false, errors, inserted);
                }
            }));
        }
        finish(threads, writer, target, errors, inserted);
    }

    private static void insert(SqliteWriter writer, int me, int id, boolean duplicate, List<String> errors,
                               AtomicInteger inserted) {
        try {
            int got = writer.submit(w -> {
                PreparedStatement ps = w.prepare("INSERT INTO item (id, owner) VALUES (?, ?)");
                ps.setInt(1, id);
                ps.setInt(2, me);
                ps.executeUpdate();
                return id;
            });
            if (duplicate || got != id) {
                errors.add("submitter " + me + " row " + id + " duplicate=" + duplicate + " got " + got);
            } else {
                inserted.incrementAndGet();
            }
        } catch (SQLException e) {
            if (!duplicate) {
                errors.add("submitter " + me + " row " + id + " failed: " + e);
            }
        }
    }

    private static void finish(List<Thread> threads, SqliteWriter writer, SqliteTarget target, List<String> errors,
                               AtomicInteger inserted) throws Exception {
        for (Thread t : threads) {
            assertTrue(t.join(HANG_GUARD), "a submitter hangs (lost wake-up?) after " + inserted.get() + " rows");
        }
        writer.close();
        assertEquals(List.of(), errors);
        try (Connection c = target.open(true); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT id), min(id), max(id) FROM item")) {
            assertTrue(rs.next());
            int n = SUBMITTERS * ROWS_EACH;
            assertEquals(n, inserted.get());
            assertEquals(n, rs.getInt(1), "rows committed");
            assertEquals(n, rs.getInt(2), "distinct rows");
            assertEquals(0, rs.getInt(3));
            assertEquals(n - 1, rs.getInt(4));
        }
    }
}
