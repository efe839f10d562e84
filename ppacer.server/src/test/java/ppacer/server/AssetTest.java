package ppacer.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ppacer.api.schedule.AssetCondition.all;
import static ppacer.api.schedule.AssetCondition.any;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.AssetEvent;
import ppacer.api.AssetEventSource;
import ppacer.api.Dag;
import ppacer.api.DagDefinitionException;
import ppacer.api.DagRegistry;
import ppacer.api.DagRunStatus;
import ppacer.api.Node;
import ppacer.api.Task;
import ppacer.api.schedule.AssetCondition;
import ppacer.api.schedule.Schedule;
import ppacer.api.spi.DagRunSummary;
import ppacer.api.spi.RecordedAssetEvent;
import ppacer.api.spi.ScheduleEventType;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerConfig;
import ppacer.scheduler.model.Actor;
import ppacer.scheduler.model.InvalidInputException;
import ppacer.scheduler.model.UnknownIdException;
import ppacer.testkit.Await;

/**
 * Assets end to end with the in-process executor on a SQLite file: the chain A produces x; B
 * consumes x and produces y; C consumes x AND y; external events with and without idempotency keys;
 * events arriving during a consumer's run go into its next run; a paused consumer keeps (or drops)
 * its events; a restart between an event's acknowledgement and the consumer run's creation creates
 * the run exactly once.
 */
class AssetTest {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final Actor CI = new Actor("ci-bot", Optional.of("10.0.0.9"));

    @TempDir
    Path dir;

    /** Triggering events seen by the tasks, by DAG id (one list per run). */
    private final Map<String, List<List<AssetEvent>>> seen = new ConcurrentHashMap<>();

    private Task recording(String id) {
        return Task.of(id, ctx -> seen.computeIfAbsent(ctx.dagId(), k -> new CopyOnWriteArrayList<>())
                .add(ctx.triggeringEvents()));
    }

    private DagRegistry chain() {
        Dag a = Dag.builder("a").root(Node.of(Task.of("make_x", ctx -> { })).produces("x")).build();
        Dag b = Dag.builder("b").onAssets(AssetCondition.asset("x"))
                .root(Node.of(recording("make_y")).produces("y")).build();
        Dag c = Dag.builder("c").onAssets(all("x", "y")).root(Node.of(recording("report"))).build();
        return DagRegistry.of(List.of(a, b, c));
    }

    private SchedulerConfig.Builder builder(DagRegistry registry) {
        return SchedulerConfig.builder(registry).storeUrl("jdbc:sqlite:" + dir.resolve("store.db"))
                .leaseGrace(Duration.ofMillis(300)).stopTimeout(Duration.ofSeconds(5));
    }

    private static InProcessWorker worker(Scheduler s) {
        return InProcessWorker.start(s, WorkerConfig.defaults().withConcurrency(4).withPollTimeout(Duration.ofMillis(100)));
    }

    private static List<DagRunSummary> runs(Scheduler s, String dagId) {
        return s.store().dagRuns().recent(Optional.of(dagId), Optional.empty(), 100);
    }

    private static boolean done(Scheduler s, String dagId, int n) {
        List<DagRunSummary> l = runs(s, dagId);
        return l.size() == n && l.stream().allMatch(r -> r.run().status() == DagRunStatus.SUCCESS);
    }

    private static String state(Scheduler s) {
        return "a=" + runs(s, "a") + " b=" + runs(s, "b") + " c=" + runs(s, "c") + " assets=" + s.assets();
    }

