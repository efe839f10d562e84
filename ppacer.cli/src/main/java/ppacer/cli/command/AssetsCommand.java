package ppacer.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import ppacer.cli.client.Api;
import ppacer.cli.client.Table;

/** {@code ppacer assets}: every asset with its latest event, producers and consumers. */
@Command(name = "assets", mixinStandardHelpOptions = true,
        description = {"Lists the assets: those a DAG produces (Node.produces) or is scheduled on (onAssets), and",
                "those with an event. For each: its latest event, the producing tasks (dag/task) and the",
                "consuming DAGs."})
final class AssetsCommand extends ClientCommand {
    AssetsCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    int execute(Api api) {
        JsonNode v = api.get("/assets");
        Table t = new Table("ASSET", "LATEST EVENT", "FROM", "PRODUCERS", "CONSUMERS");
        for (JsonNode a : v.path("assets")) {
            JsonNode e = a.path("latest");
            t.row(a.path("name").asText(), e.isMissingNode() || e.isNull() ? "-" : "#" + e.path("id").asLong() + " "
                            + e.path("at").asText(), e.isMissingNode() || e.isNull() ? "-" : AssetCommand.source(e),
                    join(a.path("producers")), join(a.path("consumers")));
        }
        t.print(out());
        return ExitCodes.OK;
    }

    static String join(JsonNode list) {
        if (list.isEmpty()) {
            return "-";
        }
        StringBuilder b = new StringBuilder();
        for (JsonNode n : list) {
            if (!b.isEmpty()) {
                b.append(", ");
            }
            b.append(n.asText());
        }
        return b.toString();
    }
}
