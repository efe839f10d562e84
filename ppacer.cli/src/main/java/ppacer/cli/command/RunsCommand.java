package ppacer.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import ppacer.cli.client.Api;
import ppacer.cli.client.Table;

/** {@code ppacer runs [DAG]}: the latest runs, newest first. */
@Command(name = "runs", mixinStandardHelpOptions = true, description = "Lists the latest DAG runs, newest first.")
final class RunsCommand extends ClientCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "DAG", description = "Only runs of this DAG.")
    String dagId;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "How many runs (default ${DEFAULT-VALUE}).")
    int limit;

    RunsCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    int execute(Api api) {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("--limit must be between 1 and 1000, was " + limit);
        }
        Table t = new Table("RUN", "DAG", "EXEC TS", "STATUS", "TASKS DONE", "FAILED", "DURATION", "TRIGGER");
        int shown = 0;
        for (JsonNode r : api.get("/ui/dagrun/latest/" + (dagId == null ? limit : 1000))) {
            if (shown < limit && (dagId == null || dagId.equals(r.path("dagId").asText()))) {
                t.row(r.path("runId").asLong(), r.path("dagId").asText(), Api.display(r.get("execTs")),
                        r.path("status").asText(), r.path("taskCompletedNum").asInt() + "/" + r.path("taskNum").asInt(),
                        r.path("taskFailedNum").asInt(), r.path("duration").asText(), r.path("trigger").asText());
                shown++;
            }
        }
        t.print(out());
        return ExitCodes.OK;
    }
}
