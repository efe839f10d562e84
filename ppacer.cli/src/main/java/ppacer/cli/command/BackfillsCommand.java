package ppacer.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import ppacer.cli.client.Api;
import ppacer.cli.client.Table;

/** {@code ppacer backfills [DAG]}: backfills (of one DAG, or all) with their progress, newest first. */
@Command(name = "backfills", mixinStandardHelpOptions = true,
        description = {"Lists backfills (of DAG, or of every DAG), newest first: state, range, progress (points done /",
                "total) and runs."})
final class BackfillsCommand extends ClientCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "DAG", description = "The DAG id (default: every DAG).")
    String dagId;

    BackfillsCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    int execute(Api api) {
        JsonNode list = api.get(dagId == null ? "/backfills" : "/dags/" + Api.enc(dagId) + "/backfills");
        if (list.isEmpty()) {
            out().println(dagId == null ? "No backfills" : "DAG " + dagId + " has no backfills");
            out().flush();
            return ExitCodes.OK;
        }
        Table t = new Table("ID", "DAG", "STATE", "FROM", "TO", "DONE", "RUNS OK/FAILED/UNFINISHED", "REPROCESS", "BY");
        for (JsonNode b : list) {
            t.row(b.path("id").asLong(), b.path("dagId").asText(), b.path("state").asText(), b.path("from").asText(), b.path("to").asText(),
                    b.path("done").asLong() + "/" + b.path("total").asInt(),
                    b.path("runsSucceeded").asLong() + "/" + b.path("runsFailed").asLong() + "/"
                            + b.path("runsUnfinished").asLong(),
                    b.path("reprocess").asText(), b.path("createdBy").asText());
        }
        t.print(out());
        return ExitCodes.OK;
    }
}