    @Test
    void a_three_dag_chain_runs_each_consumer_once_per_satisfied_condition() {
        try (Scheduler s = Scheduler.start(builder(chain()).build()); InProcessWorker _ = worker(s)) {
            assertEquals(Set.of("x", "y"), s.missingAssets("c"));
            long runA = s.trigger("a", "{}");
            Await.until(WAIT, () -> done(s, "a", 1) && done(s, "b", 1) && done(s, "c", 1), () -> state(s));
            AssetEvent x = s.assetEvents("x", java.util.OptionalLong.empty(), 10).getFirst();
            AssetEvent y = s.assetEvents("y", java.util.OptionalLong.empty(), 10).getFirst();
            assertEquals(new AssetEventSource.Task("a", runA, x.source() instanceof AssetEventSource.Task t
                    ? t.logicalTime() : null, "make_x", 0), x.source());
            assertEquals(List.of(List.of(x)), seen.get("b"), "B's task sees the x event that started it");
            assertEquals(List.of(List.of(x, y)), seen.get("c"), "C's task sees both events");
            long runB = runs(s, "b").getFirst().run().runId();
            assertEquals(ScheduleEventType.ASSET_TRIGGERED, s.store().dagRuns().find(runB).orElseThrow().trigger());
            assertEquals(List.of(x), s.triggeringEvents(runB));
            assertEquals(Set.of("x", "y"), s.missingAssets("c"), "consumed: C waits for both again");
            assertEquals(1, s.assetEvents("x", java.util.OptionalLong.empty(), 10).size(), "one event per success");

            // an external x alone: B runs (it needs x), C does not (it needs y too), until B's success gives y
            RecordedAssetEvent posted = s.emitAssetEvent("x", "{\"file\":\"orders.csv\"}", Optional.empty(), CI);
            assertTrue(posted.created());
            Await.until(WAIT, () -> done(s, "b", 2) && done(s, "c", 2), () -> state(s));
            assertEquals(1, runs(s, "a").size());
            assertEquals(posted.event(), seen.get("b").get(1).getFirst());
            assertEquals("{\"file\":\"orders.csv\"}", seen.get("b").get(1).getFirst().metadataJson());
            assertEquals(new AssetEventSource.External("ci-bot", Optional.of("10.0.0.9")), posted.event().source());
        }
    }

    @Test
    void an_idempotency_key_posted_twice_records_one_event_and_starts_one_run() {
        try (Scheduler s = Scheduler.start(builder(chain()).build()); InProcessWorker _ = worker(s)) {
            RecordedAssetEvent first = s.emitAssetEvent("y", "{}", Optional.of("batch-7"), CI);
            RecordedAssetEvent again = s.emitAssetEvent("y", "{\"other\":1}", Optional.of("batch-7"), CI);
            assertTrue(first.created());
            assertFalse(again.created());
            assertEquals(first.event(), again.event());
            s.emitAssetEvent("x", "{}", Optional.of("batch-7"), CI); // keys are per asset
            Await.until(WAIT, () -> done(s, "c", 1) && done(s, "b", 1), () -> state(s));
            assertEquals(2, seen.get("c").getFirst().size(), "C took the x and the one y: " + seen.get("c"));
            assertEquals(1, s.assetEvents("y", java.util.OptionalLong.empty(), 10).size() - (runs(s, "b").size()),
                    "one external y, plus one y per B run");
            assertEquals(2, s.store().audit().list(ppacer.api.spi.AuditQuery.all(100)).stream()
                    .filter(r -> r.entry().action().equals("asset.emit")).count(), "one audit row per created event");
        }
    }

    @Test
    void events_during_a_consumer_run_go_into_its_next_run() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        Dag b = Dag.builder("b").onAssets(any("x")).root(Node.of(Task.of("slow", ctx -> {
            seen.computeIfAbsent("b", k -> new CopyOnWriteArrayList<>()).add(ctx.triggeringEvents());
            started.countDown();
            if (!release.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        }))).build();
        Dag a = Dag.builder("a").root(Node.of(Task.of("make_x", ctx -> { })).produces("x")).build();
        try (Scheduler s = Scheduler.start(builder(DagRegistry.of(List.of(a, b))).build()); InProcessWorker _ = worker(s)) {
            s.emitAssetEvent("x", "{}", Optional.empty(), CI);
            assertTrue(started.await(WAIT.toSeconds(), TimeUnit.SECONDS), () -> state(s));
            s.emitAssetEvent("x", "{\"n\":2}", Optional.empty(), CI);
            s.emitAssetEvent("x", "{\"n\":3}", Optional.empty(), CI);
            assertEquals(1, runs(s, "b").size(), "no second run while the first runs");
            assertEquals(2, s.pendingAssetEvents("b").size(), "the two events wait, not lost");
            release.countDown();
            Await.until(WAIT, () -> done(s, "b", 2), () -> state(s));
            assertEquals(List.of(1, 2), seen.get("b").stream().map(List::size).toList(),
                    "the second run took both events that arrived meanwhile");
            assertEquals(List.of(), s.pendingAssetEvents("b"));
        }
    }

