package ppacer.cli.command;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import ppacer.cli.client.Api;

/** {@code ppacer unpause DAG}: scheduled runs resume. */
@Command(name = "unpause", mixinStandardHelpOptions = true, description = "Unpauses a DAG: scheduled runs resume.")
final class UnpauseCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "DAG", description = "The DAG id.")
    String dagId;

    UnpauseCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    int execute(Api api) {
        api.post("/dags/" + Api.enc(dagId) + "/unpause", Map.of());
        out().printf("Unpaused %s%n", dagId);
        out().flush();
        return ExitCodes.OK;
    }
}
