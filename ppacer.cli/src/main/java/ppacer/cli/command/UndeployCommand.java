package ppacer.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import ppacer.cli.client.Api;

/** {@code ppacer undeploy NAME}: retires a DAG bundle. */
@Command(name = "undeploy", mixinStandardHelpOptions = true,
        description = "Retires a DAG bundle (DELETE /bundles/NAME, an admin key): its DAGs become inactive (no new"
                + " runs); runs already started finish on their version.")
final class UndeployCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The bundle's name (see ppacer bundles).")
    String name;

    UndeployCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    int execute(Api api) {
        api.delete("/bundles/" + Api.enc(name));
        out().printf("Undeployed bundle %s%n", name);
        out().flush();
        return ExitCodes.OK;
    }
}
