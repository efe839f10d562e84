package ppacer.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.DagRunStatus;
import ppacer.api.Node;
import ppacer.api.Task;
import ppacer.api.spi.AuditQuery;
import ppacer.api.spi.AuditRecord;
import ppacer.api.spi.DagRunRecord;
import ppacer.scheduler.model.Actor;
import ppacer.scheduler.model.InvalidInputException;
import ppacer.scheduler.model.TaskLease;
import ppacer.scheduler.model.TaskOutcome;
import ppacer.scheduler.model.TriggerRequest;
import ppacer.scheduler.model.UnknownIdException;
import ppacer.testkit.Await;
import ppacer.testkit.MutableClock;

/**
 * The batch trigger on a SQLite file: its runs all run to SUCCESS with their own parameters and
 * never more than maxActiveRuns at a time, logical times move off taken ones, one audit row per
 * call, and bad input creates nothing.
 */
class BatchTriggerTest {
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static final int MAX_ACTIVE = 2;

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(T0);

    private static Dag two() {
        Node a = Node.of(Task.of("a", ctx -> { }));
        a.then(Node.of(Task.of("b", ctx -> { })));
        return Dag.builder("two").maxActiveRuns(MAX_ACTIVE).root(a).build();
    }

    private Scheduler start() {
        return Scheduler.start(SchedulerConfig.builder(DagRegistry.of(two())).clock(clock).leaseDuration(Duration.ofHours(1))
                .storeUrl("jdbc:sqlite:" + dir.resolve("b.db")).stopTimeout(Duration.ofSeconds(2)).build());
    }

    private static long active(Scheduler s) {
        return s.store().dagRuns().unfinished().stream()
                .filter(r -> r.status() == DagRunStatus.SCHEDULED || r.status() == DagRunStatus.RUNNING).count();
    }

