package ppacer.cli.node;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import ppacer.api.DagRegistry;
import ppacer.cli.settings.Setting;
import ppacer.cli.settings.Settings;
import ppacer.scheduler.HaConfig;
import ppacer.scheduler.SchedulerConfig;
import ppacer.server.SchedulerServer;
import ppacer.server.ServerConfig;
import ppacer.server.WorkerConfig;

/**
 * What the settings of {@code ppacer run} and {@code ppacer scheduler} make of a node: the
 * scheduler's, its HTTP server's and (for {@code run}) its in-process executor's configurations.
 * The in-process executor heartbeats every 3 s, or every third of the lease duration when that is
 * shorter, so that a short lease does not expire under a running task. A scheduler on a fixed port
 * advertises its URL ({@link #advertised}), which standbys name in their 503 answers.
 *
 * @param scheduler the scheduler's settings
 * @param server the HTTP server's settings
 * @param worker the in-process executor's settings, empty without one
 */
public record NodeConfig(SchedulerConfig scheduler, ServerConfig server, Optional<WorkerConfig> worker) {
    /** Validates. */
    public NodeConfig {
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(worker, "worker");
    }

    /**
     * The URL a standby names in its 503 answers so that clients and executors reach the leader: the
     * API's address when it is a fixed port on a given host, with this machine's name for a wildcard
     * host; none for port 0 (the port is known only once bound).
     *
     * @param host the address the API binds
     * @param port the API's port
     * @return the advertised URL, when one can be given
     */
    static Optional<String> advertised(String host, int port) {
        if (port == 0) {
            return Optional.empty();
        }
        String name = host;
        if (host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") || host.equals("0:0:0:0:0:0:0:0")) {
            try {
                name = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return Optional.empty();
            }
        }
        return Optional.of("http://" + (name.contains(":") ? "[" + name + "]" : name) + ":" + port);
    }

    /**
     * @param settings the resolved settings
     * @param registry the DAGs
     * @param withExecutor whether tasks run in this process
     * @return the node's configurations
     * @throws ppacer.cli.settings.SettingsException when a setting has a bad value
     */
    public static NodeConfig of(Settings settings, DagRegistry registry, boolean withExecutor) {
        return of(settings, ppacer.scheduler.model.DagCatalog.fixed(registry), Optional.empty(), withExecutor);
    }

    /**
     * @param settings the resolved settings
     * @param catalog the DAGs, which may change while the node runs ({@link LiveDags})
     * @param store an open store for the scheduler (not closed by it), or empty to open {@code settings.db()}
     * @param withExecutor whether tasks run in this process
     * @return the node's configurations
     * @throws ppacer.cli.settings.SettingsException when a setting has a bad value
     */
    public static NodeConfig of(Settings settings, ppacer.scheduler.model.DagCatalog catalog, Optional<ppacer.api.spi.Store> store,
                                boolean withExecutor) {
        ServerConfig server = ServerConfig.defaults().withHost(settings.host()).withPort(settings.port())
                .withMaxBodyBytes(Math.max(ServerConfig.defaults().maxBodyBytes(), SchedulerServer.reportBodyBytes(
                        settings.maxOutputBytes())))
                .withToken(settings.token(), settings.protectReads())
                .withLimits(new ServerConfig.Limits(settings.readTimeout(), settings.idleTimeout(),
                        settings.maxConnections(), settings.maxConcurrentRequests()));
        HaConfig ha = HaConfig.defaults();
        Optional<String> nodeId = settings.nodeId();
        if (nodeId.isPresent()) {
            ha = ha.withNodeId(nodeId.get());
        }
        Optional<String> url = advertised(settings.host(), settings.port());
        if (url.isPresent()) {
            ha = ha.withAdvertisedUrl(url.get());
        }
        Duration lease = settings.leaseDuration();
        SchedulerConfig.Builder schedulerBuilder = SchedulerConfig.builder(catalog).storeUrl(settings.db())
                .storeOptions(settings.dbOptions()).zone(settings.zone()).leaseDuration(lease).ha(ha)
                .maxOutputBytes(settings.maxOutputBytes()).maxMapItems(settings.maxMapItems()).pools(settings.pools())
                .retention(settings.retention());
        settings.notifications().ifPresent(routes -> schedulerBuilder.notifiers(List.of(routes)));
        store.ifPresent(schedulerBuilder::store);
        // opened last, after every setting was checked: closed by LocalNode when the node stops
        SchedulerConfig scheduler = schedulerBuilder.tracing(ppacer.api.spi.Tracing.open(settings.tracing())).build();
        Optional<WorkerConfig> worker = Optional.empty();
        if (withExecutor) {
            WorkerConfig defaults = WorkerConfig.defaults();
            Duration third = Duration.ofMillis(lease.toMillis() / 3);
            worker = Optional.of(defaults.withExecutorId(settings.value(Setting.EXECUTOR_ID).orElse("in-process"))
                    .withConcurrency(settings.concurrency())
                    .withHeartbeatInterval(third.compareTo(defaults.heartbeatInterval()) < 0 ? third
                            : defaults.heartbeatInterval()));
        }
        return new NodeConfig(scheduler, server, worker);
    }
}
