package ppacer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.DagRunStatus;
import ppacer.api.Node;
import ppacer.api.Task;
import ppacer.api.TaskConfig;
import ppacer.api.schedule.Schedule;
import ppacer.api.spi.AuditEntry;
import ppacer.api.spi.AuditQuery;
import ppacer.api.spi.AuditRecord;
import ppacer.api.spi.NewDagRun;
import ppacer.api.spi.PoolRecord;
import ppacer.api.spi.ScheduleEventType;
import ppacer.api.spi.Store;
import ppacer.scheduler.RetentionConfig;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerConfig;
import ppacer.server.SchedulerServer;
import ppacer.server.ServerConfig;
import ppacer.testkit.Await;

/**
 * The audit log through the CLI: every operator command ({@code trigger}, {@code mark}, {@code restart},
 * {@code clear}, {@code pause}, {@code unpause}, {@code pool set|delete}, {@code backfill} and its
 * pause, resume and cancel, {@code token create|revoke}, {@code db clean}) run against a real server
 * writes exactly one row with the actor, address and state before and after; a command that fails
 * writes none.
 */
class CliAuditTest {
    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TOKEN = "root-secret";
    @TempDir
    Path dir;
    private String url;
    private Store store;

    private Console run(String... args) {
        Console c = new Console(Map.of("USER", "alice"), dir);
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--scheduler", url, "--token", TOKEN));
        int code = c.execute(all.toArray(String[]::new));
        assertEquals(0, code, String.join(" ", args) + ": " + c.out() + c.err());
        return c;
    }

    private void fails(String... args) {
        Console c = new Console(Map.of("USER", "alice"), dir);
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--scheduler", url, "--token", TOKEN));
        assertNotEquals(0, c.execute(all.toArray(String[]::new)), String.join(" ", args) + " must fail: " + c.out());
    }

    private List<AuditRecord> rows() {
        return store.audit().list(AuditQuery.all(1000));
    }

    /** Asserts that the action added exactly one row, and its actor, address, action and states. */
    private AuditEntry one(int before, String action, String beforeState, String afterState) {
        List<AuditRecord> rows = rows();
        assertEquals(before + 1, rows.size(), "exactly one row for " + action + ": " + rows);
        AuditEntry e = rows.getFirst().entry();
        assertEquals(action, e.action(), e.toString());
        assertEquals("token:alice", e.actor(), "the token, with the OS user the CLI names: " + e);
        assertEquals(Optional.of("127.0.0.1"), e.address(), e.toString());
        assertEquals(Optional.ofNullable(beforeState), e.before(), e.toString());
        assertEquals(Optional.ofNullable(afterState), e.after(), e.toString());
        return e;
    }

    private void awaitRun(long runId, DagRunStatus status) {
        Await.until(WAIT, () -> store.dagRuns().find(runId).orElseThrow().status() == status,
                () -> "run " + runId + " to be " + status);
    }

    private void awaitAttempt(long runId) {
        Await.until(WAIT, () -> !store.attempts().latest(runId).isEmpty(), () -> "an attempt of run " + runId);
    }

