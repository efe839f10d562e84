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
import ppacer.cli.node.FolderDags;
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
import ppacer.server.ServerConfig;

/** Runs a scheduler and its API until SIGTERM or Ctrl-C; {@code run} adds an in-process executor. */
abstract class NodeCommand implements Callable<Integer> {
    /** Where uploaded bundle jars are kept, relative to the working folder. */
    static final String BUNDLE_CONTENT = ".ppacer/bundles";

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
        FolderDags loaded = FolderDags.load(settings.dagsDir(ctx.workDir()), ctx.err());
        DagRegistry registry = loaded.registry();
        ctx.lifecycle().starting();
        LocalNode node;
        try {
            // uploads (POST /bundles) are kept under their hash in the working folder, beside the DAG folder's
            Path content = ctx.workDir().resolve(BUNDLE_CONTENT);
            node = LocalNode.start(NodeConfig.of(settings, registry, withExecutor()), s -> {
                BundleDeployer deployer = new BundleDeployer(content, loaded.set(), new BundleLoader(), s.store().bundles(),
                        s.clock());
                deployer.restore(); // the uploaded versions the store says are active, served again
                return Optional.of(ServerConfig.BundleApi.of(deployer));
            });
        } catch (AddressInUseException e) {
            throw new SettingsException(e.getMessage() + (e.portTaken() ? "; pick another with --port"
                    : "; check --host and --port"), e);
        }
        loaded.record(node.scheduler().store().bundles(), node.scheduler().config().clock().instant());
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
                node.close();
                ctx.out().println("ppacer stopped");
                ctx.out().flush();
            }
        });
    }
}
