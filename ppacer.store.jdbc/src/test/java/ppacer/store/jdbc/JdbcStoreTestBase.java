package ppacer.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ppacer.api.DagRunStatus;
import ppacer.api.TaskOutput;
import ppacer.api.TaskStatus;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.AttemptTransition;
import ppacer.api.spi.DagDefinition;
import ppacer.api.spi.DagTaskDefinition;
import ppacer.api.spi.DuplicateKeyException;
import ppacer.api.spi.NewAttempt;
import ppacer.api.spi.NewDagRun;
import ppacer.api.spi.PoolRecord;
import ppacer.api.spi.ScheduleEvent;
import ppacer.api.spi.ScheduleEventType;
import ppacer.api.spi.Store;
import ppacer.api.spi.StoreException;
import ppacer.api.spi.StoredOutput;
import ppacer.api.spi.TaskAttemptRecord;
import ppacer.api.spi.TaskExpansion;
import ppacer.api.spi.TaskLogRecord;
import ppacer.testkit.Await;

/** Store behaviour specific to the JDBC store (schema versions, group commit, instants), per dialect. */
abstract class JdbcStoreTestBase {
    static final Instant T0 = Instant.parse("2026-03-01T10:15:30.123456Z");
    TestDatabase database;
    Store store;

    abstract Dialect dialect();

    @BeforeEach
    void setUp() {
        database = TestDatabase.create(dialect());
        store = database.open();
    }

    @AfterEach
    void tearDown() {
        if (store != null) {
            store.close();
        }
        if (database != null) {
            database.drop();
        }
    }

    long newRun(String dagId, Instant logical) {
        return store.dagRuns().insert(new NewDagRun(dagId, logical, DagRunStatus.QUEUED, "{}",
                ScheduleEventType.REGULAR, 3, T0));
    }

    @Test
    void a_run_round_trips_with_exact_microsecond_instants() {
        Instant logical = Instant.parse("1969-12-31T23:59:59.999999Z");
        long id = newRun("d1", logical);
        var run = store.dagRuns().find(id).orElseThrow();
        assertEquals(logical, run.logicalTime());
        assertEquals(T0, run.createdAt());
        assertEquals(Optional.empty(), run.startedAt());
        assertEquals(id, store.dagRuns().find("d1", logical).orElseThrow().runId());
    }

    @Test
    void a_second_run_at_the_same_logical_time_is_a_duplicate_key() {
        newRun("d1", T0);
        var e = assertThrows(DuplicateKeyException.class, () -> newRun("d1", T0));
        assertTrue(e.getMessage().contains("'d1'") && e.getMessage().contains(T0.toString()), e.getMessage());
    }

    @Test
    void run_transition_from_wrong_status_is_refused_and_restart_counts() {
        long id = newRun("d1", T0);
        Instant t1 = T0.plusSeconds(1);
        assertTrue(store.dagRuns().transition(id, DagRunStatus.QUEUED, DagRunStatus.RUNNING, t1));
        assertFalse(store.dagRuns().transition(id, DagRunStatus.QUEUED, DagRunStatus.RUNNING, t1));
        assertTrue(store.dagRuns().transition(id, DagRunStatus.RUNNING, DagRunStatus.FAILED, t1.plusSeconds(1)));
        assertTrue(store.dagRuns().restart(id, t1.plusSeconds(2)));
        assertFalse(store.dagRuns().restart(id, t1.plusSeconds(3)));
        var run = store.dagRuns().find(id).orElseThrow();
        assertEquals(DagRunStatus.RUNNING, run.status());
        assertEquals(1, run.restarts());
        assertEquals(Optional.of(t1), run.startedAt());
        assertEquals(Map.of(DagRunStatus.RUNNING, 1L), store.dagRuns().countByStatus());
    }

    @Test
    void transitionAll_reports_each_compare_and_set_in_order() {
        long run = newRun("d1", T0);
        AttemptKey a = new AttemptKey(run, "a", 0);
        AttemptKey b = new AttemptKey(run, "b", 0);
        store.attempts().insert(List.of(new NewAttempt(a, TaskStatus.SCHEDULED, T0), new NewAttempt(b, TaskStatus.SCHEDULED, T0)));
        Instant lease = T0.plusSeconds(30);
        List<Boolean> applied = store.attempts().transitionAll(List.of(
                AttemptTransition.of(a, TaskStatus.SCHEDULED, TaskStatus.RUNNING, T0.plusSeconds(1)).withLease("e1", "tok", lease),
                AttemptTransition.of(b, TaskStatus.RUNNING, TaskStatus.SUCCESS, T0.plusSeconds(1)),
                AttemptTransition.of(a, TaskStatus.RUNNING, TaskStatus.RUNNING, T0.plusSeconds(2)).withLease("e1", "tok", lease),
                AttemptTransition.of(a, TaskStatus.RUNNING, TaskStatus.FAILED, T0.plusSeconds(3)).withError("boom"),
                AttemptTransition.of(new AttemptKey(run, "missing", 0), TaskStatus.SCHEDULED, TaskStatus.RUNNING, T0)));
        assertEquals(List.of(true, false, true, true, false), applied);
        var rec = store.attempts().find(a).orElseThrow();
        assertEquals(TaskStatus.FAILED, rec.status());
        assertEquals(Optional.of(T0.plusSeconds(1)), rec.startedAt());
        assertEquals(Optional.of(T0.plusSeconds(3)), rec.finishedAt());
        assertEquals(Optional.empty(), rec.leaseDeadline());
        assertEquals(Optional.of("e1"), rec.executorId());
        assertEquals(Optional.of("boom"), rec.error());
        assertEquals(List.of(b), store.attempts().unfinished().stream().map(r -> r.key()).toList());
        assertThrows(DuplicateKeyException.class, () -> store.attempts().insert(List.of(new NewAttempt(a, TaskStatus.SCHEDULED, T0))));
    }

