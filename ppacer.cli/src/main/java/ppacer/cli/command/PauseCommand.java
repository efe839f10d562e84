package ppacer.cli.command;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import ppacer.cli.client.Api;

/** {@code ppacer pause DAG}: no new scheduled runs until unpaused. */
@Command(name = "pause", mixinStandardHelpOptions = true,
        description = "Pauses a DAG: no new scheduled runs; running ones finish.")
final class PauseCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "DAG", description = "The DAG id.")
    String dagId;

    PauseCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    int execute(Api api) {
        api.post("/dags/" + Api.enc(dagId) + "/pause", Map.of());
        out().printf("Paused %s%n", dagId);
        out().flush();
        return ExitCodes.OK;
    }
}
