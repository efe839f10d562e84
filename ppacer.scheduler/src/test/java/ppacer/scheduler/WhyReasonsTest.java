package ppacer.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.Node;
import ppacer.api.Task;
import ppacer.api.schedule.Schedule;
import ppacer.scheduler.model.TaskLease;
import ppacer.scheduler.model.TaskOutcome;
import ppacer.scheduler.model.Why;
import ppacer.testkit.Await;
import ppacer.testkit.MutableClock;

/** Reasons of the explainer not built over HTTP: the scheduler-wide task limit and a DAG's next schedule point. */
class WhyReasonsTest {
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(T0);

    private Scheduler start(SchedulerConfig.Builder b) {
        return Scheduler.start(b.clock(clock).storeUrl("jdbc:sqlite:" + dir.resolve("w.db")).stopTimeout(Duration.ofSeconds(2))
                .build());
    }

    private static Dag one(String id) {
        return Dag.builder(id).root(Node.of(Task.of("t", ctx -> { }))).build();
    }

    @Test
    void the_scheduler_wide_task_limit_holds_a_ready_task_until_a_slot_frees() {
        try (Scheduler s = start(SchedulerConfig.builder(DagRegistry.of(one("a"), one("b"))).maxRunningTasks(1))) {
            long ra = s.trigger("a", "{}");
            long rb = s.trigger("b", "{}");
            Await.until(Duration.ofSeconds(60), () -> s.why(ra, "t").kind() == Why.Kind.QUEUED
                    && s.why(rb, "t").kind() == Why.Kind.QUEUED, () -> "both queued: " + s.why(ra) + s.why(rb));
            TaskLease first = s.nextTask("e1", Duration.ofSeconds(60)).orElseThrow();
            long other = first.runId() == ra ? rb : ra;
            Why w = s.why(other, "t");
            assertEquals(Why.Kind.MAX_ACTIVE_TASKS, w.kind(), w.toString());
            assertEquals("scheduler", w.details().get("scope"));
            assertEquals(1, w.details().get("running"));
            assertEquals(1, w.details().get("max"));
            assertEquals("the scheduler runs 1/1 tasks (maxRunningTasks): task 't' waits for one to end", w.message());
            assertEquals(java.util.Map.of(Why.Kind.MAX_ACTIVE_TASKS, 1), s.why(other, java.util.Optional.empty(), 0, 0)
                    .counts(), "the run's counts decide as the task's answer does");
            s.report(first.key(), first.token(), TaskOutcome.success());
            Await.until(Duration.ofSeconds(60), () -> s.why(other, "t").kind() == Why.Kind.QUEUED,
                    () -> "a slot freed: " + s.why(other, "t"));
        }
    }

    @Test
    void a_dag_says_when_its_next_run_is_due_and_that_it_is_paused() {
        Dag hourly = Dag.builder("hourly").schedule(Schedule.every(Duration.ofHours(1), T0.plus(Duration.ofHours(1))))
                .root(Node.of(Task.of("t", ctx -> { }))).build();
        try (Scheduler s = start(SchedulerConfig.builder(DagRegistry.of(hourly)))) {
            List<Why> w = s.whyDag("hourly");
            assertEquals(List.of(Why.Kind.NEXT_SCHEDULE), w.stream().map(Why::kind).toList(), w.toString());
            assertEquals("hourly has no active run; its next run is due at 2026-12-07T11:00:00Z (in 3600 s)",
                    w.getFirst().message());
            assertEquals(false, w.getFirst().details().get("catchingUp"));
            s.pause("hourly");
            assertEquals(List.of(Why.Kind.DAG_PAUSED, Why.Kind.NEXT_SCHEDULE), s.whyDag("hourly").stream().map(Why::kind)
                    .toList());
        }
    }

    @Test
    void a_dag_says_what_its_overlap_policy_does_at_its_next_point_and_its_catch_up_window() {
        Dag skip = Dag.builder("skipper").schedule(Schedule.every(Duration.ofHours(1), T0.plus(Duration.ofHours(1))))
                .catchUp(true).catchUpWindow(Duration.ofHours(2)).overlap(ppacer.api.OverlapPolicy.SKIP)
                .root(Node.of(Task.of("t", ctx -> { }))).build();
        Dag cancel = Dag.builder("canceller").schedule(Schedule.every(Duration.ofHours(1), T0.plus(Duration.ofHours(1))))
                .overlap(ppacer.api.OverlapPolicy.CANCEL_OTHER).root(Node.of(Task.of("t", ctx -> { }))).build();
        try (Scheduler s = start(SchedulerConfig.builder(DagRegistry.of(skip, cancel)))) {
            Why idle = s.whyDag("skipper").getFirst();
            assertEquals(Why.Kind.NEXT_SCHEDULE, idle.kind());
            assertEquals("NONE", idle.details().get("overlapDecision"), "no run is active: nothing to decide");
            assertEquals("SKIP", idle.details().get("overlap"));
            assertEquals(true, idle.details().get("catchUp"));
            assertEquals("PT2H", idle.details().get("catchUpWindow"));
            assertEquals("skipper has no active run; its next run is due at 2026-12-07T11:00:00Z (in 3600 s)", idle.message());

            long run = s.trigger("skipper", "{}"); // no executor: it stays active
            Why busy = s.whyDag("skipper").getFirst();
            assertEquals("SKIP", busy.details().get("overlapDecision"), busy.toString());
            assertEquals("skipper has active runs [" + run + "]; its next run is due at 2026-12-07T11:00:00Z (in 3600 s);"
                    + " that point is skipped while run " + run + " is active (overlap SKIP)", busy.message());

            long other = s.trigger("canceller", "{}");
            Why cancelling = s.whyDag("canceller").getFirst();
            assertEquals("CANCEL", cancelling.details().get("overlapDecision"), cancelling.toString());
            assertEquals(null, cancelling.details().get("catchUpWindow"));
            assertEquals(true, cancelling.message().endsWith("; at that point run " + other
                    + " is cancelled and a new run starts (overlap CANCEL_OTHER)"), cancelling.message());
        }
    }

