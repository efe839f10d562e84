package ppacer.cli.command;

import java.net.URI;
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
import ppacer.exec.Executor;
import ppacer.exec.ExecutorConfig;
import ppacer.exec.SchedulerLink;

/** {@code ppacer executor}: takes tasks from a scheduler over HTTP and runs them. */
@Command(name = "executor", mixinStandardHelpOptions = true,
        description = {"Runs an executor: takes tasks from the scheduler over HTTP, runs them and reports back."
                + " On SIGTERM or Ctrl-C it stops taking tasks and waits for running ones (up to 30 s).",
                "With several --scheduler URLs (an HA group) it follows the leader: a standby's 503 names the"
                        + " leader, and a scheduler that does not answer within --request-timeout is left for the next"
                        + " URL. Reports are retried until the scheduler acknowledges or refuses them."})
final class ExecutorCommand implements Callable<Integer> {
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
        Settings settings = SettingsLoader.load(flags, config.file(), ctx.env(), ctx.workDir());
        DagRegistry registry = FolderDags.load(settings.dagsDir(ctx.workDir()), ctx.err()).registry();
        List<URI> schedulers = settings.schedulers();
        Duration requestTimeout = settings.requestTimeout();
        ctx.lifecycle().starting();
        Tracing tracing = Tracing.open(settings.tracing());
        ExecutorConfig executorConfig = ExecutorConfig.builder().executorId(settings.executorId())
                .maxConcurrency(settings.concurrency()).tracing(tracing).build();
        Executor running;
        try {
            running = Executor.create(registry, SchedulerLink.failover(schedulers, settings.token(), requestTimeout),
                    executorConfig).start();
        } catch (RuntimeException e) {
            tracing.close();
            throw e;
        }
        ctx.out().printf("ppacer executor %s on %s: %d DAGs, %d tasks at once%n", running.id(),
                schedulers.stream().map(Object::toString).collect(Collectors.joining(", ")), registry.size(),
                settings.concurrency());
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
