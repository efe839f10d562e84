package ppacer.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import ppacer.cli.client.Api;
import ppacer.cli.client.Table;

/**
 * {@code ppacer dags}: the DAGs with schedule, catch-up (and its window) and overlap policy, pause
 * state, next run and recent runs.
 */
@Command(name = "dags", mixinStandardHelpOptions = true, description = "Lists the scheduler's DAGs.")
final class DagsCommand extends ClientCommand {
    DagsCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    int execute(Api api) {
        Table t = new Table("DAG", "SCHEDULE", "CATCH-UP", "OVERLAP", "PAUSED", "TASKS", "NEXT RUN", "RECENT RUNS");
        for (JsonNode d : api.get("/dags")) {
            List<String> recent = new ArrayList<>();
            for (JsonNode r : d.path("recentRuns")) {
                if (recent.size() < 5) {
                    recent.add(r.path("runId").asText() + ":" + r.path("status").asText());
                }
            }
            t.row(d.path("dagId").asText(), d.path("scheduleInWords").asText(),
                    d.path("catchUp").asBoolean() ? "yes" + window(d) : "no", overlap(d).orElse("ALLOW"),
                    d.path("paused").asBoolean() ? "yes" : "no", d.path("tasks").asInt(),
                    Api.display(d.get("nextRun")), recent.isEmpty() ? "-" : String.join(" ", recent));
        }
        t.print(out());
        return ExitCodes.OK;
    }

    /** @return e.g. {@code " (window PT24H)"}, or empty when the DAG catches up without a window */
    static String window(JsonNode dag) {
        JsonNode w = dag.path("catchUpWindow");
        return w.isTextual() ? " (window " + w.asText() + ")" : "";
    }

    /** @return the overlap policy, empty when the answer has none (an older server) */
    static Optional<String> overlap(JsonNode dag) {
        JsonNode o = dag.path("overlap");
        return o.isTextual() ? Optional.of(o.asText()) : Optional.empty();
    }
}
