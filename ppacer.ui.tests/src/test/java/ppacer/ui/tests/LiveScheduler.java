package ppacer.ui.tests;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicLong;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.DagSource;
import ppacer.api.Node;
import ppacer.api.PpacerException;
import ppacer.api.Task;
import ppacer.api.TaskContext;
import ppacer.api.spi.Store;
import ppacer.api.spi.StoreConfig;
import ppacer.api.spi.Stores;
import ppacer.server.InProcessWorker;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerConfig;
import ppacer.server.SchedulerServer;
import ppacer.server.ServerConfig;
import ppacer.server.WorkerConfig;
import ppacer.tasks.PrintTask;
import ppacer.testkit.BranchedRun;

/**
 * A real scheduler for the browser: a temp SQLite file, the example DAGs (found by {@link
 * DagRegistry#load()}) plus {@code fails_once} and {@link BranchedRun}'s {@code branchy}, the HTTP
 * server on a free port, and an in-process worker.
 */
final class LiveScheduler implements AutoCloseable {
    static final String FAILS_ONCE = "fails_once";
    static final String OUTPUTS = "outputs";
    static final ZoneId ZONE = ZoneId.of("Europe/Warsaw");

    final Scheduler scheduler;
    final SchedulerServer server;
    private final Store store;
    private final InProcessWorker worker;
    private final AtomicLong branchedRuns = new AtomicLong();

    /** Fails its first attempt with a nested cause, succeeds on every later one; no retries. */
    private record FailsOnce(String id) implements Task {
        @Override
        public void execute(TaskContext context) {
            context.logger().info("attempt " + context.attempt() + " of " + id + " starting");
            if (context.attempt() == 0) {
                context.logger().warn("the warehouse is not reachable yet");
                throw new PpacerException("Task '" + id + "' fails on purpose on attempt 0",
                        new IllegalStateException("warehouse connection refused"));
            }
            context.logger().info("loaded 42 rows");
        }
    }

    /** Stores a JSON output. */
    private record Counts(String id) implements Task {
        @Override
        public void execute(TaskContext context) {
            context.output(Map.of("rows", 42, "files", List.of("a.csv", "b.csv")));
        }
    }

    LiveScheduler(Path dir) {
        this(dir, List.of());
    }

    /**
     * @param dir the folder of the store
     * @param extra DAGs beyond the usual ones (for a test class with a scheduler of its own)
     */
    LiveScheduler(Path dir, List<Dag> extra) {
        List<DagSource> sources = new ArrayList<>();
        ServiceLoader.load(DagSource.class).forEach(sources::add);
        List<Dag> dags = new ArrayList<>();
        Node load = Node.of(new FailsOnce("load"));
        Node extract = Node.of(PrintTask.of("extract", "extracting"));
        extract.then(load).then(Node.of(PrintTask.of("report", "reporting")));
        dags.add(BranchedRun.dag());
        dags.add(Dag.builder(OUTPUTS).description("Stores an output").tags("test").root(Node.of(new Counts("count")))
                .build());
        dags.add(Dag.builder(FAILS_ONCE)
                .description("Fails on its first attempt (no retries), so a restart succeeds")
                .tags("test")
                .root(extract)
                .build());
        dags.addAll(extra);
        store = Stores.open(new StoreConfig("jdbc:sqlite:" + dir.resolve("ui.db"), Map.of(), Clock.systemUTC()));
        sources.add(() -> dags);
        scheduler = Scheduler.start(SchedulerConfig.builder(DagRegistry.fromSources(sources))
                .store(store)
                .zone(ZONE)
                .pool("warehouse", 3)
                .stopTimeout(Duration.ofSeconds(2))
                .build());
        server = SchedulerServer.start(scheduler, ServerConfig.defaults().withPort(0));
        worker = InProcessWorker.start(scheduler, WorkerConfig.defaults().withExecutorId("ui-test-worker")
                .withPollTimeout(Duration.ofMillis(500)));
    }

    /**
     * Another server on the same scheduler, requiring a token for every call.
     *
     * @param token the token
     * @return the server; the caller closes it
     */
    SchedulerServer serverWithToken(String token) {
        return SchedulerServer.start(scheduler, ServerConfig.defaults().withPort(0).withToken(Optional.of(token), true));
    }

    /**
     * Writes a finished run of {@code branchy} ({@link BranchedRun#insert}): {@code right} SKIPPED with
     * {@link BranchedRun#RIGHT_REASON}, {@code pick} chose {@code left}.
     *
     * @return the run id
     */
    long branchedRun() {
        return BranchedRun.insert(scheduler.store(), Instant.parse("2026-12-01T10:00:00Z")
                .plusSeconds(branchedRuns.getAndIncrement()));
    }

    URI uri() {
        return server.uri();
    }

    @Override
    public void close() {
        worker.close();
        server.close();
        scheduler.close();
        store.close();
    }
}
