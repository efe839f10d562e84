package ppacer.cli.command;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import ppacer.api.DagRegistry;
import ppacer.api.spi.Tracing;
import ppacer.cli.node.FolderDags;
import ppacer.cli.node.Running;
import ppacer.cli.settings.Setting;
import ppacer.cli.settings.Settings;
import ppacer.cli.settings.SettingsException;
import ppacer.cli.settings.SettingsLoader;
import ppacer.exec.DagLookup;
import ppacer.exec.Executor;
import ppacer.exec.ExecutorConfig;
import ppacer.exec.SchedulerLink;
import ppacer.exec.bundle.BundleCache;
import ppacer.exec.bundle.BundleLoader;
import ppacer.exec.bundle.BundleLookup;
import ppacer.exec.bundle.FailoverBundleSource;

/** {@code ppacer executor}: takes tasks from a scheduler over HTTP and runs them. */
@Command(name = "executor", mixinStandardHelpOptions = true,
        description = {"Runs an executor: takes tasks from the scheduler over HTTP, runs them and reports back."
                + " On SIGTERM or Ctrl-C it stops taking tasks and waits for running ones (up to 30 s).",
                "With several --scheduler URLs (an HA group) it follows the leader: a standby's 503 names the"
                        + " leader, and a scheduler that does not answer within --request-timeout is left for the next"
                        + " URL. Reports are retried until the scheduler acknowledges or refuses them."})
final class ExecutorCommand implements Callable<Integer> {
    /** The time one bundle jar download may take. */
    private static final Duration BUNDLE_DOWNLOAD_TIMEOUT = Duration.ofMinutes(2);
    /** Downloaded bundle versions kept loaded at once (others are loaded again from the disk cache). */
    private static final int MAX_LOADED_VERSIONS = 32;

    @Mixin
    ConfigOption config = new ConfigOption();
    @Mixin
    ClientOptions client = new ClientOptions();
    @Mixin
    ExecutorOptions executor = new ExecutorOptions();
    @Mixin
    DagsOption dags = new DagsOption();
    @Option(names = "--request-timeout", paramLabel = "DURATION",
            description = "Timeout of one request to a scheduler, e.g. 500ms, 3s or PT3S; a long poll waits up to 20 s"
                    + " plus this (env PPACER_REQUEST_TIMEOUT; default 3s). Short, so that the executor leaves a"
                    + " frozen scheduler for the new leader about as fast as the takeover.")
    String requestTimeout;
    @Option(names = "--bundle-cache", paramLabel = "DIR",
            description = "Folder of the DAG bundle jars this executor downloads from the scheduler by hash (env"
                    + " PPACER_BUNDLE_CACHE; default .ppacer/bundle-cache). Kept across restarts.")
    String bundleCache;
    @Option(names = "--bundle-cache-mb", paramLabel = "MIB",
            description = "Size bound of the bundle cache in MiB; the least recently used jars go above it"
                    + " (env PPACER_BUNDLE_CACHE_MB; default 1024).")
    String bundleCacheMb;

    private final CliContext ctx;

    ExecutorCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    /** The scheduler's refusal as the command's error, with what to check. */
    private static RuntimeException refusal(Throwable e) {
        Throwable cause = e instanceof CompletionException c && c.getCause() != null ? c.getCause() : e;
        String hint = cause.getMessage() != null && (cause.getMessage().contains(" 401 ") || cause.getMessage().contains(" 403 "))
                ? "; give the scheduler's token with --token or PPACER_TOKEN" : "";
        return new SettingsException("the scheduler refused this executor, which stopped: " + cause.getMessage() + hint,
                cause);
    }

    @Override
    public Integer call() throws InterruptedException {
        Map<Setting, String> flags = new EnumMap<>(Setting.class);
        client.addTo(flags);
        executor.addTo(flags);
        dags.addTo(flags);
        Flags.put(flags, Setting.REQUEST_TIMEOUT, requestTimeout);
        Flags.put(flags, Setting.BUNDLE_CACHE, bundleCache);
        Flags.put(flags, Setting.BUNDLE_CACHE_MB, bundleCacheMb);
        Settings settings = SettingsLoader.load(flags, config.file(), ctx.env(), ctx.workDir());
        FolderDags folder = FolderDags.load(settings.dagsDir(ctx.workDir()), ctx.err());
        DagRegistry registry = folder.registry();
        List<URI> schedulers = settings.schedulers();
        Duration requestTimeout = settings.requestTimeout();
        // a run on a bundle version this executor lacks: its jar from the scheduler, by hash, cached on disk
        Path cacheDir = settings.bundleCache(ctx.workDir());
        BundleCache cache = new BundleCache(cacheDir, settings.bundleCacheBytes(),
                new FailoverBundleSource(schedulers, settings.token(), BUNDLE_DOWNLOAD_TIMEOUT), Clock.systemUTC());
        DagLookup lookup = new BundleLookup(folder.set(), cache, new BundleLoader(), MAX_LOADED_VERSIONS);
        ctx.lifecycle().starting();
        Tracing tracing = Tracing.open(settings.tracing());
        ExecutorConfig executorConfig = ExecutorConfig.builder().executorId(settings.executorId())
                .maxConcurrency(settings.concurrency()).tracing(tracing).build();
        Executor running;
        try {
            running = Executor.create(lookup, SchedulerLink.failover(schedulers, settings.token(), requestTimeout),
                    executorConfig).start();
        } catch (RuntimeException e) {
            tracing.close();
            throw e;
        }
        ctx.out().printf("ppacer executor %s on %s: %d DAGs, %d tasks at once, bundle cache %s (%d MiB)%n", running.id(),
                schedulers.stream().map(Object::toString).collect(Collectors.joining(", ")), registry.size(),
                settings.concurrency(), cacheDir, settings.bundleCacheBytes() >> 20);
        ctx.out().flush();
        return ctx.lifecycle().serve(new Running() {
            @Override
            public Optional<URI> uri() {
                return Optional.empty();
            }

            @Override
            public int runningTasks() {
                return running.running();
            }

            @Override
            public Duration stopTimeout() {
                return executorConfig.shutdownTimeout();
            }

            @Override
            public CompletionStage<Void> failure() {
                return running.refusal().exceptionallyCompose(e -> CompletableFuture.failedFuture(refusal(e)));
            }

            @Override
            public void stop() {
                try {
                    running.close();
                } finally {
                    tracing.close(); // exports the spans of the last executions
                }
                ctx.out().println("ppacer executor stopped");
                ctx.out().flush();
            }
        });
    }
}
