package ppacer.cli.command;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import ppacer.cli.client.Api;

/** {@code ppacer mark RUN TASK STATUS}: sets a task's current attempt to SUCCESS, FAILED or SKIPPED. */
@Command(name = "mark", mixinStandardHelpOptions = true,
        description = {"Marks a task of a run SUCCESS, FAILED or SKIPPED, as an operator: SUCCESS releases its children,",
                "FAILED makes the tasks below it upstream-failed, SKIPPED lets their trigger rules decide."})
final class MarkCommand extends ClientCommand {
    /** The statuses a task can be marked with. */
    enum Status {
        /** As if it had succeeded. */
        SUCCESS,
        /** As if it had failed. */
        FAILED,
        /** As if it had been skipped. */
        SKIPPED
    }

    @Parameters(index = "0", paramLabel = "RUN", description = "The run id.")
    long runId;

    @Parameters(index = "1", paramLabel = "TASK", description = "The task id.")
    String taskId;

    @Parameters(index = "2", paramLabel = "STATUS",
            description = "One of: ${COMPLETION-CANDIDATES}, in any case (success works too).")
    Status status;

    MarkCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    int execute(Api api) {
        api.post("/dag/run/" + runId + "/task/" + Api.enc(taskId) + "/mark", Map.of("status", status.name()));
        out().printf("Marked %s of run %d %s%n", taskId, runId, status);
        out().flush();
        return ExitCodes.OK;
    }
}
