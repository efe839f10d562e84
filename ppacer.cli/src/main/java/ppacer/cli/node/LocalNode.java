package ppacer.cli.node;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import ppacer.server.InProcessWorker;
import ppacer.scheduler.Scheduler;
import ppacer.server.SchedulerServer;
import ppacer.server.ServerConfig;

/**
 * A scheduler with its HTTP API and, for {@code ppacer run}, an in-process executor. Closing stops
 * the scheduler gracefully first (remote executors can still report over the API while running
 * attempts finish), then the worker, then the API.
 */
public final class LocalNode implements AutoCloseable {
    private final Scheduler scheduler;
    private final SchedulerServer server;
    private final Optional<InProcessWorker> worker;

    private LocalNode(Scheduler scheduler, SchedulerServer server, Optional<InProcessWorker> worker) {
        this.scheduler = scheduler;
        this.server = server;
        this.worker = worker;
    }

    /**
     * Starts a scheduler, its API and, when asked, an in-process executor.
     *
     * @param config the scheduler's, server's and in-process executor's settings ({@link NodeConfig#of})
     * @return the running node
     * @throws ppacer.server.AddressInUseException when the API's port is taken: checked first, so that
     *     nothing has started and no store is open then
     */
    public static LocalNode start(NodeConfig config) {
        return start(config, s -> Optional.empty());
    }

    /**
     * Starts a node whose API takes DAG bundle deploys ({@code /bundles}).
     *
     * @param config the scheduler's, server's and in-process executor's settings ({@link NodeConfig#of})
     * @param bundles the bundle deployer of the started scheduler (its store and clock), if any
     * @return the running node
     * @throws ppacer.server.AddressInUseException when the API's port is taken
     */
    public static LocalNode start(NodeConfig config, Function<Scheduler, Optional<ServerConfig.BundleApi>> bundles) {
        Scheduler scheduler;
        try {
            SchedulerServer.requireBindable(config.server());
            scheduler = Scheduler.start(config.scheduler());
        } catch (RuntimeException e) {
            config.scheduler().tracing().close();
            throw e;
        }
        SchedulerServer server;
        try {
            ServerConfig serverConfig = config.server();
            Optional<ServerConfig.BundleApi> api = bundles.apply(scheduler);
            server = SchedulerServer.start(scheduler, api.isPresent() ? serverConfig.withBundleApi(api.get()) : serverConfig);
        } catch (RuntimeException e) {
            try {
                scheduler.close();
            } finally {
                scheduler.config().tracing().close();
            }
            throw e;
        }
        Optional<InProcessWorker> worker;
        try {
            worker = config.worker().map(w -> InProcessWorker.start(scheduler, w));
        } catch (RuntimeException e) {
            try {
                scheduler.close();
            } finally {
                server.close();
                scheduler.config().tracing().close();
            }
            throw e;
        }
        return new LocalNode(scheduler, server, worker);
    }

    /** @return the API's base URI */
    public URI uri() {
        return server.uri();
    }

    /** @return the scheduler */
    public Scheduler scheduler() {
        return scheduler;
    }

    @Override
    public void close() {
        boolean idle = false;
        try {
            idle = scheduler.stop(scheduler.config().stopTimeout());
        } finally {
            // the in-process attempts reported while the scheduler waited for them; when it gave up, stop at once
            Duration wait = idle ? scheduler.config().stopTimeout() : Duration.ZERO;
            try {
                worker.ifPresent(w -> w.stop(wait));
            } finally {
                server.close();
                scheduler.config().tracing().close(); // exports the spans of the last attempts
            }
        }
    }
}