    @Test
    void a_batch_runs_to_success_within_max_active_runs_with_each_run_its_params() {
        try (Scheduler s = start()) {
            List<TriggerRequest> requests = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                requests.add(i == 7 ? TriggerRequest.at("{\"i\":7}", T0.minus(Duration.ofDays(1))) : TriggerRequest.of("{\"i\":" + i + "}"));
            }
            List<Long> ids = s.triggerBatch("two", requests, Actor.named("alice"));
            assertEquals(30, ids.size());
            assertEquals(30, new HashSet<>(ids).size());
            for (int i = 0; i < 30; i++) {
                DagRunRecord r = s.store().dagRuns().find(ids.get(i)).orElseThrow();
                assertEquals("{\"i\":" + i + "}", r.paramsJson(), "run of item " + i);
                assertEquals(i < MAX_ACTIVE ? DagRunStatus.SCHEDULED : DagRunStatus.QUEUED, r.status() == DagRunStatus.RUNNING
                        ? DagRunStatus.SCHEDULED : r.status(), "item " + i + ": the first " + MAX_ACTIVE + " take the slots");
            }
            assertEquals(T0.minus(Duration.ofDays(1)), s.store().dagRuns().find(ids.get(7)).orElseThrow().logicalTime());
            // the others share the call's time: each moved a microsecond past the one before it
            assertEquals(T0.plus(1, ChronoUnit.MICROS), s.store().dagRuns().find(ids.get(1)).orElseThrow().logicalTime());
            assertEquals(T0.plus(28, ChronoUnit.MICROS), s.store().dagRuns().find(ids.get(29)).orElseThrow().logicalTime());

            Set<Long> seenParams = new HashSet<>();
            int tasks = 0;
            while (tasks < 60) {
                Optional<TaskLease> lease = s.nextTask("e1", Duration.ofSeconds(60));
                if (lease.isEmpty()) {
                    throw new AssertionError("no task handed out within 60 s after " + tasks + " tasks: "
                            + s.store().dagRuns().unfinished());
                }
                TaskLease l = lease.get();
                assertTrue(active(s) <= MAX_ACTIVE, "at most " + MAX_ACTIVE + " runs active: " + s.store().dagRuns().unfinished());
                assertEquals("{\"i\":" + ids.indexOf(l.runId()) + "}", l.paramsJson(), "the task sees its run's params");
                seenParams.add(l.runId());
                s.report(l.key(), l.token(), TaskOutcome.success());
                tasks++;
            }
            assertEquals(Set.copyOf(ids), seenParams);
            Await.until(Duration.ofSeconds(60), () -> ids.stream().allMatch(id -> s.store().dagRuns().find(id).orElseThrow()
                    .status() == DagRunStatus.SUCCESS), () -> "every run of the batch succeeds: " + s.store().dagRuns().unfinished());

            List<AuditRecord> audit = s.store().audit().list(AuditQuery.all(10));
            assertEquals(1, audit.size(), "one audit row for the call: " + audit);
            assertEquals("alice", audit.getFirst().entry().actor());
            assertEquals("run.trigger_batch", audit.getFirst().entry().action());
            assertEquals(Optional.of("30 runs (items 0-29 of 30): 2 SCHEDULED, 28 QUEUED #" + ids.getFirst() + "..#"
                    + ids.getLast()), audit.getFirst().entry().after());
        }
    }

    @Test
    void logical_times_move_off_the_runs_the_dag_has() {
        try (Scheduler s = start()) {
            long single = s.trigger("two", "{}", T0);
            List<Long> ids = s.triggerBatch("two", List.of(TriggerRequest.at("{}", T0), TriggerRequest.at(null, T0)));
            assertEquals(T0, s.store().dagRuns().find(single).orElseThrow().logicalTime());
            assertEquals(List.of(T0.plus(1, ChronoUnit.MICROS), T0.plus(2, ChronoUnit.MICROS)),
                    ids.stream().map(id -> s.store().dagRuns().find(id).orElseThrow().logicalTime()).toList());
            assertEquals("{}", s.store().dagRuns().find(ids.get(1)).orElseThrow().paramsJson());
            // many runs wanted at one time (more than one store transaction's worth): each its own microsecond
            List<Long> many = s.triggerBatch("two", java.util.Collections.nCopies(6_000, TriggerRequest.at("{}", T0)));
            assertEquals(6_000, new HashSet<>(many).size());
            assertEquals(T0.plus(3, ChronoUnit.MICROS), s.store().dagRuns().find(many.getFirst()).orElseThrow().logicalTime());
            assertEquals(T0.plus(6_002, ChronoUnit.MICROS), s.store().dagRuns().find(many.getLast()).orElseThrow().logicalTime());
            assertEquals(6_003, s.store().dagRuns().logicalTimes("two", T0, T0.plusSeconds(1)).size());
            assertEquals(2, s.store().audit().list(AuditQuery.all(10)).stream()
                    .filter(a -> a.entry().action().equals("run.trigger_batch") && a.entry().after().orElseThrow()
                            .contains(" of 6000)")).count(), "one audit row per transaction of 5,000 runs");
        }
    }

    @Test
    void bad_input_names_the_item_and_creates_nothing() {
        try (Scheduler s = start()) {
            UnknownIdException unknown = assertThrows(UnknownIdException.class,
                    () -> s.triggerBatch("nope", List.of(TriggerRequest.of("{}"))));
            assertTrue(unknown.getMessage().contains("'nope'"), unknown.getMessage());

            InvalidInputException empty = assertThrows(InvalidInputException.class, () -> s.triggerBatch("two", List.of()));
            assertTrue(empty.getMessage().contains("at least one run"), empty.getMessage());

            List<TriggerRequest> tooMany = java.util.Collections.nCopies(TriggerRequest.MAX_RUNS + 1, TriggerRequest.of("{}"));
            InvalidInputException many = assertThrows(InvalidInputException.class, () -> s.triggerBatch("two", tooMany));
            assertTrue(many.getMessage().contains("at most 100000 runs; 100001 were asked"), many.getMessage());

            InvalidInputException bad = assertThrows(InvalidInputException.class, () -> s.triggerBatch("two",
                    List.of(TriggerRequest.of("{}"), TriggerRequest.of("{}"), TriggerRequest.of("[1, 2]"))));
            assertEquals(Optional.of("runs[2].params"), bad.field());
            assertTrue(bad.getMessage().contains("runs[2].params") && bad.getMessage().contains("must be a JSON object"),
                    bad.getMessage());

            assertEquals(List.of(), s.store().dagRuns().recent(Optional.empty(), Optional.empty(), 10), "nothing created");
            assertEquals(List.of(), s.store().audit().list(AuditQuery.all(10)));
        }
    }
}
