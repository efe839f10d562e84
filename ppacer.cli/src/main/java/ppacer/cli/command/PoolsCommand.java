package ppacer.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import ppacer.cli.client.Api;
import ppacer.cli.client.Table;

/** {@code ppacer pools}: every pool with its size, the slots held and the attempts waiting. */
@Command(name = "pools", mixinStandardHelpOptions = true,
        description = {"Lists the pools: size, slots used and free, attempts waiting for a slot, and the attempts",
                "holding slots (run/task#attempt). A pool that tasks declare but nobody defined shows as",
                "undefined: its tasks wait until 'ppacer pool set NAME SLOTS'."})
final class PoolsCommand extends ClientCommand {
    PoolsCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    int execute(Api api) {
        JsonNode v = api.get("/pools");
        if (!v.path("leader").asBoolean()) {
            out().println("This scheduler stands by: counts read from the store (holders RUNNING, waiting SCHEDULED).");
        }
        Table t = new Table("POOL", "SLOTS", "USED", "FREE", "WAITING", "HOLDERS");
        for (JsonNode p : v.path("pools")) {
            t.row(p.path("name").asText(), p.path("defined").asBoolean() ? p.path("slots").asText() : "undefined",
                    p.path("used").asInt(), p.path("free").asInt(), p.path("waiting").asInt(), holders(p.path("holders")));
        }
        t.print(out());
        return ExitCodes.OK;
    }

    /** @return e.g. {@code 12/load#0, 13/load#1}, or "-" */
    static String holders(JsonNode holders) {
        if (holders.isEmpty()) {
            return "-";
        }
        StringBuilder b = new StringBuilder();
        for (JsonNode h : holders) {
            if (!b.isEmpty()) {
                b.append(", ");
            }
            b.append(h.path("runId").asLong()).append('/').append(h.path("taskId").asText()).append('#')
                    .append(h.path("attempt").asInt());
        }
        return b.toString();
    }
}