    private static long number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), regex + " in " + text);
        return Long.parseLong(m.group(1));
    }

    @Test
    void each_cli_action_writes_one_row_with_before_and_after_and_failed_ones_none() {
        DagRegistry registry = DagRegistry.of(Dag.builder("manual").root(Node.of(Task.of("only", ctx -> { }))).build(),
                Dag.builder("daily").schedule(Schedule.every(Duration.ofDays(1), START)).catchUp(false)
                        .root(Node.of(Task.of("t", ctx -> { }))).build(),
                Dag.builder("pooled").root(Node.of(Task.of("p", ctx -> { }), TaskConfig.builder().pool("warehouse").build()))
                        .build());
        try (Scheduler scheduler = Scheduler.start(SchedulerConfig.builder(registry)
                .storeUrl("jdbc:sqlite:" + dir.resolve("audit.db")).stopTimeout(Duration.ofSeconds(2))
                .retention(RetentionConfig.builder().keepLastPerDag(1).batchSize(1).pause(Duration.ZERO).build()).build());
             SchedulerServer server = SchedulerServer.start(scheduler, ServerConfig.defaults().withPort(0)
                     .withToken(Optional.of(TOKEN), false))) {
            url = server.uri().toString();
            store = scheduler.store();
            assertEquals(List.of(), rows());

            run("pause", "daily");
            assertEquals(Optional.of("daily"), one(0, "dag.pause", "active", "paused").target().dagId());
            run("unpause", "daily");
            one(1, "dag.unpause", "paused", "active");

            long runId = Long.parseLong(run("trigger", "manual", "--quiet").out().strip());
            assertEquals(java.util.OptionalLong.of(runId), one(2, "run.trigger", null, "SCHEDULED").target().runId());
            awaitAttempt(runId);
            run("mark", String.valueOf(runId), "only", "failed");
            assertEquals(Optional.of("only"), one(3, "task.mark", "SCHEDULED", "FAILED").target().taskId());
            awaitRun(runId, DagRunStatus.FAILED);
            run("restart", String.valueOf(runId));
            one(4, "run.restart", "FAILED", "RUNNING");
            awaitAttempt(runId);
            Await.until(WAIT, () -> store.dagRuns().find(runId).orElseThrow().status() == DagRunStatus.RUNNING
                    && store.attempts().latest(runId).getFirst().status() == ppacer.api.TaskStatus.SCHEDULED,
                    () -> "the restarted task scheduled again");
            run("mark", String.valueOf(runId), "only", "success");
            one(5, "task.mark", "SCHEDULED", "SUCCESS");
            awaitRun(runId, DagRunStatus.SUCCESS);
            run("clear", String.valueOf(runId), "only");
            one(6, "task.clear", "SUCCESS", "cleared");

            run("pool", "set", "warehouse", "2");
            assertEquals(Optional.of("warehouse"), one(7, "pool.set", null, "slots=2").target().pool());
            run("pool", "set", "warehouse", "3");
            one(8, "pool.set", "slots=2", "slots=3");
            store.pools().put(new PoolRecord("spare", 4, START, "api")); // a defined pool no task declares
            run("pool", "delete", "spare");
            one(9, "pool.delete", "slots=4", null);

            long b = number(run("backfill", "daily", "--from", "2024-01-01", "--to", "2024-01-03", "--max-active", "1")
                    .out(), "Backfill (\\d+) of daily");
            assertEquals(java.util.OptionalLong.of(b), one(10, "backfill.create", null,
                    "RUNNING 2024-01-01T00:00:00Z to 2024-01-03T00:00:00Z, 3 points").target().backfillId());
            run("backfill-pause", String.valueOf(b));
            one(11, "backfill.pause", "RUNNING", "PAUSED");
            run("backfill-resume", String.valueOf(b));
            one(12, "backfill.resume", "PAUSED", "RUNNING");
            run("backfill-cancel", String.valueOf(b));
            one(13, "backfill.cancel", "RUNNING", "CANCELLED");

            String created = run("token", "create", "ci", "--role", "operator", "--dags", "etl_*").out();
            String key = created.lines().toList().get(1);
            String id = store.apiKeys().list().getFirst().id();
            one(14, "token.create", null, "key 'ci' (id " + id + ", role operator, DAGs etl_*): active");
            run("token", "revoke", "ci");
            one(15, "token.revoke", "key 'ci': active", "key 'ci': revoked");
            assertTrue(rows().stream().noneMatch(r -> r.entry().toString().contains(key.substring(key.length() - 12))),
                    "no row holds the key's secret");

            Instant old = Instant.now().minus(Duration.ofDays(40));
            for (int i = 0; i < 3; i++) {
                long r = store.dagRuns().insert(new NewDagRun("manual", START.plus(Duration.ofDays(i)), DagRunStatus.QUEUED,
                        "{}", ScheduleEventType.MANUALLY_TRIGGERED, 1, old));
                assertTrue(store.dagRuns().transition(r, DagRunStatus.QUEUED, DagRunStatus.SUCCESS, old));
            }
            run("db", "clean", "--older-than", "P30D", "--dag", "manual", "--dry-run");
            assertEquals(16, rows().size(), "a dry run writes no row");
            String cleaned = run("db", "clean", "--older-than", "P30D", "--dag", "manual").out();
            assertTrue(cleaned.startsWith("Deleted") && cleaned.matches("(?s).*\\n\\s*runs\\s+[1-9].*"),
                    "the old runs went, one per batch: " + cleaned);
            one(16, "db.clean", null, "finished runs older than PT720H deleted (DAG manual)");

            // commands that fail write nothing
            fails("pause", "nope");
            fails("unpause", "nope");
            fails("trigger", "nope");
            fails("trigger", "manual", "--params", "[1]");
            fails("mark", String.valueOf(runId), "only", "maybe");
            fails("mark", "777", "only", "success");
            fails("restart", String.valueOf(runId));
            fails("restart", "777");
            fails("clear", "777", "only");
            fails("pool", "set", "warehouse", "-1");
            fails("pool", "delete", "warehouse");
            fails("pool", "delete", "never");
            fails("backfill", "daily", "--from", "2024-01-03", "--to", "2024-01-01");
            fails("backfill-pause", String.valueOf(b));
            fails("token", "create", "x", "--role", "boss");
            fails("token", "revoke", "ci");
            fails("db", "clean", "--older-than", "soon");
            fails("db", "clean", "--older-than", "P1D", "--dag", "nope");
            assertEquals(17, rows().size(), "failed commands write no row: " + rows().getFirst());
        }
    }
}
