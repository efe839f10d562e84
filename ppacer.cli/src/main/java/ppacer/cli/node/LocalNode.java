package ppacer.cli.node;

import java.net.URI;
import java.util.Optional;
import ppacer.api.DagRegistry;
import ppacer.cli.settings.Setting;
import ppacer.cli.settings.Settings;
import ppacer.scheduler.InProcessWorker;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerConfig;
import ppacer.scheduler.SchedulerServer;
import ppacer.scheduler.ServerConfig;
import ppacer.scheduler.WorkerConfig;

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
     * @param settings store, address, token, zone, concurrency
     * @param registry the DAGs
     * @param withExecutor whether tasks run in this process
     * @return the running node
     */
    public static LocalNode start(Settings settings, DagRegistry registry, boolean withExecutor) {
        ServerConfig serverConfig = ServerConfig.defaults().withHost(settings.host()).withPort(settings.port())
                .withToken(settings.token(), settings.protectReads());
        Scheduler scheduler = Scheduler.start(SchedulerConfig.builder(registry).storeUrl(settings.db())
                .storeOptions(settings.dbOptions()).zone(settings.zone()).build());
        SchedulerServer server;
        try {
            server = SchedulerServer.start(scheduler, serverConfig);
        } catch (RuntimeException e) {
            scheduler.close();
            throw e;
        }
        Optional<InProcessWorker> worker = Optional.empty();
        if (withExecutor) {
            worker = Optional.of(InProcessWorker.start(scheduler, WorkerConfig.defaults()
                    .withExecutorId(settings.value(Setting.EXECUTOR_ID).orElse("in-process"))
                    .withConcurrency(settings.concurrency())));
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
        try {
            scheduler.close();
        } finally {
            try {
                worker.ifPresent(InProcessWorker::close);
            } finally {
                server.close();
            }
        }
    }
}
