package ppacer.cli.command;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import ppacer.api.DagRegistry;
import ppacer.cli.settings.Setting;
import ppacer.cli.settings.Settings;
import ppacer.cli.settings.SettingsLoader;
import ppacer.exec.Executor;
import ppacer.exec.ExecutorConfig;
import ppacer.exec.SchedulerLink;
import ppacer.exec.client.SchedulerClient;

/** {@code ppacer executor}: takes tasks from a scheduler over HTTP and runs them. */
@Command(name = "executor", mixinStandardHelpOptions = true,
        description = {"Runs an executor: takes tasks from the scheduler over HTTP, runs them and reports back."
                + " On SIGTERM or Ctrl-C it stops taking tasks and waits for running ones (up to 30 s)."})
final class ExecutorCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config = new ConfigOption();
    @Mixin
    ClientOptions client = new ClientOptions();
    @Mixin
    ExecutorOptions executor = new ExecutorOptions();

    private final CliContext ctx;

    ExecutorCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws InterruptedException {
        Map<Setting, String> flags = new EnumMap<>(Setting.class);
        client.addTo(flags);
        executor.addTo(flags);
        Settings settings = SettingsLoader.load(flags, config.file(), ctx.env(), ctx.workDir());
        DagRegistry registry = DagRegistry.load();
        SchedulerClient schedulerClient = SchedulerClient.create(settings.scheduler(), settings.token(),
                Duration.ofSeconds(10));
        Executor running = Executor.create(registry, SchedulerLink.http(schedulerClient), ExecutorConfig.builder()
                .executorId(settings.executorId()).maxConcurrency(settings.concurrency()).build()).start();
        ctx.out().printf("ppacer executor %s on %s: %d DAGs, %d tasks at once%n", running.id(), settings.scheduler(),
                registry.size(), settings.concurrency());
        ctx.out().flush();
        ctx.lifecycle().serve(() -> {
            running.close();
            ctx.out().println("ppacer executor stopped");
            ctx.out().flush();
        }, Optional.empty());
        return ExitCodes.OK;
    }
}
