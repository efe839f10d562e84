package ppacer.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.TaskOutput;
import ppacer.api.TaskStatus;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.MissedDeadline;
import ppacer.api.spi.AttemptTransition;
import ppacer.api.spi.NewAttempt;
import ppacer.api.spi.Store;
import ppacer.api.spi.StoreConfig;
import ppacer.api.spi.StoreException;
import ppacer.api.spi.StoredOutput;
import ppacer.api.spi.TaskAttemptRecord;
import ppacer.api.spi.TaskExpansion;
import ppacer.store.tck.Fixtures;

/** Schema creation, forward migration, and refusal of newer or foreign databases. */
class SqliteSchemaTest {
    private static final Instant NOW = Instant.parse("2025-01-02T03:04:05.123456Z");

    @TempDir
    Path dir;

    private StoreConfig config(Path file) {
        return new StoreConfig("jdbc:sqlite:" + file, Map.of(), InstantSource.fixed(NOW));
    }

    private static List<List<Object>> query(Path file, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<List<Object>> rows = new ArrayList<>();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    private static void execute(Path file, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    @Test
    void a_new_file_gets_the_current_schema_version_and_wal() throws SQLException {
        Path file = dir.resolve("new.db");
        new SqliteStoreProvider().open(config(file)).close();
        List<List<Object>> applied = new ArrayList<>();
        for (int v = 1; v <= Migration.ALL.size(); v++) {
            applied.add(List.of(v, Sql.micros(NOW)));
        }
        assertEquals(applied, query(file, "SELECT version, applied_at FROM schema_version ORDER BY version"));
        assertEquals(List.of(List.of("wal")), query(file, "PRAGMA journal_mode"));
        new SqliteStoreProvider().open(config(file)).close();
        assertEquals(Migration.ALL.size(), query(file, "SELECT * FROM schema_version").size(), "reopening migrates nothing");
    }

    @Test
    void a_database_from_a_newer_ppacer_is_refused() throws SQLException {
        Path file = dir.resolve("newer.db");
        new SqliteStoreProvider().open(config(file)).close();
        execute(file, "INSERT INTO schema_version (version, applied_at) VALUES (99, 0)");
        StoreException e = assertThrows(StoreException.class, () -> new SqliteStoreProvider().open(config(file)));
        assertEquals("Database '" + file + "': schema version 99 is newer than this ppacer supports (" + Migration.ALL.size() + "); upgrade ppacer",
                e.getMessage());
    }

    @Test
    void a_sqlite_file_of_another_application_is_refused() throws SQLException {
        Path file = dir.resolve("other.db");
        execute(file, "CREATE TABLE invoices (id INTEGER PRIMARY KEY)");
        StoreException e = assertThrows(StoreException.class, () -> new SqliteStoreProvider().open(config(file)));
        assertEquals("'" + file + "' is not a ppacer database: it has tables [invoices] but no schema_version table",
                e.getMessage());
        assertEquals(List.of(List.of("invoices")), query(file, "SELECT name FROM sqlite_schema WHERE type = 'table'"),
                "the foreign file is left untouched");
    }

    @Test
    void a_file_that_is_not_sqlite_is_refused() throws Exception {
        Path file = dir.resolve("notes.db");
        Files.writeString(file, "These are my notes, not a database. ".repeat(200));
        StoreException e = assertThrows(StoreException.class, () -> new SqliteStoreProvider().open(config(file)));
        assertTrue(e.getMessage().startsWith("'" + file + "' is not a ppacer database: "), e.getMessage());
    }

    @Test
    void an_older_schema_is_migrated_forward_keeping_data() throws SQLException {
        Path file = dir.resolve("old.db");
        try (Store v1 = new SqliteStoreProvider().open(config(file))) {
            v1.dags().sync(Fixtures.standardDags(), Fixtures.T0);
            v1.dagRuns().insert(Fixtures.run(Fixtures.ETL, Fixtures.T0));
        }
        List<Migration> next = new ArrayList<>(Migration.ALL);
        int newer = Migration.ALL.size() + 1;
        next.add(new Migration(newer, s -> {
            try (Statement st = s.connection().createStatement()) {
                st.execute("ALTER TABLE dag_runs ADD COLUMN note TEXT NOT NULL DEFAULT 'migrated'");
            }
            return null;
        }));
        try (Store v2 = SqliteStoreProvider.open(config(file), new SchemaMigrator(next, InstantSource.fixed(NOW)))) {
            assertEquals(Fixtures.T0, v2.dagRuns().latest(Fixtures.ETL).orElseThrow().logicalTime());
        }
        assertEquals(versions(newer), query(file, "SELECT version FROM schema_version ORDER BY version"));
        assertEquals(List.of(List.of("migrated")), query(file, "SELECT note FROM dag_runs"));
        StoreException e = assertThrows(StoreException.class, () -> new SqliteStoreProvider().open(config(file)));
        assertTrue(e.getMessage().contains("schema version " + newer + " is newer than this ppacer supports ("
                + Migration.ALL.size() + ")"), e.getMessage());
    }

    @Test
    void a_version_1_database_keeps_its_attempts_and_gains_branch_and_reason() throws SQLException {
        Path file = dir.resolve("v1.db");
        long run;
        try (Store v1 = SqliteStoreProvider.open(config(file),
                new SchemaMigrator(Migration.ALL.subList(0, 1), InstantSource.fixed(NOW)))) {
            v1.dags().sync(Fixtures.standardDags(), Fixtures.T0);
            run = v1.dagRuns().insert(Fixtures.run(Fixtures.ETL, Fixtures.T0));
        }
        assertEquals(List.of(List.of(1)), query(file, "SELECT version FROM schema_version"));
        // attempts as the version-1 code wrote them: a failure, a running attempt under a lease, an upstream failure
        execute(file, "INSERT INTO task_attempts (run_id, task_id, attempt, status, scheduled_at, started_at, finished_at, "
                + "updated_at, executor_id, token, lease_deadline, error) VALUES "
                + "(" + run + ", 'extract', 0, 'FAILED', " + us(1) + ", " + us(2) + ", " + us(3) + ", " + us(3)
                + ", 'exec-1', 'tok-1', NULL, 'boom'), "
                + "(" + run + ", 'transform', 0, 'RUNNING', " + us(1) + ", " + us(2) + ", NULL, " + us(2)
                + ", 'exec-1', 'tok-2', " + us(60) + ", NULL), "
                + "(" + run + ", 'load', 0, 'UPSTREAM_FAILED', " + us(1) + ", NULL, NULL, " + us(1) + ", NULL, NULL, NULL, NULL)");

        AttemptKey extract = new AttemptKey(run, "extract", 0);
        AttemptKey transform = new AttemptKey(run, "transform", 0);
        AttemptKey load = new AttemptKey(run, "load", 0);
        try (Store current = new SqliteStoreProvider().open(config(file))) {
            assertEquals(List.of(
                    new TaskAttemptRecord(extract, TaskStatus.FAILED, t(1), Optional.of(t(2)), Optional.of(t(3)), t(3),
                            Optional.of("exec-1"), Optional.of("tok-1"), Optional.empty(), Optional.of("boom")),
                    new TaskAttemptRecord(load, TaskStatus.UPSTREAM_FAILED, t(1), Optional.empty(), Optional.empty(), t(1),
                            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()),
                    new TaskAttemptRecord(transform, TaskStatus.RUNNING, t(1), Optional.of(t(2)), Optional.empty(), t(2),
                            Optional.of("exec-1"), Optional.of("tok-2"), Optional.of(t(60)), Optional.empty())),
                    current.attempts().latest(run), "old rows read back unchanged, without branch or reason");
            assertEquals(List.of(transform), current.attempts().unfinished().stream().map(TaskAttemptRecord::key).toList());

            assertTrue(current.attempts().transition(AttemptTransition.of(transform, TaskStatus.RUNNING, TaskStatus.SUCCESS,
                    t(10)).withBranch(List.of())));
            current.attempts().insert(List.of(new NewAttempt(new AttemptKey(run, "extract", 1), TaskStatus.SKIPPED, t(11),
                    Optional.of("marked SKIPPED by an operator"))));
            assertEquals(Optional.of(List.of()), current.attempts().find(transform).orElseThrow().branch());
            assertEquals(Optional.of("marked SKIPPED by an operator"),
                    current.attempts().find(new AttemptKey(run, "extract", 1)).orElseThrow().reason());
        }
        assertEquals(versions(Migration.ALL.size()), query(file, "SELECT version FROM schema_version ORDER BY version"));
        assertEquals(List.of(Arrays.asList("extract", 0, null, null), Arrays.asList("extract", 1, null, "marked SKIPPED by an operator"),
                        Arrays.asList("load", 0, null, null), Arrays.asList("transform", 0, "", null)),
                query(file, "SELECT task_id, attempt, branch, reason FROM task_attempts ORDER BY task_id, attempt"),
                "old rows hold NULL in both columns; a branch of no child is ''");
    }

    private static Instant t(long seconds) {
        return Fixtures.t(seconds);
    }

    private static long us(long seconds) {
        return Sql.micros(t(seconds));
    }

    @Test
    void options_are_checked_and_full_sync_is_accepted() throws SQLException {
        Path file = dir.resolve("full.db");
        StoreException e = assertThrows(StoreException.class,
                () -> new SqliteStoreProvider().open(config(file).with("synchronous", "OFF")));
        assertEquals("Store option 'synchronous' must be NORMAL or FULL, was 'OFF'", e.getMessage());
        StoreException typo = assertThrows(StoreException.class,
                () -> new SqliteStoreProvider().open(config(file).with("synchronus", "FULL")));
        assertEquals("Unknown store option 'synchronus' for sqlite; expected [checkpointEvery, groupCommitMax, poolSize, "
                + "quickCheckTimeout, synchronous, timeout]", typo.getMessage());
        assertFalse(java.nio.file.Files.exists(file), "nothing was created for a refused config");
        try (Store s = new SqliteStoreProvider().open(config(file).with("synchronous", "full"))) {
            s.dags().sync(Fixtures.standardDags(), NOW);
        }
        assertEquals(3, query(file, "SELECT * FROM dags").size());
    }

    @Test
    void shared_cache_memory_url_works_and_closed_store_refuses_calls() {
        Store s = new SqliteStoreProvider().open(StoreConfig.of("jdbc:sqlite:file:schema-test?mode=memory&cache=shared"));
        s.dags().sync(Fixtures.standardDags(), NOW);
        assertEquals(3, s.dags().list().size());
        s.close();
        StoreException e = assertThrows(StoreException.class, () -> s.dags().list());
        assertTrue(e.getMessage().contains("is closed"), e.getMessage());
    }

    @Test
    void a_version_2_database_keeps_its_attempts_and_gains_task_outputs() throws SQLException {
        Path file = dir.resolve("v2.db");
        long run;
        try (Store v2 = SqliteStoreProvider.open(config(file),
                new SchemaMigrator(Migration.ALL.subList(0, 2), InstantSource.fixed(NOW)))) {
            v2.dags().sync(Fixtures.standardDags(), Fixtures.T0);
            run = v2.dagRuns().insert(Fixtures.run(Fixtures.ETL, Fixtures.T0));
        }
        // an attempt as the version-2 code wrote it: a success without an output
        execute(file, "INSERT INTO task_attempts (run_id, task_id, attempt, status, scheduled_at, started_at, finished_at, "
                + "updated_at, executor_id, token, lease_deadline, error, branch, reason) VALUES (" + run + ", 'extract', 0, "
                + "'SUCCESS', " + us(1) + ", " + us(2) + ", " + us(3) + ", " + us(3) + ", 'exec-1', 'tok-1', NULL, NULL, NULL, NULL)");
        AttemptKey extract = new AttemptKey(run, "extract", 0);
        AttemptKey load = new AttemptKey(run, "load", 0);
        try (Store current = new SqliteStoreProvider().open(config(file))) {
            assertEquals(TaskStatus.SUCCESS, current.attempts().find(extract).orElseThrow().status(), "the old row is kept");
            assertEquals(Optional.empty(), current.attempts().output(extract));
            current.attempts().insert(List.of(new NewAttempt(load, TaskStatus.SCHEDULED, t(4))));
            assertTrue(current.attempts().transition(AttemptTransition.of(load, TaskStatus.SCHEDULED, TaskStatus.SUCCESS, t(5))
                    .withOutput(TaskOutput.json("[1,2]"))));
            assertEquals(Map.of("load", new StoredOutput(load, TaskOutput.json("[1,2]"), t(5))),
                    current.attempts().outputs(run, List.of("extract", "load")));
        }
        assertEquals(versions(Migration.ALL.size()), query(file, "SELECT version FROM schema_version ORDER BY version"));
    }

    /**
     * A version-3 file (before backfills) with a run as that code wrote it: opening it migrates it,
     * the old run has no backfill, and backfills and their tagged runs are stored.
     */
    @Test
    void a_version_3_database_keeps_its_runs_and_gains_backfills() throws SQLException {
        Path file = dir.resolve("v3.db");
        long run;
        try (Store v3 = SqliteStoreProvider.open(config(file),
                new SchemaMigrator(Migration.ALL.subList(0, 3), InstantSource.fixed(NOW)))) {
            v3.dags().sync(Fixtures.standardDags(), Fixtures.T0);
            run = v3.dagRuns().insert(Fixtures.run(Fixtures.ETL, Fixtures.T0));
        }
        try (Store current = new SqliteStoreProvider().open(config(file))) {
            assertEquals(Fixtures.T0, current.dagRuns().find(run).orElseThrow().logicalTime(), "the old run is kept");
            assertEquals(java.util.OptionalLong.empty(), current.backfills().backfillOf(run));
            long b = current.backfills().insert(new ppacer.api.spi.NewBackfill(Fixtures.ETL, Fixtures.T0, t(100), 2,
                    ppacer.api.spi.BackfillReprocess.NONE, false, "{}", "cli", t(5), Optional.of(t(50)), 2));
            java.util.OptionalLong created = current.backfills().advance(b, 0, new ppacer.api.spi.BackfillStep.Create(
                    Fixtures.run(Fixtures.ETL, t(50))), Optional.of(t(100)), t(6));
            assertEquals(java.util.OptionalLong.of(b), current.backfills().backfillOf(created.getAsLong()));
        }
        assertEquals(versions(Migration.ALL.size()), query(file, "SELECT version FROM schema_version ORDER BY version"));
    }

    /** A version-4 file (before pools): opening it migrates it, its runs are kept and pools are stored. */
    @Test
    void a_version_4_database_keeps_its_runs_and_gains_pools() throws SQLException {
        Path file = dir.resolve("v4.db");
        try (Store v4 = SqliteStoreProvider.open(config(file),
                new SchemaMigrator(Migration.ALL.subList(0, 4), InstantSource.fixed(NOW)))) {
            v4.dags().sync(Fixtures.standardDags(), Fixtures.T0);
            v4.dagRuns().insert(Fixtures.run(Fixtures.ETL, Fixtures.T0));
        }
        assertEquals(List.of(), query(file, "SELECT name FROM sqlite_schema WHERE name = 'pools'"));
        try (Store current = new SqliteStoreProvider().open(config(file))) {
            assertEquals(Fixtures.T0, current.dagRuns().latest(Fixtures.ETL).orElseThrow().logicalTime(), "the old run is kept");
            assertEquals(List.of(), current.pools().list());
            current.pools().put(new ppacer.api.spi.PoolRecord("warehouse", 8, t(1), "api"));
            assertEquals(8, current.pools().find("warehouse").orElseThrow().slots());
        }
        assertEquals(versions(Migration.ALL.size()), query(file, "SELECT version FROM schema_version ORDER BY version"));
    }

    /** A version-6 file (before task expansions) with an output: opening it migrates it, keeps the output and stores expansions. */
    @Test
    void a_version_6_database_keeps_its_outputs_and_gains_task_expansions() throws SQLException {
        Path file = dir.resolve("v6.db");
        long run;
        try (Store old = SqliteStoreProvider.open(config(file),
                new SchemaMigrator(Migration.ALL.subList(0, 6), InstantSource.fixed(NOW)))) {
            old.dags().sync(Fixtures.standardDags(), Fixtures.T0);
            run = old.dagRuns().insert(Fixtures.run(Fixtures.ETL, Fixtures.T0));
            AttemptKey extract = new AttemptKey(run, "extract", 0);
            old.attempts().insert(List.of(new NewAttempt(extract, TaskStatus.SCHEDULED, t(1))));
            assertTrue(old.attempts().transition(AttemptTransition.of(extract, TaskStatus.SCHEDULED, TaskStatus.SUCCESS, t(2))
                    .withOutput(TaskOutput.json("[1,2,3]"))));
        }
        assertEquals(versions(6), query(file, "SELECT version FROM schema_version ORDER BY version"));
        AttemptKey retry = new AttemptKey(run, "extract", 1);
        try (Store current = new SqliteStoreProvider().open(config(file))) {
            assertEquals(TaskOutput.json("[1,2,3]"),
                    current.attempts().output(new AttemptKey(run, "extract", 0)).orElseThrow().output(), "the old output is kept");
            assertEquals(List.of(), current.attempts().expansions(run));
            current.attempts().insert(List.of(new NewAttempt(retry, TaskStatus.SCHEDULED, t(4))));
            assertTrue(current.attempts().transition(AttemptTransition.of(retry, TaskStatus.SCHEDULED, TaskStatus.SUCCESS, t(5))
                    .withOutput(TaskOutput.json("[1,2]")).withExpansions(List.of(new TaskExpansion("transform", 2)))));
            assertEquals(List.of(new TaskExpansion("transform", 2)), current.attempts().expansions(run));
        }
        assertEquals(versions(Migration.ALL.size()), query(file, "SELECT version FROM schema_version ORDER BY version"));
    }

    /** A version-7 file (before API keys) with a run: opening it migrates it, keeps the run and stores API keys. */
    @Test
    void a_version_7_database_keeps_its_runs_and_gains_api_keys() throws SQLException {
        Path file = dir.resolve("v7.db");
        long run;
        try (Store old = SqliteStoreProvider.open(config(file),
                new SchemaMigrator(Migration.ALL.subList(0, 7), InstantSource.fixed(NOW)))) {
            old.dags().sync(Fixtures.standardDags(), Fixtures.T0);
            run = old.dagRuns().insert(Fixtures.run(Fixtures.ETL, Fixtures.T0));
        }
        assertEquals(versions(7), query(file, "SELECT version FROM schema_version ORDER BY version"));
        try (Store current = new SqliteStoreProvider().open(config(file))) {
            assertTrue(current.dagRuns().find(run).isPresent(), "the old run is kept");
            assertEquals(List.of(), current.apiKeys().list());
            current.apiKeys().create(new ppacer.api.spi.ApiKeyRecord("k1", "ci", "executor", List.of("etl_*"), "00", "ff",
                    t(1), "admin", java.util.Optional.empty(), java.util.Optional.empty()));
            assertEquals("ci", current.apiKeys().find("k1").orElseThrow().name());
        }
        assertEquals(versions(Migration.ALL.size()), query(file, "SELECT version FROM schema_version ORDER BY version"));
    }

    /** A version-7 file (before the audit log): opening it migrates it, keeps its pools and stores audit rows. */
    @Test
    void a_version_7_database_keeps_its_pools_and_gains_the_audit_log() throws SQLException {
        Path file = dir.resolve("v7.db");
        try (Store old = SqliteStoreProvider.open(config(file),
                new SchemaMigrator(Migration.ALL.subList(0, 7), InstantSource.fixed(NOW)))) {
            old.pools().put(new ppacer.api.spi.PoolRecord("warehouse", 8, t(1), "api"));
        }
        assertEquals(List.of(), query(file, "SELECT name FROM sqlite_schema WHERE name = 'audit_log'"));
        try (Store current = new SqliteStoreProvider().open(config(file))) {
            assertEquals(8, current.pools().find("warehouse").orElseThrow().slots(), "the old pool is kept");
            assertEquals(List.of(), current.audit().list(ppacer.api.spi.AuditQuery.all(10)));
            ppacer.api.spi.AuditEntry e = new ppacer.api.spi.AuditEntry(t(2), "token", Optional.of("127.0.0.1"), "pool.set",
                    ppacer.api.spi.AuditTarget.pool("warehouse"), Optional.of("slots=8"), Optional.of("slots=2"));
            current.pools().put(new ppacer.api.spi.PoolRecord("warehouse", 2, t(2), "token"), Optional.of(e));
            assertEquals(List.of(e), current.audit().list(ppacer.api.spi.AuditQuery.all(10)).stream()
                    .map(ppacer.api.spi.AuditRecord::entry).toList());
        }
        assertEquals(versions(Migration.ALL.size()), query(file, "SELECT version FROM schema_version ORDER BY version"));
    }

    /** A version-7 file (before DAG bundles) keeps its runs, which read no bundle hash, and gains bundle versions. */
    @Test
    void a_version_7_database_keeps_its_runs_and_gains_bundle_versions() throws SQLException {
        Path file = dir.resolve("v7.db");
        long run;
        try (Store old = SqliteStoreProvider.open(config(file),
                new SchemaMigrator(Migration.ALL.subList(0, 7), InstantSource.fixed(NOW)))) {
            old.dags().sync(Fixtures.standardDags(), Fixtures.T0);
            run = old.dagRuns().insert(Fixtures.run(Fixtures.ETL, Fixtures.T0));
        }
        assertEquals(List.of(), query(file, "SELECT name FROM sqlite_master WHERE name = 'bundle_versions'"));
        String hash = "cd".repeat(32);
        try (Store current = new SqliteStoreProvider().open(config(file))) {
            assertEquals(Optional.empty(), current.dagRuns().find(run).orElseThrow().bundleHash(), "the old run is kept");
            assertEquals(List.of(), current.bundles().list());
            assertEquals(1, current.bundles().deploy("b", hash, List.of("d2"), t(1), "api").version());
            long pinned = current.dagRuns().insert(new ppacer.api.spi.NewDagRun(Fixtures.REPORT, t(0), ppacer.api.DagRunStatus.QUEUED,
                    "{}", ppacer.api.spi.ScheduleEventType.MANUALLY_TRIGGERED, 1, t(2), Optional.of(hash)));
            assertEquals(Optional.of(hash), current.dagRuns().find(pinned).orElseThrow().bundleHash());
        }
        assertEquals(versions(Migration.ALL.size()), query(file, "SELECT version FROM schema_version ORDER BY version"));
    }

    /**
     * A version-7 file (before deferrals) with a RUNNING attempt: opening it migrates it, the attempt is
     * kept and can be deferred, and a DEFERRED attempt counts as unfinished (the rebuilt partial index).
     */
    @Test
    void a_version_7_database_keeps_its_attempts_and_gains_deferrals() throws SQLException {
        Path file = dir.resolve("v7.db");
        AttemptKey extract;
        try (Store old = SqliteStoreProvider.open(config(file),
                new SchemaMigrator(Migration.ALL.subList(0, 7), InstantSource.fixed(NOW)))) {
            old.dags().sync(Fixtures.standardDags(), Fixtures.T0);
            long run = old.dagRuns().insert(Fixtures.run(Fixtures.ETL, Fixtures.T0));
            extract = new AttemptKey(run, "extract", 0);
            old.attempts().insert(List.of(new NewAttempt(extract, TaskStatus.SCHEDULED, t(1))));
            assertTrue(old.attempts().transition(AttemptTransition.of(extract, TaskStatus.SCHEDULED, TaskStatus.RUNNING, t(2))
                    .withLease("exec-1", "tok", t(60))));
        }
        assertEquals(versions(7), query(file, "SELECT version FROM schema_version ORDER BY version"));
        try (Store current = new SqliteStoreProvider().open(config(file))) {
            assertEquals(TaskStatus.RUNNING, current.attempts().find(extract).orElseThrow().status(), "the attempt is kept");
            assertEquals(List.of(), current.deferrals().waiting());
            ppacer.api.spi.AttemptDeferral d = new ppacer.api.spi.AttemptDeferral(extract, t(100), 1, t(2), "not yet",
                    Optional.empty());
            assertTrue(current.deferrals().defer(d, t(3)));
            assertEquals(List.of(d), current.deferrals().waiting());
            assertEquals(List.of(extract), current.attempts().unfinished().stream().map(a -> a.key()).toList());
        }
        assertEquals(versions(Migration.ALL.size()), query(file, "SELECT version FROM schema_version ORDER BY version"));
    }

    /**
     * A version-11 file (before assets) with a run: opening it migrates it, the run is kept, and a run
     * of the DAG can consume an asset event.
     */
    @Test
    void a_version_11_database_keeps_its_runs_and_gains_assets() throws SQLException {
        Path file = dir.resolve("v11.db");
        long run;
        try (Store old = SqliteStoreProvider.open(config(file),
                new SchemaMigrator(Migration.ALL.subList(0, 11), InstantSource.fixed(NOW)))) {
            old.dags().sync(Fixtures.standardDags(), Fixtures.T0);
            run = old.dagRuns().insert(Fixtures.run(Fixtures.ETL, Fixtures.T0));
        }
        assertEquals(versions(11), query(file, "SELECT version FROM schema_version ORDER BY version"));
        try (Store current = new SqliteStoreProvider().open(config(file))) {
            assertTrue(current.dagRuns().find(run).isPresent(), "the run is kept");
            current.assets().watch(Fixtures.ETL, java.util.Set.of("x"));
            ppacer.api.AssetEvent e = current.assets().record(new ppacer.api.spi.NewAssetEvent("x", t(5),
                    new ppacer.api.AssetEventSource.Task(Fixtures.ETL, run, Fixtures.T0, "load", 0), "{}",
                    Optional.empty()), Optional.empty()).event();
            assertEquals(List.of(e), current.assets().pending(Fixtures.ETL, java.util.Set.of("x")));
            long consumer = current.assets().insertRunConsuming(new ppacer.api.spi.NewDagRun(Fixtures.ETL, t(10),
                    ppacer.api.DagRunStatus.SCHEDULED, "{}", ppacer.api.spi.ScheduleEventType.ASSET_TRIGGERED, 1, t(10)),
                    List.of(e.id())).orElseThrow();
            assertEquals(List.of(e), current.assets().consumedBy(consumer));
        }
        assertEquals(versions(Migration.ALL.size()), query(file, "SELECT version FROM schema_version ORDER BY version"));
    }

    /** @return the rows [[1], [2], ... [last]] of the schema_version query */
    private static List<List<Object>> versions(int last) {
        List<List<Object>> out = new ArrayList<>();
        for (int v = 1; v <= last; v++) {
            out.add(List.<Object>of(v));
        }
        return out;
    }

    @Test
    void a_version_5_database_keeps_its_runs_and_gains_missed_deadlines() throws SQLException {
        Path file = dir.resolve("v5.db");
        long run;
        try (Store v5 = SqliteStoreProvider.open(config(file),
                new SchemaMigrator(Migration.ALL.subList(0, 5), InstantSource.fixed(NOW)))) {
            v5.dags().sync(Fixtures.standardDags(), Fixtures.T0);
            run = v5.dagRuns().insert(Fixtures.run(Fixtures.ETL, Fixtures.T0));
        }
        assertEquals(List.of(), query(file, "SELECT name FROM sqlite_master WHERE name = 'deadline_alerts'"));
        try (Store current = new SqliteStoreProvider().open(config(file))) {
            assertTrue(current.dagRuns().find(run).isPresent(), "the old run is kept");
            assertEquals(List.of(), current.deadlines().missed(run));
            MissedDeadline m = new MissedDeadline(run, Optional.empty(), t(60), t(61));
            assertTrue(current.deadlines().claim(m));
            assertEquals(List.of(m), current.deadlines().missed(run));
        }
        assertEquals(versions(Migration.ALL.size()), query(file, "SELECT version FROM schema_version ORDER BY version"));
    }
}
