package ppacer.cli.command;

import java.util.Map;
import picocli.CommandLine.Option;
import ppacer.cli.settings.Setting;

/** Options of commands that run tasks. */
final class ExecutorOptions {
    @Option(names = "--concurrency", paramLabel = "N",
            description = "Tasks run at once (env PPACER_CONCURRENCY; default 16).")
    String concurrency;

    @Option(names = "--executor-id", paramLabel = "ID",
            description = "Executor id stored on the attempts it runs (env PPACER_EXECUTOR_ID;"
                    + " default in-process for run, exec-<random> for executor).")
    String executorId;

    void addTo(Map<Setting, String> flags) {
        Flags.put(flags, Setting.CONCURRENCY, concurrency);
        Flags.put(flags, Setting.EXECUTOR_ID, executorId);
    }
}