    @Test
    void a_dag_on_assets_says_which_assets_it_still_misses_until_its_run_is_created() {
        ppacer.api.schedule.AssetCondition both = ppacer.api.schedule.AssetCondition.all("x", "y");
        Dag c = Dag.builder("c").onAssets(both).root(Node.of(Task.of("t", ctx -> { }))).build();
        ppacer.scheduler.model.Actor ci = new ppacer.scheduler.model.Actor("ci-bot", java.util.Optional.empty());
        try (Scheduler s = start(SchedulerConfig.builder(DagRegistry.of(c)))) {
            Why w = s.whyDag("c").stream().filter(x -> x.kind() == Why.Kind.WAITING_FOR_ASSETS).findFirst().orElseThrow();
            assertEquals(List.of("x", "y"), w.details().get("missing"), w.toString());
            assertEquals(0, w.details().get("pending"));
            assertEquals(both.describe(), w.details().get("condition"));
            assertEquals("c waits for assets x, y (condition " + both.describe() + ", 0 event(s) pending)", w.message());

            s.emitAssetEvent("x", "{}", java.util.Optional.empty(), ci);
            Why half = s.whyDag("c").stream().filter(x -> x.kind() == Why.Kind.WAITING_FOR_ASSETS).findFirst().orElseThrow();
            assertEquals(List.of("y"), half.details().get("missing"), half.toString());
            assertEquals(1, half.details().get("pending"));

            s.emitAssetEvent("y", "{}", java.util.Optional.empty(), ci);
            Await.until(Duration.ofSeconds(60), () -> !((List<?>) s.whyDag("c").stream()
                    .filter(x -> x.kind() == Why.Kind.NEXT_SCHEDULE).findFirst().orElseThrow().details().get("active")).isEmpty(),
                    () -> "the run of c is created: " + s.whyDag("c"));
        }
    }

    @Test
    void a_full_pool_holds_a_ready_task_naming_its_holders_until_a_slot_frees() {
        ppacer.api.TaskConfig inPool = ppacer.api.TaskConfig.builder().pool("warehouse").build();
        Dag a = Dag.builder("a").root(Node.of(Task.of("t", ctx -> { }), inPool)).build();
        Dag b = Dag.builder("b").root(Node.of(Task.of("t", ctx -> { }), inPool)).build();
        try (Scheduler s = start(SchedulerConfig.builder(DagRegistry.of(a, b)).pool("warehouse", 1))) {
            long ra = s.trigger("a", "{}");
            long rb = s.trigger("b", "{}");
            Await.until(Duration.ofSeconds(60), () -> s.why(ra, "t").kind() == Why.Kind.QUEUED
                    && s.why(rb, "t").kind() == Why.Kind.QUEUED, () -> "both queued: " + s.why(ra) + s.why(rb));
            TaskLease first = s.nextTask("e1", Duration.ofSeconds(60)).orElseThrow();
            long other = first.runId() == ra ? rb : ra;
            Why w = s.why(other, "t");
            assertEquals(Why.Kind.POOL_FULL, w.kind(), w.toString());
            assertEquals("warehouse", w.details().get("pool"));
            assertEquals(1, w.details().get("used"));
            assertEquals(1, w.details().get("slots"));
            assertEquals(List.of("run " + first.runId() + " t"), w.details().get("holders"));
            assertEquals("pool warehouse is full (1/1 slots held by [t of run " + first.runId() + "]): task 't' needs 1"
                    + " and waits for one to end", w.message());
            assertEquals(java.util.Map.of(Why.Kind.POOL_FULL, 1), s.why(other, java.util.Optional.empty(), 0, 0).counts(),
                    "the run's counts decide as the task's answer does");
            s.report(first.key(), first.token(), TaskOutcome.success());
            Await.until(Duration.ofSeconds(60), () -> s.why(other, "t").kind() == Why.Kind.QUEUED,
                    () -> "the slot freed: " + s.why(other, "t"));
        }
    }
}
