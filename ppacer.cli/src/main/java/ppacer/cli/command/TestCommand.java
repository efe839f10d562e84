package ppacer.cli.command;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import ppacer.api.DagRegistry;
import ppacer.api.DagRunStatus;
import ppacer.api.TaskOutput;
import ppacer.cli.node.TestRun;
import ppacer.cli.settings.SettingsException;

/**
 * {@code ppacer test DAG}: runs a DAG (or one of its tasks) once, in this process, with the real
 * scheduler and an in-process executor on a throwaway in-memory store; no server, no port.
 */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = {"Runs a DAG once in this process, on a throwaway in-memory store (no server, no port),",
                "printing task status changes and task logs, then a summary. Exit code: 0 SUCCESS, 1 FAILED,",
                "2 unknown DAG or task (the known ones are listed) or a bad option.",
                "Trigger rules, branches, retries and timeouts behave as in 'ppacer run'."})
final class TestCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DAG", description = "The DAG id.")
    String dagId;

    @Option(names = "--task", paramLabel = "TASK",
            description = "Run only this task, alone: its upstream tasks are not run, its downstream neither"
                    + " (a branch's choice is logged, not applied).")
    String taskId;

    @Option(names = "--logical-time", paramLabel = "INSTANT",
            description = "The run's logical time, ISO-8601, e.g. 2026-01-01T00:00:00Z (default now).")
    String logicalTime;

    @Option(names = "--params", paramLabel = "JSON", description = "Run parameters, a JSON object.")
    String params;

    @Option(names = "--input", paramLabel = "PARENT=JSON",
            description = "With --task: the output a parent stored, as JSON (repeatable), e.g."
                    + " --input extract='{\"rows\":3}'; a parent without one stored none.")
    java.util.List<String> inputs = new java.util.ArrayList<>();

    @Option(names = "--no-retries", description = "Fail a task on its first failure, ignoring its retries.")
    boolean noRetries;

    @Option(names = "--verbose", description = "Also print the scheduler's and executor's own INFO log lines"
            + " (store migrations, start and stop); by default only their warnings and errors.")
    boolean verbose;

    private final CliContext ctx;

    TestCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    /** The {@code --input} options as outputs by parent id; a value that is not JSON is refused, naming it. */
    private java.util.Map<String, TaskOutput> inputs() {
        java.util.Map<String, TaskOutput> out = new java.util.LinkedHashMap<>();
        for (String in : inputs) {
            int eq = in.indexOf('=');
            if (eq <= 0) {
                throw new SettingsException("--input '" + in + "' is not PARENT=JSON, e.g. extract='{\"rows\":3}'");
            }
            String json = in.substring(eq + 1);
            try {
                ppacer.exec.wire.WireJson.mapper().readTree(json);
            } catch (java.io.IOException e) {
                throw new SettingsException("--input " + in.substring(0, eq) + ": '" + json + "' is not JSON ("
                        + e.getMessage().lines().findFirst().orElse("") + ")");
            }
            out.put(in.substring(0, eq), TaskOutput.json(json));
        }
        return out;
    }

    @Override
    public Integer call() throws InterruptedException {
        Instant at = Instant.now();
        if (logicalTime != null) {
            try {
                at = Instant.parse(logicalTime.strip());
            } catch (DateTimeParseException e) {
                throw new SettingsException("--logical-time '" + logicalTime
                        + "' is not an ISO-8601 instant; expected e.g. 2026-01-01T00:00:00Z");
            }
        }
        TestRun run = TestRun.of(DagRegistry.load(), dagId, Optional.ofNullable(taskId), !noRetries,
                params == null ? "{}" : params, at, inputs());
        // the task logs and progress are the output; the machinery's start-up lines would only interleave
        Logger machinery = Logger.getLogger("ppacer");
        Level before = machinery.getLevel();
        if (!verbose) {
            machinery.setLevel(Level.WARNING);
        }
        try {
            DagRunStatus status = run.execute(ctx.out());
            return status == DagRunStatus.SUCCESS ? ExitCodes.OK : ExitCodes.FAILED;
        } finally {
            machinery.setLevel(before);
        }
    }
}
