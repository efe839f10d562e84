package ppacer.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import ppacer.cli.client.Api;
import ppacer.cli.client.RunProgress;

/** {@code ppacer restart RUN}: runs a FAILED run's failed tasks again. */
@Command(name = "restart", mixinStandardHelpOptions = true,
        description = {"Restarts a FAILED run: its failed and not-run tasks are scheduled again. With --wait, prints",
                "task progress and exits with the run's final status: 0 SUCCESS, 1 FAILED."})
final class RestartCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "RUN", description = "The run id.")
    long runId;

    @Option(names = "--wait", description = "Wait for the run to end again, printing progress.")
    boolean await;

    RestartCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    int execute(Api api) throws InterruptedException {
        api.client().restart(runId);
        out().printf("Restarted run %d%n", runId);
        out().flush();
        if (!await) {
            return ExitCodes.OK;
        }
        RunProgress progress = new RunProgress(runId);
        while (true) {
            String status = progress.update(api.get("/dagruns/" + runId), out());
            if (status.equals("SUCCESS")) {
                return ExitCodes.OK;
            }
            if (status.equals("FAILED")) {
                return ExitCodes.FAILED;
            }
            pause();
        }
    }
}
