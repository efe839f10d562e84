package ppacer.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import ppacer.cli.client.Api;
import ppacer.cli.client.Table;

/** {@code ppacer executors}: the executors the scheduler is in touch with. */
@Command(name = "executors", mixinStandardHelpOptions = true,
        description = {"Lists the executors the leading scheduler is in touch with: state (polling, active, or gone",
                "after 30 s without contact), first and last contact, attempts held, the address it polls from",
                "and the ppacer version it runs."})
final class ExecutorsCommand extends ClientCommand {
    ExecutorsCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    int execute(Api api) {
        JsonNode v = api.get("/executors");
        if (!v.path("leader").asBoolean()) {
            out().println("This scheduler stands by: only the leader is in touch with executors (see ppacer status).");
        }
        Table t = new Table("EXECUTOR", "STATE", "RUNNING", "LAST CONTACT", "FIRST CONTACT", "ADDRESS", "VERSION");
        for (JsonNode e : v.path("executors")) {
            t.row(e.path("executorId").asText(), e.path("state").asText(), e.path("running").asInt(),
                    Api.display(e.path("lastContact")), Api.display(e.path("firstContact")),
                    e.path("address").isTextual() ? e.path("address").asText() : "in-process",
                    e.path("version").isTextual() ? e.path("version").asText() : "-");
        }
        t.print(out());
        return ExitCodes.OK;
    }
}