    @Test
    void transitionAll_on_distinct_attempts_reports_each_result_with_all_fields() {
        long run = newRun("d1", T0);
        List<AttemptKey> keys = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            keys.add(new AttemptKey(run, "k" + i, 0));
        }
        store.attempts().insert(keys.stream().map(k -> new NewAttempt(k, TaskStatus.SCHEDULED, T0)).toList());
        Instant t1 = T0.plusMillis(1);
        List<AttemptTransition> ts = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            TaskStatus from = i % 2 == 0 ? TaskStatus.SCHEDULED : TaskStatus.RUNNING;
            ts.add(AttemptTransition.of(keys.get(i), from, TaskStatus.RUNNING, t1).withLease("ex" + i, "tok" + i, t1.plusSeconds(i)));
        }
        ts.add(AttemptTransition.of(new AttemptKey(run, "k9", 0), TaskStatus.SCHEDULED, TaskStatus.FAILED, t1).withError("e"));
        assertEquals(List.of(true, false, true, false, true, false, false), store.attempts().transitionAll(ts));
        var r0 = store.attempts().find(keys.get(4)).orElseThrow();
        assertEquals(TaskStatus.RUNNING, r0.status());
        assertEquals(Optional.of(t1), r0.startedAt());
        assertEquals(Optional.of(t1.plusSeconds(4)), r0.leaseDeadline());
        assertEquals(Optional.of("ex4"), r0.executorId());
        assertEquals(Optional.of("tok4"), r0.token());
        assertEquals(TaskStatus.SCHEDULED, store.attempts().find(keys.get(1)).orElseThrow().status());
        assertEquals(List.of(true, true), store.attempts().transitionAll(List.of(
                AttemptTransition.of(keys.get(0), TaskStatus.RUNNING, TaskStatus.SUCCESS, t1.plusSeconds(9)),
                AttemptTransition.of(keys.get(2), TaskStatus.RUNNING, TaskStatus.FAILED, t1.plusSeconds(9)).withError("x"))));
        var done = store.attempts().find(keys.get(0)).orElseThrow();
        assertEquals(Optional.of(t1.plusSeconds(9)), done.finishedAt());
        assertEquals(Optional.empty(), done.leaseDeadline());
        assertEquals(Optional.of("x"), store.attempts().find(keys.get(2)).orElseThrow().error());
    }

    private static java.util.Set<Thread> writerThreads() {
        java.util.Set<Thread> out = new java.util.HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("ppacer-jdbc-writer-")) {
                out.add(t);
            }
        }
        return out;
    }

    @Test
    void idle_writers_sleep_without_a_timeout_and_stop_on_close() throws Exception {
        java.util.Set<Thread> before = writerThreads();
        Store other = database.open();
        java.util.Set<Thread> mine = writerThreads();
        mine.removeAll(before);
        assertFalse(mine.isEmpty(), "the store started its writers");
        long run = other.dagRuns().insert(new NewDagRun("d1", T0, DagRunStatus.RUNNING, "{}", ScheduleEventType.REGULAR, 1, T0));
        AttemptKey k = new AttemptKey(run, "a", 0);
        other.attempts().insert(List.of(new NewAttempt(k, TaskStatus.SCHEDULED, T0)));
        assertTrue(other.attempts().transition(AttemptTransition.of(k, TaskStatus.SCHEDULED, TaskStatus.RUNNING, T0)));
        Await.until(Duration.ofSeconds(60), () -> mine.stream().allMatch(t -> t.getState() == Thread.State.WAITING),
                () -> "idle writers wait for work, no periodic wake-up: " + mine.stream().map(Thread::getState).toList());
        other.close();
        for (Thread t : mine) {
            t.join(TimeUnit.SECONDS.toMillis(10));
            assertFalse(t.isAlive(), t.getName() + " stopped on close");
        }
    }

    @Test
    void concurrent_transitions_are_all_acknowledged_and_durable() throws Exception {
        long run = newRun("d1", T0);
        int threads = 8;
        int perThread = 50;
        List<NewAttempt> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                all.add(new NewAttempt(new AttemptKey(run, "t" + t + "-" + i, 0), TaskStatus.SCHEDULED, T0));
            }
        }
        store.attempts().insert(all);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < perThread; i++) {
                        AttemptKey k = new AttemptKey(run, "t" + thread + "-" + i, 0);
                        ok += store.attempts().transition(AttemptTransition.of(k, TaskStatus.SCHEDULED, TaskStatus.RUNNING, T0)) ? 1 : 0;
                        ok += store.attempts().transition(AttemptTransition.of(k, TaskStatus.RUNNING, TaskStatus.SUCCESS, T0)) ? 1 : 0;
                    }
                    return ok;
                }));
            }
            for (Future<Integer> f : done) {
                assertEquals(2 * perThread, f.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        store.close();
        store = database.open();
        assertEquals(Map.of(TaskStatus.SUCCESS, (long) threads * perThread), store.attempts().countByStatus());
    }

    @Test
    void dags_sync_versions_and_deactivation() {
        var t1 = new DagTaskDefinition("start", "x.Start", List.of(), 1, 1, "{}");
        var t2 = new DagTaskDefinition("end", "x.End", List.of("start"), 2, 1, "{\"retries\":1}");
        var d = new DagDefinition("d1", "desc", List.of("a", "b c"), "@every 5m", true, 2, "f1", List.of(t1, t2));
        var r1 = store.dags().sync(List.of(d), T0);
        assertEquals(List.of("d1"), r1.inserted());
        var d2 = new DagDefinition("d1", "desc", List.of("a", "b c"), "@every 5m", true, 2, "f2", List.of(t1));
        var r2 = store.dags().sync(List.of(d2), T0.plusSeconds(1));
        assertEquals(List.of("d1"), r2.newVersions());
        assertEquals(2, store.dags().find("d1").orElseThrow().version());
        assertEquals(List.of("start", "end"), store.dags().tasks("d1", 1).stream().map(t -> t.taskId()).toList());
        assertEquals(List.of("start"), store.dags().tasks("d1", 1).get(1).parents());
        assertEquals(1, store.dags().currentTasks("d1").size());
        assertEquals(List.of("d1"), store.dags().sync(List.of(), T0.plusSeconds(2)).deactivated());
        assertTrue(store.dags().setPaused("d1", true, T0));
        assertEquals(List.of("d1"), store.dags().sync(List.of(d2), T0.plusSeconds(3)).reactivated());
        var rec = store.dags().list().getFirst();
        assertTrue(rec.paused() && rec.active());
        assertEquals(List.of("a", "b c"), rec.tags());
    }

    @Test
    void logs_events_and_purge() {
        long run = newRun("d1", T0);
        AttemptKey k = new AttemptKey(run, "a", 0);
        store.attempts().insert(List.of(new NewAttempt(k, TaskStatus.SCHEDULED, T0)));
        List<TaskLogRecord> recs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            recs.add(new TaskLogRecord(k, T0.plusNanos(i * 1000L), "INFO", "line " + i, "{}"));
        }
        store.taskLogs().append(recs);
        var page = store.taskLogs().read(k, 1, 2);
        assertEquals(5, page.total());
        assertEquals(List.of("line 1", "line 2"), page.records().stream().map(TaskLogRecord::message).toList());
        store.scheduleEvents().insert(List.of(new ScheduleEvent("d1", ScheduleEventType.SKIPPED, Optional.of(T0), Optional.empty(), T0),
                new ScheduleEvent("d1", ScheduleEventType.REGULAR, Optional.empty(), Optional.of(T0), T0)));
        assertEquals(List.of(ScheduleEventType.REGULAR, ScheduleEventType.SKIPPED),
                store.scheduleEvents().recent("d1", 10).stream().map(ScheduleEvent::type).toList());
        assertTrue(store.dagRuns().transition(run, DagRunStatus.QUEUED, DagRunStatus.SUCCESS, T0));
        var purged = store.purgeFinishedRunsOlderThan(T0.plusSeconds(1));
        assertEquals(1, purged.runs());
        assertEquals(1, purged.attempts());
        assertEquals(5, purged.logs());
        assertEquals(Optional.empty(), store.dagRuns().find(run));
    }

    @Test
    void a_database_with_a_newer_schema_version_is_refused() {
        store.close();
        store = null;
        database.exec("INSERT INTO schema_version (version, applied_at) VALUES (99, 0)");
        var e = assertThrows(StoreException.class, database::open);
        assertTrue(e.getMessage().contains("schema version 99") && e.getMessage().contains("newer"), e.getMessage());
    }

    /**
     * A database at schema version 2 (before branch and reason), with attempts written as that code
     * wrote them, in a schema/database of its own: opening it migrates it to the current version,
     * keeps its rows (NULL branch and reason) and writes the new fields.
     */
    @Test
    void a_version_2_database_keeps_its_attempts_and_gains_branch_and_reason() throws SQLException {
        TestDatabase old = TestDatabase.create(dialect());
        try {
            try (Connection c = DriverManager.getConnection(old.url)) {
                Schema.migrate(c, dialect(), new Failures(ConnectionSettings.of(dialect(), old.config(), Map.of())),
                        InstantSource.fixed(T0), 2);
            }
            assertEquals(List.of(List.of(1), List.of(2)), query(old, "SELECT version FROM schema_version ORDER BY version"));
            long run = 7;
            old.exec("INSERT INTO dag_runs (run_id, dag_id, logical_time, status, params_json, trigger_type, task_count, "
                            + "restarts, created_at, updated_at) VALUES (" + run + ", 'd1', " + us(0) + ", 'RUNNING', '{}', "
                            + "'REGULAR', 3, 0, " + us(0) + ", " + us(0) + ")",
                    "INSERT INTO task_attempts (run_id, task_id, attempt, status, scheduled_at, started_at, finished_at, "
                            + "updated_at, executor_id, token, lease_deadline, error) VALUES "
                            + "(" + run + ", 'a', 0, 'FAILED', " + us(1) + ", " + us(2) + ", " + us(3) + ", " + us(3)
                            + ", 'exec-1', 'tok-1', NULL, 'boom'), "
                            + "(" + run + ", 'b', 0, 'RUNNING', " + us(1) + ", " + us(2) + ", NULL, " + us(2)
                            + ", 'exec-1', 'tok-2', " + us(60) + ", NULL), "
                            + "(" + run + ", 'c', 0, 'RUNNING', " + us(1) + ", " + us(2) + ", NULL, " + us(2)
                            + ", 'exec-2', 'tok-3', " + us(60) + ", NULL), "
                            + "(" + run + ", 'd', 0, 'UPSTREAM_FAILED', " + us(1) + ", NULL, " + us(1) + ", " + us(1)
                            + ", NULL, NULL, NULL, NULL)");
            AttemptKey a = new AttemptKey(run, "a", 0);
            AttemptKey b = new AttemptKey(run, "b", 0);
            AttemptKey c = new AttemptKey(run, "c", 0);
            AttemptKey d = new AttemptKey(run, "d", 0);
            AttemptKey skipped = new AttemptKey(run, "e", 0);
            try (Store current = old.open()) {
                assertEquals(List.of(
                        new TaskAttemptRecord(a, TaskStatus.FAILED, t(1), Optional.of(t(2)), Optional.of(t(3)), t(3),
                                Optional.of("exec-1"), Optional.of("tok-1"), Optional.empty(), Optional.of("boom")),
                        new TaskAttemptRecord(b, TaskStatus.RUNNING, t(1), Optional.of(t(2)), Optional.empty(), t(2),
                                Optional.of("exec-1"), Optional.of("tok-2"), Optional.of(t(60)), Optional.empty()),
                        new TaskAttemptRecord(c, TaskStatus.RUNNING, t(1), Optional.of(t(2)), Optional.empty(), t(2),
                                Optional.of("exec-2"), Optional.of("tok-3"), Optional.of(t(60)), Optional.empty()),
                        new TaskAttemptRecord(d, TaskStatus.UPSTREAM_FAILED, t(1), Optional.empty(), Optional.of(t(1)), t(1),
                                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty())),
                        current.attempts().latest(run), "old rows read back unchanged, without branch or reason");

                assertTrue(current.attempts().transition(AttemptTransition.of(b, TaskStatus.RUNNING, TaskStatus.SUCCESS, t(10))
                        .withBranch(List.of())));
                assertEquals(List.of(true, true), current.attempts().transitionAll(List.of(
                        AttemptTransition.of(c, TaskStatus.RUNNING, TaskStatus.SKIPPED, t(11)).withReason("short-circuit: x"),
                        AttemptTransition.of(d, TaskStatus.UPSTREAM_FAILED, TaskStatus.SKIPPED, t(11))
                                .withReason("marked SKIPPED by an operator"))));
                current.attempts().insert(List.of(new NewAttempt(skipped, TaskStatus.SKIPPED, t(12),
                        Optional.of("branch not chosen: b chose []"))));
                assertEquals(Optional.of(List.of()), current.attempts().find(b).orElseThrow().branch());
                assertEquals(Optional.of("branch not chosen: b chose []"),
                        current.attempts().find(skipped).orElseThrow().reason());
            }
            assertEquals(versions(Schema.CURRENT),
                    query(old, "SELECT version FROM schema_version ORDER BY version"));
            assertEquals(List.of(Arrays.asList("a", null, null), Arrays.asList("b", "", null),
                            Arrays.asList("c", null, "short-circuit: x"), Arrays.asList("d", null, "marked SKIPPED by an operator"),
                            Arrays.asList("e", null, "branch not chosen: b chose []")),
                    query(old, "SELECT task_id, branch, reason FROM task_attempts ORDER BY task_id"),
                    "old rows hold NULL in both columns; a branch of no child is ''");
        } finally {
            old.drop();
        }
    }

    /**
     * A database at schema version 3 (before task outputs) with a success as that code wrote it:
     * opening it migrates it to the current version, keeps the row (no output) and stores outputs.
     */
    @Test
    void a_version_3_database_keeps_its_attempts_and_gains_task_outputs() throws SQLException {
        TestDatabase old = TestDatabase.create(dialect());
        try {
            try (Connection c = DriverManager.getConnection(old.url)) {
                Schema.migrate(c, dialect(), new Failures(ConnectionSettings.of(dialect(), old.config(), Map.of())),
                        InstantSource.fixed(T0), 3);
            }
            long run = 7;
            old.exec("INSERT INTO dag_runs (run_id, dag_id, logical_time, status, params_json, trigger_type, task_count, "
                            + "restarts, created_at, updated_at) VALUES (" + run + ", 'd1', " + us(0) + ", 'RUNNING', '{}', "
                            + "'REGULAR', 2, 0, " + us(0) + ", " + us(0) + ")",
                    "INSERT INTO task_attempts (run_id, task_id, attempt, status, scheduled_at, started_at, finished_at, "
                            + "updated_at, executor_id, token, lease_deadline, error, branch, reason) VALUES "
                            + "(" + run + ", 'a', 0, 'SUCCESS', " + us(1) + ", " + us(2) + ", " + us(3) + ", " + us(3)
                            + ", 'exec-1', 'tok-1', NULL, NULL, NULL, NULL), "
                            + "(" + run + ", 'b', 0, 'RUNNING', " + us(1) + ", " + us(2) + ", NULL, " + us(2)
                            + ", 'exec-1', 'tok-2', " + us(60) + ", NULL, NULL, NULL)");
            AttemptKey a = new AttemptKey(run, "a", 0);
            AttemptKey b = new AttemptKey(run, "b", 0);
            try (Store current = old.open()) {
                assertEquals(TaskStatus.SUCCESS, current.attempts().find(a).orElseThrow().status(), "the old row is kept");
                assertEquals(Optional.empty(), current.attempts().output(a));
                assertTrue(current.attempts().transition(AttemptTransition.of(b, TaskStatus.RUNNING, TaskStatus.SUCCESS, t(10))
                        .withOutput(TaskOutput.json("{\"n\":1}"))));
                assertEquals(Map.of("b", new StoredOutput(b, TaskOutput.json("{\"n\":1}"), t(10))),
                        current.attempts().outputs(run, List.of("a", "b")));
            }
            assertEquals(versions(Schema.CURRENT),
                    query(old, "SELECT version FROM schema_version ORDER BY version"));
        } finally {
            old.drop();
        }
    }

    /**
     * A database at schema version 4 (before backfills) with a run as that code wrote it: opening it
     * migrates it to the current version, the old run has no backfill, and backfills and their
     * tagged runs are stored.
     */
    @Test
    void a_version_4_database_keeps_its_runs_and_gains_backfills() throws SQLException {
        TestDatabase old = TestDatabase.create(dialect());
        try {
            try (Connection c = DriverManager.getConnection(old.url)) {
                Schema.migrate(c, dialect(), new Failures(ConnectionSettings.of(dialect(), old.config(), Map.of())),
                        InstantSource.fixed(T0), 4);
            }
            long run = 7;
            old.exec("INSERT INTO dag_runs (run_id, dag_id, logical_time, status, params_json, trigger_type, task_count, "
                    + "restarts, created_at, updated_at) VALUES (" + run + ", 'd1', " + us(0) + ", 'FAILED', '{}', "
                    + "'REGULAR', 2, 0, " + us(0) + ", " + us(0) + ")");
            try (Store current = old.open()) {
                assertEquals(ppacer.api.DagRunStatus.FAILED, current.dagRuns().find(run).orElseThrow().status(),
                        "the old run is kept");
                assertEquals(java.util.OptionalLong.empty(), current.backfills().backfillOf(run));
                long b = current.backfills().insert(new ppacer.api.spi.NewBackfill("d1", t(0), t(100), 2,
                        ppacer.api.spi.BackfillReprocess.FAILED, false, "{}", "cli", t(5), Optional.of(t(0)), 2));
                assertEquals(java.util.OptionalLong.of(run), current.backfills().advance(b, 0,
                        new ppacer.api.spi.BackfillStep.Rerun(run, ppacer.api.DagRunStatus.FAILED), Optional.of(t(100)), t(6)));
                assertEquals(java.util.OptionalLong.of(b), current.backfills().backfillOf(run));
                assertEquals(1, current.dagRuns().find(run).orElseThrow().restarts());
            }
            assertEquals(versions(Schema.CURRENT),
                    query(old, "SELECT version FROM schema_version ORDER BY version"));
        } finally {
            old.drop();
        }
    }

    /**
     * A database at schema version 5 (before pools) with a running run: opening it migrates it to
     * the current version, keeps the run, and stores pools.
     */
    @Test
    void a_version_5_database_keeps_its_runs_and_gains_pools() throws SQLException {
        TestDatabase old = TestDatabase.create(dialect());
        try {
            try (Connection c = DriverManager.getConnection(old.url)) {
                Schema.migrate(c, dialect(), new Failures(ConnectionSettings.of(dialect(), old.config(), Map.of())),
                        InstantSource.fixed(T0), 5);
            }
            long run = 7;
            old.exec("INSERT INTO dag_runs (run_id, dag_id, logical_time, status, params_json, trigger_type, task_count, "
                    + "restarts, created_at, updated_at) VALUES (" + run + ", 'd1', " + us(0) + ", 'RUNNING', '{}', "
                    + "'REGULAR', 2, 0, " + us(0) + ", " + us(0) + ")");
            try (Store current = old.open()) {
                assertEquals(DagRunStatus.RUNNING, current.dagRuns().find(run).orElseThrow().status(), "the old run is kept");
                assertEquals(List.of(), current.pools().list());
                current.pools().put(new PoolRecord("warehouse", 8, t(1), "api"));
                current.pools().put(new PoolRecord("warehouse", 3, t(2), "api"));
                assertEquals(List.of(new PoolRecord("warehouse", 3, t(2), "api")), current.pools().list());
            }
            assertEquals(versions(Schema.CURRENT),
                    query(old, "SELECT version FROM schema_version ORDER BY version"));
        } finally {
            old.drop();
        }
    }

    /** A database at schema version 6 (before missed deadlines) keeps its runs and gains deadline_alerts. */
    @Test
    void a_version_6_database_keeps_its_runs_and_gains_missed_deadlines() throws SQLException {
        TestDatabase old = TestDatabase.create(dialect());
        try {
            try (Connection c = DriverManager.getConnection(old.url)) {
                Schema.migrate(c, dialect(), new Failures(ConnectionSettings.of(dialect(), old.config(), Map.of())),
                        InstantSource.fixed(T0), 6);
            }
            long run = 7;
            old.exec("INSERT INTO dag_runs (run_id, dag_id, logical_time, status, params_json, trigger_type, task_count, "
                    + "restarts, created_at, updated_at) VALUES (" + run + ", 'd1', " + us(0) + ", 'RUNNING', '{}', "
                    + "'REGULAR', 2, 0, " + us(0) + ", " + us(0) + ")");
            try (Store current = old.open()) {
                assertEquals(ppacer.api.DagRunStatus.RUNNING, current.dagRuns().find(run).orElseThrow().status(),
                        "the old run is kept");
                assertEquals(List.of(), current.deadlines().missed(run));
                ppacer.api.spi.MissedDeadline m = new ppacer.api.spi.MissedDeadline(run, Optional.of("b"), t(60), t(61));
                assertTrue(current.deadlines().claim(m));
                assertFalse(current.deadlines().claim(m));
                assertEquals(List.of(m), current.deadlines().missed(run));
            }
            assertEquals(versions(Schema.CURRENT), query(old, "SELECT version FROM schema_version ORDER BY version"));
        } finally {
            old.drop();
        }
    }

    private static Instant t(long seconds) {
        return T0.plusSeconds(seconds);
    }

    private static long us(long seconds) {
        return Micros.of(t(seconds));
    }

    /** @return the rows of a query on the database, each a list of its column values */
    private static List<List<Object>> query(TestDatabase db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
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

    @Test
    void ppacer_tables_without_schema_version_are_refused() {
        store.close();
        store = null;
        database.exec("DROP TABLE schema_version");
        var e = assertThrows(StoreException.class, database::open);
        assertTrue(e.getMessage().contains("no schema_version"), e.getMessage());
    }

    /** @return SQL that sets the session time zone to +05:45 (Asia/Kathmandu) */
    abstract String kathmanduSessionSql();

    /** @return SQL showing the session time zone */
    abstract String showTimeZone();

    @Test
    void instants_read_back_unchanged_under_a_non_utc_session_time_zone() throws Exception {
        try (var c = java.sql.DriverManager.getConnection(database.url); var st = c.createStatement()) {
            st.execute(kathmanduSessionSql());
            var rs = st.executeQuery(showTimeZone());
            assertTrue(rs.next());
            assertTrue(rs.getString(1).contains("Kathmandu") || rs.getString(1).contains("+05:45"), rs.getString(1));
        }
        Instant logical = Instant.parse("2026-10-25T01:30:00.000001Z");
        long id;
        try (Store nepal = ppacer.api.spi.Stores.open(database.config().with("connectionInitSql", kathmanduSessionSql()))) {
            id = nepal.dagRuns().insert(new NewDagRun("tz", logical, DagRunStatus.QUEUED, "{}", ScheduleEventType.REGULAR, 1, T0));
            assertEquals(logical, nepal.dagRuns().find(id).orElseThrow().logicalTime());
        }
        var run = store.dagRuns().find(id).orElseThrow();
        assertEquals(logical, run.logicalTime());
        assertEquals(T0, run.createdAt());
    }

    @Test
    void reopening_keeps_the_schema_and_data() {
        long id = newRun("d1", T0);
        store.close();
        store = database.open();
        assertEquals(T0, store.dagRuns().find(id).orElseThrow().logicalTime());
    }

    @Test
    void a_closed_store_refuses_calls() {
        store.close();
        var e = assertThrows(StoreException.class, () -> store.dagRuns().find(1));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(StoreException.class, () -> store.attempts().transition(
                AttemptTransition.of(new AttemptKey(1, "a", 0), TaskStatus.SCHEDULED, TaskStatus.RUNNING, T0)));
    }

    /**
     * A database at schema version 7 (before task expansions) with an output as that code wrote it:
     * opening it migrates it to the current version, keeps the output and stores expansions with a
     * parent's success.
     */
    @Test
    void a_version_7_database_keeps_its_outputs_and_gains_task_expansions() throws SQLException {
        TestDatabase old = TestDatabase.create(dialect());
        try {
            try (Connection c = DriverManager.getConnection(old.url)) {
                Schema.migrate(c, dialect(), new Failures(ConnectionSettings.of(dialect(), old.config(), Map.of())),
                        InstantSource.fixed(T0), 7);
            }
            long run = 7;
            old.exec("INSERT INTO dag_runs (run_id, dag_id, logical_time, status, params_json, trigger_type, task_count, "
                            + "restarts, created_at, updated_at) VALUES (" + run + ", 'd1', " + us(0) + ", 'RUNNING', '{}', "
                            + "'REGULAR', 2, 0, " + us(0) + ", " + us(0) + ")",
                    "INSERT INTO task_attempts (run_id, task_id, attempt, status, scheduled_at, started_at, finished_at, "
                            + "updated_at, executor_id, token, lease_deadline, error, branch, reason) VALUES "
                            + "(" + run + ", 'a', 0, 'SUCCESS', " + us(1) + ", " + us(2) + ", " + us(3) + ", " + us(3)
                            + ", 'exec-1', 'tok-1', NULL, NULL, NULL, NULL), "
                            + "(" + run + ", 'a', 1, 'RUNNING', " + us(4) + ", " + us(5) + ", NULL, " + us(5)
                            + ", 'exec-1', 'tok-2', " + us(60) + ", NULL, NULL, NULL)",
                    "INSERT INTO task_outputs (run_id, task_id, attempt, content_type, content, created_at) VALUES ("
                            + run + ", 'a', 0, 'text/plain', " + (dialect() == Dialect.POSTGRESQL ? "'\\x6869'" : "X'6869'")
                            + ", " + us(3) + ")");
            AttemptKey a0 = new AttemptKey(run, "a", 0);
            AttemptKey a1 = new AttemptKey(run, "a", 1);
            try (Store current = old.open()) {
                assertEquals(new TaskOutput("text/plain", "hi".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                        current.attempts().output(a0).orElseThrow().output(), "the old output is kept");
                assertEquals(List.of(), current.attempts().expansions(run));
                assertTrue(current.attempts().transition(AttemptTransition.of(a1, TaskStatus.RUNNING, TaskStatus.SUCCESS, t(10))
                        .withOutput(TaskOutput.json("[1,2]")).withExpansions(List.of(new TaskExpansion("b", 2)))));
                assertEquals(List.of(new TaskExpansion("b", 2)), current.attempts().expansions(run));
            }
            assertEquals(versions(Schema.CURRENT),
                    query(old, "SELECT version FROM schema_version ORDER BY version"));
        } finally {
            old.drop();
        }
    }

    /** A database at schema version 8 (before API keys) with a run: opening it migrates it, keeps the run and stores keys. */
    @Test
    void a_version_8_database_keeps_its_runs_and_gains_api_keys() throws SQLException {
        TestDatabase old = TestDatabase.create(dialect());
        try {
            try (Connection c = DriverManager.getConnection(old.url)) {
                Schema.migrate(c, dialect(), new Failures(ConnectionSettings.of(dialect(), old.config(), Map.of())),
                        InstantSource.fixed(T0), 8);
            }
            old.exec("INSERT INTO dag_runs (run_id, dag_id, logical_time, status, params_json, trigger_type, task_count, "
                    + "restarts, created_at, updated_at) VALUES (8, 'd1', " + us(0) + ", 'RUNNING', '{}', "
                    + "'REGULAR', 2, 0, " + us(0) + ", " + us(0) + ")");
            try (Store current = old.open()) {
                assertTrue(current.dagRuns().find(8).isPresent(), "the old run is kept");
                assertEquals(List.of(), current.apiKeys().list());
                current.apiKeys().create(new ppacer.api.spi.ApiKeyRecord("k1", "ci", "executor", List.of("etl_*"), "00",
                        "ff", t(1), "admin", java.util.Optional.empty(), java.util.Optional.empty()));
                assertEquals(List.of("etl_*"), current.apiKeys().find("k1").orElseThrow().dags());
            }
            assertEquals(versions(Schema.CURRENT), query(old, "SELECT version FROM schema_version ORDER BY version"));
        } finally {
            old.drop();
        }
    }

    /** @return the rows [[1], [2], ... [last]] of the schema_version query */
    private static List<List<Object>> versions(int last) {
        List<List<Object>> out = new ArrayList<>();
        for (int v = 1; v <= last; v++) {
            out.add(List.<Object>of(v));
        }
        return out;
    }

    /** A database at schema version 8 (before the audit log) keeps its pools and gains audit_log. */
    @Test
    void a_version_8_database_keeps_its_pools_and_gains_the_audit_log() throws SQLException {
        TestDatabase old = TestDatabase.create(dialect());
        try {
            try (Connection c = DriverManager.getConnection(old.url)) {
                Schema.migrate(c, dialect(), new Failures(ConnectionSettings.of(dialect(), old.config(), Map.of())),
                        InstantSource.fixed(T0), 8);
            }
            old.exec("INSERT INTO pools (name, slots, updated_at, updated_by) VALUES ('warehouse', 8, " + us(0) + ", 'api')");
            try (Store current = old.open()) {
                assertEquals(8, current.pools().find("warehouse").orElseThrow().slots(), "the old pool is kept");
                assertEquals(List.of(), current.audit().list(ppacer.api.spi.AuditQuery.all(10)));
                ppacer.api.spi.AuditEntry e = new ppacer.api.spi.AuditEntry(t(2), "token", java.util.Optional.of("127.0.0.1"),
                        "pool.set", ppacer.api.spi.AuditTarget.pool("warehouse"), java.util.Optional.of("slots=8"),
                        java.util.Optional.of("slots=2"));
                current.pools().put(new PoolRecord("warehouse", 2, t(2), "token"), java.util.Optional.of(e));
                assertEquals(List.of(e), current.audit().list(ppacer.api.spi.AuditQuery.all(10)).stream()
                        .map(ppacer.api.spi.AuditRecord::entry).toList());
            }
            assertEquals(versions(Schema.CURRENT), query(old, "SELECT version FROM schema_version ORDER BY version"));
        } finally {
            old.drop();
        }
    }

    /**
     * A database at schema version 8 (before DAG bundles) keeps its runs, which read no bundle hash,
     * and gains bundle versions and the bundle hash of new runs.
     */
    @Test
    void a_version_8_database_keeps_its_runs_and_gains_bundle_versions() throws SQLException {
        TestDatabase old = TestDatabase.create(dialect());
        try {
            try (Connection c = DriverManager.getConnection(old.url)) {
                Schema.migrate(c, dialect(), new Failures(ConnectionSettings.of(dialect(), old.config(), Map.of())),
                        InstantSource.fixed(T0), 8);
            }
            long run = 7;
            old.exec("INSERT INTO dag_runs (run_id, dag_id, logical_time, status, params_json, trigger_type, task_count, "
                    + "restarts, created_at, updated_at) VALUES (" + run + ", 'd1', " + us(0) + ", 'RUNNING', '{}', "
                    + "'REGULAR', 2, 0, " + us(0) + ", " + us(0) + ")");
            String hash = "ab".repeat(32);
            try (Store current = old.open()) {
                assertEquals(Optional.empty(), current.dagRuns().find(run).orElseThrow().bundleHash(), "the old run is kept");
                assertEquals(List.of(), current.bundles().list());
                assertEquals(1, current.bundles().deploy("b", hash, List.of("d2"), t(1), "api").version());
                long pinned = current.dagRuns().insert(new NewDagRun("d2", T0, DagRunStatus.QUEUED, "{}",
                        ScheduleEventType.MANUALLY_TRIGGERED, 1, t(2), Optional.of(hash)));
                assertEquals(Optional.of(hash), current.dagRuns().find(pinned).orElseThrow().bundleHash());
            }
            assertEquals(versions(Schema.CURRENT), query(old, "SELECT version FROM schema_version ORDER BY version"));
        } finally {
            old.drop();
        }
    }

    /**
     * A database at schema version 8 (before deferrals) with a RUNNING attempt as that code wrote it:
     * opening it migrates it to the current version, keeps the attempt and lets it be deferred.
     */
    @Test
    void a_version_8_database_keeps_its_attempts_and_gains_deferrals() throws SQLException {
        TestDatabase old = TestDatabase.create(dialect());
        try {
            try (Connection c = DriverManager.getConnection(old.url)) {
                Schema.migrate(c, dialect(), new Failures(ConnectionSettings.of(dialect(), old.config(), Map.of())),
                        InstantSource.fixed(T0), 8);
            }
            long run = 8;
            old.exec("INSERT INTO dag_runs (run_id, dag_id, logical_time, status, params_json, trigger_type, task_count, "
                            + "restarts, created_at, updated_at) VALUES (" + run + ", 'd1', " + us(0) + ", 'RUNNING', '{}', "
                            + "'REGULAR', 1, 0, " + us(0) + ", " + us(0) + ")",
                    "INSERT INTO task_attempts (run_id, task_id, attempt, status, scheduled_at, started_at, finished_at, "
                            + "updated_at, executor_id, token, lease_deadline, error, branch, reason) VALUES "
                            + "(" + run + ", 'a', 0, 'RUNNING', " + us(1) + ", " + us(2) + ", NULL, " + us(2)
                            + ", 'exec-1', 'tok-1', " + us(60) + ", NULL, NULL, NULL)");
            AttemptKey a0 = new AttemptKey(run, "a", 0);
            try (Store current = old.open()) {
                assertEquals(TaskStatus.RUNNING, current.attempts().find(a0).orElseThrow().status(), "the attempt is kept");
                assertEquals(List.of(), current.deferrals().waiting());
                ppacer.api.spi.AttemptDeferral d = new ppacer.api.spi.AttemptDeferral(a0, t(100), 1, t(2), "not yet",
                        java.util.Optional.of(java.time.Duration.ofMinutes(5)));
                assertTrue(current.deferrals().defer(d, t(3)));
                assertEquals(List.of(d), current.deferrals().waiting());
                assertEquals(List.of(a0), current.attempts().unfinished().stream().map(x -> x.key()).toList());
            }
            assertEquals(versions(Schema.CURRENT),
                    query(old, "SELECT version FROM schema_version ORDER BY version"));
        } finally {
            old.drop();
        }
    }

    /**
     * A database at schema version 12 (before assets) with a run as that code wrote it: opening it
     * migrates it to the current version, keeps the run, and a run of the DAG can consume an asset event.
     */
    @Test
    void a_version_12_database_keeps_its_runs_and_gains_assets() throws SQLException {
        TestDatabase old = TestDatabase.create(dialect());
        try {
            try (Connection c = DriverManager.getConnection(old.url)) {
                Schema.migrate(c, dialect(), new Failures(ConnectionSettings.of(dialect(), old.config(), Map.of())),
                        InstantSource.fixed(T0), 12);
            }
            long run = 8;
            old.exec("INSERT INTO dag_runs (run_id, dag_id, logical_time, status, params_json, trigger_type, task_count, "
                    + "restarts, created_at, updated_at) VALUES (" + run + ", 'd1', " + us(0) + ", 'SUCCESS', '{}', "
                    + "'REGULAR', 1, 0, " + us(0) + ", " + us(0) + ")");
            try (Store current = old.open()) {
                assertTrue(current.dagRuns().find(run).isPresent(), "the run is kept");
                current.assets().watch("d1", java.util.Set.of("x"));
                ppacer.api.AssetEvent e = current.assets().record(new ppacer.api.spi.NewAssetEvent("x", t(5),
                        new ppacer.api.AssetEventSource.Task("d1", run, T0, "load", 0), "{}",
                        java.util.Optional.empty()), java.util.Optional.empty()).event();
                assertEquals(List.of(e), current.assets().pending("d1", java.util.Set.of("x")));
                long consumer = current.assets().insertRunConsuming(new ppacer.api.spi.NewDagRun("d1", t(10),
                        ppacer.api.DagRunStatus.SCHEDULED, "{}", ppacer.api.spi.ScheduleEventType.ASSET_TRIGGERED, 1,
                        t(10)), List.of(e.id())).orElseThrow();
                assertEquals(List.of(e), current.assets().consumedBy(consumer));
            }
            assertEquals(versions(Schema.CURRENT),
                    query(old, "SELECT version FROM schema_version ORDER BY version"));
        } finally {
            old.drop();
        }
    }

    /**
     * A database at schema version 13 (before the history index) with finished and unfinished runs of two
     * DAGs as that code wrote them: opening it migrates it to the current version, gains the index
     * {@code dag_runs_dag_run}, keeps the runs, and pages a DAG's runs and lists the unfinished ones as before.
     */
    @Test
    void a_version_13_database_keeps_its_runs_and_gains_the_history_index() throws SQLException {
        TestDatabase old = TestDatabase.create(dialect());
        try {
            try (Connection c = DriverManager.getConnection(old.url)) {
                Schema.migrate(c, dialect(), new Failures(ConnectionSettings.of(dialect(), old.config(), Map.of())),
                        InstantSource.fixed(T0), 13);
            }
            String[] statuses = {"SUCCESS", "FAILED", "QUEUED", "READY_TO_SCHEDULE", "SCHEDULED", "RUNNING"};
            List<String> inserts = new ArrayList<>();
            for (int i = 1; i <= 12; i++) {
                inserts.add("INSERT INTO dag_runs (run_id, dag_id, logical_time, status, params_json, trigger_type, "
                        + "task_count, restarts, created_at, updated_at) VALUES (" + i + ", '" + (i % 2 == 0 ? "d1" : "d2")
                        + "', " + us(i) + ", '" + statuses[i % statuses.length] + "', '{}', 'REGULAR', 1, 0, " + us(0)
                        + ", " + us(0) + ")");
            }
            old.exec(inserts.toArray(String[]::new));
            try (Store current = old.open()) {
                assertEquals(List.of(12L, 10L, 8L), current.dagRuns().recent(Optional.of("d1"), Optional.empty(), 3).stream()
                        .map(s -> s.run().runId()).toList(), "a DAG's runs, newest first");
                assertEquals(List.of(6L, 4L), current.dagRuns().recent(Optional.of("d1"), Optional.of(8L), 2).stream()
                        .map(s -> s.run().runId()).toList(), "the page before run 8");
                assertEquals(List.of(2L, 3L, 4L, 5L, 8L, 9L, 10L, 11L), current.dagRuns().unfinished().stream()
                        .map(r -> r.runId()).toList(), "every run but the SUCCESS and FAILED ones");
            }
            String indexes = dialect() == Dialect.POSTGRESQL
                    ? "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'dag_runs'"
                            + " AND indexname = 'dag_runs_dag_run'"
                    : "SELECT DISTINCT index_name FROM information_schema.statistics WHERE table_schema = DATABASE()"
                            + " AND table_name = 'dag_runs' AND index_name = 'dag_runs_dag_run'";
            assertEquals(List.of(List.of("dag_runs_dag_run")), query(old, indexes));
            assertEquals(versions(Schema.CURRENT), query(old, "SELECT version FROM schema_version ORDER BY version"));
        } finally {
            old.drop();
        }
    }
}
