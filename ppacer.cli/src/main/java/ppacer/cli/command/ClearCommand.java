package ppacer.cli.command;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import ppacer.cli.client.Api;

/** {@code ppacer clear RUN TASK [--downstream]}: runs a task of a run again. */
@Command(name = "clear", mixinStandardHelpOptions = true,
        description = {"Clears a task of a run so that it runs again (a queued or running attempt is cancelled), as an",
                "operator; the tasks below it that their trigger rules skipped or upstream-failed are decided again,",
                "and a task between a setup and its teardown runs both again. A finished run runs again."})
final class ClearCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "RUN", description = "The run id.")
    long runId;

    @Parameters(index = "1", paramLabel = "TASK", description = "The task id.")
    String taskId;

    @Option(names = "--downstream", description = "Clear every task below it too.")
    boolean downstream;

    ClearCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    int execute(Api api) {
        api.post("/dag/run/" + runId + "/task/" + Api.enc(taskId) + "/clear?downstream=" + downstream, Map.of());
        out().printf("Cleared %s of run %d%s%n", taskId, runId, downstream ? " and the tasks below it" : "");
        out().flush();
        return ExitCodes.OK;
    }
}
