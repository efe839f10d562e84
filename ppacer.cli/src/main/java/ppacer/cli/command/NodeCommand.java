package ppacer.cli.command;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import picocli.CommandLine.Mixin;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.spi.Stores;
import ppacer.cli.node.LiveDags;
import ppacer.cli.node.LocalNode;
import ppacer.cli.node.NodeConfig;
import ppacer.cli.node.Running;
import ppacer.cli.settings.Setting;
import ppacer.cli.settings.Settings;
import ppacer.cli.settings.SettingsException;
import ppacer.cli.settings.SettingsLoader;
import ppacer.exec.bundle.BundleDeployer;
import ppacer.exec.bundle.BundleLoader;
import ppacer.server.AddressInUseException;
import ppacer.server.SchedulerServer;
import ppacer.server.ServerConfig;

/** Runs a scheduler and its API until SIGTERM or Ctrl-C; {@code run} adds an in-process executor. */
abstract class NodeCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config = new ConfigOption();
    @Mixin
    ServerOptions server = new ServerOptions();
    @Mixin
    DagsOption dags = new DagsOption();

    private final CliContext ctx;

    NodeCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    abstract boolean withExecutor();

    void addFlags(Map<Setting, String> flags) {
        server.addTo(flags);
        dags.addTo(flags);
    }

    @Override
    public Integer call() throws InterruptedException {
        Map<Setting, String> flags = new EnumMap<>(Setting.class);
        addFlags(flags);
        Settings settings = SettingsLoader.load(flags, config.file(), ctx.env(), ctx.workDir());
        settings.port();
        settings.zone();
        settings.protectReads();
        settings.dbOptions();
        settings.nodeId();
        settings.readTimeout();
        settings.idleTimeout();
        settings.maxConnections();
        settings.maxConcurrentRequests();
        settings.leaseDuration();
        // Fail at once, before loading DAGs, when no store supports the URL (the message lists the stores).
        Stores.providerFor(settings.db(), Stores.discover());
        // every setting checked and the port free before the store is opened (nothing starts on a bad setting)
        NodeConfig probe = NodeConfig.of(settings, DagRegistry.of(), withExecutor());
        probe.scheduler().tracing().close();
        try {
            SchedulerServer.requireBindable(probe.server());
        } catch (AddressInUseException e) {
            throw new SettingsException(e.getMessage() + (e.portTaken() ? "; pick another with --port"
                    : "; check --host and --port"), e);
        }
        // the DAG folder is watched: a bundle dropped in, changed or removed takes effect without a restart
        LiveDags live = LiveDags.open(settings.db(), settings.dbOptions(), settings.dagsDir(ctx.workDir()), ctx.workDir(),
                ctx.err());
        DagRegistry registry = live.catalog().current();
        ctx.lifecycle().starting();
        LocalNode node;
        try {
            // uploads (POST /bundles) go through the same deployer as the DAG folder's jars
            node = LocalNode.start(NodeConfig.of(settings, live.catalog(), Optional.of(live.store()), withExecutor()),
                    s -> Optional.of(ServerConfig.BundleApi.of(live.deployer())));
        } catch (AddressInUseException e) {
            live.close();
            throw new SettingsException(e.getMessage() + (e.portTaken() ? "; pick another with --port"
                    : "; check --host and --port"), e);
        } catch (RuntimeException e) {
            live.close();
            throw e;
        }
        ctx.out().printf("ppacer %s on %s: store %s, %d DAGs %s, %s%n", withExecutor() ? "run" : "scheduler",
                node.uri(), node.scheduler().store().describe(), registry.size(),
                registry.dags().stream().map(Dag::id).toList(),
                withExecutor() ? "in-process executor (" + settings.concurrency() + " tasks at once)"
                        : "no executor (start one with: ppacer executor --scheduler " + node.uri() + ")");
        ctx.out().flush();
        return ctx.lifecycle().serve(new Running() {
            @Override
            public Optional<URI> uri() {
                return Optional.of(node.uri());
            }

            @Override
            public int runningTasks() {
                return node.scheduler().stats().runningTasks();
            }

            @Override
            public Duration stopTimeout() {
                return node.scheduler().config().stopTimeout();
            }

            @Override
            public CompletionStage<Void> failure() {
                return new CompletableFuture<>();
            }

            @Override
            public void stop() {
                try {
                    node.close();
                } finally {
                    live.close();
                }
                ctx.out().println("ppacer stopped");
                ctx.out().flush();
            }
        });
    }
}
