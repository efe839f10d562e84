package ppacer.scheduler.core;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.spi.Store;
import ppacer.api.spi.StoreConfig;
import ppacer.api.spi.Stores;
import ppacer.testkit.MutableClock;

/** The core components wired by hand on a real SQLite file, driven by the test thread only. */
final class CoreFixture implements AutoCloseable {
    final MutableClock clock;
    final Store store;
    final DagRegistry registry;
    final RunAdmission admission = new RunAdmission();
    final TaskQueue queue;
    final CoreCounters counters = new CoreCounters();
    final RunCoordinator runs;
    final AttemptLifecycle attempts;
    final DagRunWatcher watcher;
    final OperatorActions actions;
    final Backfills backfills;

    CoreFixture(Path dir, Instant start, Dag... dags) {
        this(dir, start, UnaryOperator.identity(), dags);
    }

    /**
     * @param wrap wraps the real SQLite store (a test double that stalls or fails some calls)
     */
    CoreFixture(Path dir, Instant start, UnaryOperator<Store> wrap, Dag... dags) {
        clock = new MutableClock(start);
        store = wrap.apply(Stores.open(new StoreConfig("jdbc:sqlite:" + dir.resolve("x.db"), java.util.Map.of(), clock)));
        registry = DagRegistry.of(dags);
        store.dags().sync(registry.dags().stream().map(DagDefinitions::of).toList(), start);
        for (Dag d : dags) {
            admission.register(d.id(), d.maxActiveRuns(), false);
        }
        queue = new TaskQueue(10_000, 1000, id -> registry.find(id).orElseThrow().maxActiveTasks(), clock);
        AttemptLifecycle[] deskRef = new AttemptLifecycle[1];
        runs = new RunCoordinator(store, clock, queue, new RetryPolicy(new SplittableRandom(7)),
                new NotificationDispatcher(List.of(new LoggingNotifier()), java.time.ZoneOffset.UTC, 10),
                admission::release, lease -> deskRef[0].expire(lease), counters);
        attempts = new AttemptLifecycle(runs, Duration.ofSeconds(30), 64 * 1024);
        deskRef[0] = attempts;
        actions = new OperatorActions(runs, registry, admission);
        DagRunWatcher[] watcherRef = new DagRunWatcher[1];
        backfills = new Backfills(store, ppacer.scheduler.model.DagCatalog.fixed(registry), admission, actions, clock, () -> watcherRef[0].wake());
        watcher = new DagRunWatcher(store, ppacer.scheduler.model.DagCatalog.fixed(registry), clock, admission, runs, backfills);
        watcherRef[0] = watcher;
    }

    @Override
    public void close() {
        runs.close();
        store.close();
    }
}
