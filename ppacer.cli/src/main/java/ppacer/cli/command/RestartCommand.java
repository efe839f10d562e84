package ppacer.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import ppacer.cli.client.Api;

/** {@code ppacer restart RUN}: runs a FAILED run's failed tasks again. */
@Command(name = "restart", mixinStandardHelpOptions = true,
        description = "Restarts a FAILED run: its failed and not-run tasks are scheduled again.")
final class RestartCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "RUN", description = "The run id.")
    long runId;

    RestartCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    int execute(Api api) {
        api.client().restart(runId);
        out().printf("Restarted run %d%n", runId);
        out().flush();
        return ExitCodes.OK;
    }
}
