package ppacer.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import ppacer.cli.client.Api;

/** {@code ppacer status}: the scheduler's state, and which scheduler leads. */
@picocli.CommandLine.Command(name = "status", mixinStandardHelpOptions = true,
        description = "Shows the scheduler's state, its role (leader or standby), the fencing epoch and the leader.")
final class StatusCommand extends ClientCommand {
    StatusCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    int execute(Api api) {
        JsonNode s = api.get("/state");
        out().printf("state:    %s%n", s.path("state").asText());
        out().printf("role:     %s (node %s)%n", s.path("role").asText("leader"), s.path("nodeId").asText("-"));
        out().printf("epoch:    %s%n", s.path("epoch").asText("-"));
        out().printf("leader:   %s%s%n", s.path("leaderId").asText("-"),
                s.hasNonNull("leaderUrl") ? " at " + s.path("leaderUrl").asText() : "");
        out().printf("takeovers: %s%n", s.path("takeovers").asText("0"));
        out().flush();
        return ExitCodes.OK;
    }
}
