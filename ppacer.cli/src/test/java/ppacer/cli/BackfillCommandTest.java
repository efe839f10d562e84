package ppacer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.Node;
import ppacer.api.Task;
import ppacer.api.schedule.Schedule;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerConfig;
import ppacer.server.SchedulerServer;
import ppacer.server.ServerConfig;

/**
 * {@code ppacer backfill}, {@code backfills}, {@code backfill-status|cancel|pause|resume}: a dry run,
 * a backfill run to its end by the in-process executor, and bad input as one line with exit 2 and
 * nothing created.
 */
class BackfillCommandTest {
    @TempDir
    Path dir;

    @Test
    void a_dry_run_then_a_backfill_to_its_end_and_bad_input_as_exit_2() throws InterruptedException {
        Dag daily = Dag.builder("daily").schedule(Schedule.every(Duration.ofDays(1), Instant.parse("2024-01-01T00:00:00Z")))
                .catchUp(false).root(Node.of(Task.of("t", ctx -> { }))).build();
        try (Scheduler scheduler = Scheduler.start(SchedulerConfig.builder(DagRegistry.of(daily))
                .storeUrl("jdbc:sqlite:" + dir.resolve("s.db")).stopTimeout(Duration.ofSeconds(2)).build());
             SchedulerServer server = SchedulerServer.start(scheduler, ServerConfig.defaults().withPort(0))) {
            String s = server.uri().toString();
            scheduler.trigger("daily", "{}", Instant.parse("2024-01-02T00:00:00Z"));

            Console dry = new Console(Map.of(), dir);
            assertEquals(0, dry.execute("backfill", "daily", "--from", "2024-01-01", "--to", "2024-01-03", "--dry-run",
                    "--scheduler", s), dry.err());
            assertTrue(dry.out().contains("create a run at 2 logical time(s):"), dry.out());
            assertTrue(dry.out().contains("skip (a run exists) 1 logical time(s):"), dry.out());
            assertTrue(dry.out().contains("Nothing was changed (--dry-run)."), dry.out());
            assertTrue(scheduler.backfills(Optional.empty()).isEmpty());

            Console bad = new Console(Map.of(), dir);
            assertEquals(2, bad.execute("backfill", "daily", "--from", "2024-01-05", "--to", "2024-01-01", "--scheduler", s));
            assertEquals(1, bad.err().strip().lines().count(), bad.err());
            assertTrue(bad.err().contains("is after to"), bad.err());
            Console unknown = new Console(Map.of(), dir);
            assertEquals(2, unknown.execute("backfill", "nosuch", "--from", "2024-01-01", "--to", "2024-01-02", "--scheduler", s));
            assertTrue(unknown.err().contains("Unknown DAG 'nosuch'"), unknown.err());
            Console badReprocess = new Console(Map.of(), dir);
            assertEquals(2, badReprocess.execute("backfill", "daily", "--from", "2024-01-01", "--to", "2024-01-02",
                    "--reprocess", "some", "--scheduler", s));
            assertTrue(scheduler.backfills(Optional.empty()).isEmpty(), "nothing created");

            Console run = new Console(Map.of(), dir);
            assertEquals(0, run.execute("backfill", "daily", "--from", "2024-01-01", "--to", "2024-01-10", "--max-active", "2",
                    "--params", "{\"k\":1}", "--scheduler", s), run.err());
            assertTrue(run.out().startsWith("Backfill "), run.out());
            long id = scheduler.backfills(Optional.empty()).getFirst().backfill().id();
            assertTrue(run.out().contains("Follow it with: ppacer backfill-status " + id), run.out());

            Console overlap = new Console(Map.of(), dir);
            assertEquals(2, overlap.execute("backfill", "daily", "--from", "2024-01-03", "--to", "2024-01-04", "--scheduler", s));
            assertTrue(overlap.err().contains("overlaps"), overlap.err());

            // an executor: takes and succeeds every task until the backfill ends
            java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
            Thread executor = Thread.ofVirtual().start(() -> {
                while (!done.get()) {
                    scheduler.nextTask("e1", Duration.ofMillis(200)).ifPresent(l -> scheduler.report(l.key(), l.token(),
                            ppacer.scheduler.model.TaskOutcome.success()));
                }
            });
            try {
                ppacer.testkit.Await.until(Duration.ofSeconds(120),
                        () -> scheduler.backfillProgress(id).backfill().state().isTerminal(),
                        () -> "the backfill ends: " + scheduler.backfillProgress(id));
            } finally {
                done.set(true);
                executor.join();
            }
            Console status = new Console(Map.of(), dir);
            assertEquals(0, status.execute("backfill-status", String.valueOf(id), "--scheduler", s), status.err());
            assertTrue(status.out().contains("Backfill " + id + " of daily: SUCCEEDED"), status.out());
            assertTrue(status.out().contains("progress:  10/10 done (100%)"), status.out());
            assertTrue(status.out().contains("9 created, 0 rerun, 1 skipped"), status.out());

            Console list = new Console(Map.of(), dir);
            assertEquals(0, list.execute("backfills", "daily", "--scheduler", s), list.err());
            assertTrue(list.out().contains("SUCCEEDED") && list.out().contains("10/10"), list.out());
            Console all = new Console(Map.of(), dir);
            assertEquals(0, all.execute("backfills", "--scheduler", s), all.err());
            assertTrue(all.out().contains("daily"), all.out());

            Console cancel = new Console(Map.of(), dir);
            assertEquals(2, cancel.execute("backfill-cancel", String.valueOf(id), "--scheduler", s));
            assertTrue(cancel.err().contains("is SUCCEEDED"), cancel.err());

            Console second = new Console(Map.of(), dir);
            assertEquals(0, second.execute("backfill", "daily", "--from", "2024-01-11", "--to", "2024-01-20", "--scheduler", s));
            long id2 = scheduler.backfills(Optional.empty()).getFirst().backfill().id();
            Console pause = new Console(Map.of(), dir);
            assertEquals(0, pause.execute("backfill-pause", String.valueOf(id2), "--scheduler", s), pause.err());
            assertTrue(pause.out().contains(": PAUSED"), pause.out());
            Console resume = new Console(Map.of(), dir);
            assertEquals(0, resume.execute("backfill-resume", String.valueOf(id2), "--scheduler", s), resume.err());
            assertTrue(resume.out().contains(": RUNNING"), resume.out());
            Console wrong = new Console(Map.of(), dir);
            assertEquals(2, wrong.execute("backfill-status", String.valueOf(id2), "--cancel-runs", "--scheduler", s));
            assertTrue(wrong.err().contains("--cancel-runs goes with backfill-cancel only"), wrong.err());
            Console cancel2 = new Console(Map.of(), dir);
            assertEquals(0, cancel2.execute("backfill-cancel", String.valueOf(id2), "--cancel-runs", "--scheduler", s),
                    cancel2.err());
            assertTrue(cancel2.out().contains(": CANCELLED"), cancel2.out());
        }
    }
}