    @Test
    void a_paused_consumer_keeps_its_events_and_runs_on_unpause() {
        try (Scheduler s = Scheduler.start(builder(chain()).build()); InProcessWorker _ = worker(s)) {
            s.pause("b");
            s.emitAssetEvent("x", "{}", Optional.empty(), CI);
            Await.until(WAIT, () -> s.pendingAssetEvents("c").size() == 1, () -> state(s));
            assertEquals(0, runs(s, "b").size());
            assertEquals(1, s.pendingAssetEvents("b").size(), "kept while paused");
            s.unpause("b");
            Await.until(WAIT, () -> done(s, "b", 1) && done(s, "c", 1), () -> state(s));
        }
    }

    @Test
    void a_paused_consumer_set_to_drop_drops_its_events() {
        try (Scheduler s = Scheduler.start(builder(chain()).dropAssetEventsWhilePaused(true).build());
             InProcessWorker _ = worker(s)) {
            s.pause("b");
            s.emitAssetEvent("x", "{}", Optional.empty(), CI);
            Await.until(WAIT, () -> s.pendingAssetEvents("b").isEmpty(), () -> state(s));
            s.unpause("b");
            s.emitAssetEvent("y", "{}", Optional.empty(), CI); // C now has x and y: it runs; B has nothing
            Await.until(WAIT, () -> done(s, "c", 1), () -> state(s));
            assertEquals(0, runs(s, "b").size(), "the x of the paused time was dropped for B");
        }
    }

    @Test
    void a_restart_between_the_acknowledged_event_and_the_run_creates_the_run_once() {
        // B is paused in the store when the event is acknowledged: the scheduler stops with it pending
        try (Scheduler s = Scheduler.start(builder(chain()).build())) {
            s.pause("b");
            s.pause("c");
            assertTrue(s.emitAssetEvent("x", "{}", Optional.of("k1"), CI).created());
            assertEquals(0, runs(s, "b").size());
        }
        for (int restart = 0; restart < 2; restart++) {
            try (Scheduler s = Scheduler.start(builder(chain()).build()); InProcessWorker _ = worker(s)) {
                s.unpause("b");
                Await.until(WAIT, () -> done(s, "b", 1), () -> state(s));
                assertFalse(s.emitAssetEvent("x", "{}", Optional.of("k1"), CI).created(), "the key survives a restart");
            }
        }
        try (Scheduler s = Scheduler.start(builder(chain()).build())) {
            assertEquals(1, runs(s, "b").size(), "exactly one run across restarts: " + runs(s, "b"));
        }
    }

    @Test
    void bad_input_is_refused_with_the_value_and_what_was_expected() {
        try (Scheduler s = Scheduler.start(builder(chain()).build())) {
            UnknownIdException unknown = assertThrows(UnknownIdException.class,
                    () -> s.emitAssetEvent("nobody.uses.this", "{}", Optional.empty(), CI));
            assertEquals("Unknown asset 'nobody.uses.this': no DAG produces or consumes it (known: [x, y])",
                    unknown.getMessage());
            InvalidInputException meta = assertThrows(InvalidInputException.class,
                    () -> s.emitAssetEvent("x", "[1, 2]", Optional.empty(), CI));
            assertTrue(meta.getMessage().startsWith("Field 'metadata' of an event of asset 'x' must be a JSON object"),
                    meta.getMessage());
            InvalidInputException name = assertThrows(InvalidInputException.class,
                    () -> s.emitAssetEvent("bad name", "{}", Optional.empty(), CI));
            assertTrue(name.getMessage().startsWith("Invalid asset name 'bad name': expected 1-255 characters"),
                    name.getMessage());
            assertEquals(List.of(), s.assetEvents("x", java.util.OptionalLong.empty(), 10), "nothing recorded");
        }
        DagDefinitionException none = assertThrows(DagDefinitionException.class, () -> all(new String[0]));
        assertEquals("An asset schedule all() names no asset: give at least one asset name or condition", none.getMessage());
        DagDefinitionException produces = assertThrows(DagDefinitionException.class,
                () -> Node.of(Task.of("t", ctx -> { })).produces("s3://ok", "not ok"));
        assertTrue(produces.getMessage().startsWith("Task 't' produces an invalid asset name 'not ok'"), produces.getMessage());
        // time OR assets
        Dag both = Dag.builder("both").schedule(Schedule.cron("@daily").startingAt(java.time.Instant.EPOCH)
                .or(any("x", "y"))).root(Node.of(Task.of("t", ctx -> { }))).build();
        assertTrue(both.schedule().isPresent());
        assertEquals("any(x, y)", both.assetCondition().orElseThrow().describe());
    }
}
