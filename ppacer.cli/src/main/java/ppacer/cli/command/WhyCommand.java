package ppacer.cli.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import ppacer.cli.client.Api;
import ppacer.exec.wire.WireJson;

/**
 * {@code ppacer why RUN [TASK]} and {@code ppacer why --dag DAG}: why a run, one of its tasks or a DAG
 * is where it is, from the scheduler's own decisions; one sentence per reason, or the JSON with
 * {@code --json}.
 */
@Command(name = "why", mixinStandardHelpOptions = true,
        description = {"Says why a run's tasks are not running (or how they ended): the reasons that hold the",
                "run back, then one line per unfinished task; with TASK only that task; with --dag DAG why the DAG",
                "has (no) run going and when its next run is due. --json prints the scheduler's answer."})
final class WhyCommand extends ClientCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN", description = "The run id.")
    Long runId;

    @Parameters(index = "1", arity = "0..1", paramLabel = "TASK", description = "One task of the run.")
    String taskId;

    @Option(names = "--dag", paramLabel = "DAG", description = "Explain a DAG instead of a run.")
    String dagId;

    @Option(names = "--json", description = "Print the answer as JSON.")
    boolean json;

    WhyCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    int execute(Api api) {
        if ((dagId == null) == (runId == null)) {
            throw new IllegalArgumentException("Give a run id (ppacer why RUN [TASK]) or --dag DAG, not "
                    + (dagId == null ? "neither" : "both"));
        }
        if (dagId != null) {
            JsonNode v = api.get("/dags/" + Api.enc(dagId) + "/why");
            if (json) {
                return print(v);
            }
            for (JsonNode w : v.path("reasons")) {
                out().println(w.path("reason").asText() + ": " + w.path("message").asText());
            }
            return ExitCodes.OK;
        }
        if (taskId != null) {
            JsonNode w = api.get("/dagruns/" + runId + "/tasks/" + Api.enc(taskId) + "/why");
            if (json) {
                return print(w);
            }
            out().println(taskId + ": " + w.path("reason").asText() + ": " + w.path("message").asText());
            return ExitCodes.OK;
        }
        JsonNode v = api.get("/dagruns/" + runId + "/why");
        if (json) {
            return print(v);
        }
        out().println("Run " + v.path("runId").asLong() + " of " + v.path("dagId").asText() + " is "
                + v.path("status").asText() + ".");
        for (JsonNode w : v.path("run")) {
            out().println("  " + w.path("reason").asText() + ": " + w.path("message").asText());
        }
        int width = 0;
        for (JsonNode t : v.path("tasks")) {
            width = Math.max(width, t.path("taskId").asText().length());
        }
        for (JsonNode t : v.path("tasks")) {
            out().printf("  %-" + width + "s  %s: %s%n", t.path("taskId").asText(), t.path("reason").asText(),
                    t.path("message").asText());
        }
        if (v.path("tasks").isEmpty() && !v.path("status").asText().equals("SUCCESS")
                && !v.path("status").asText().equals("FAILED")) {
            out().println("  (no unfinished task)");
        }
        return ExitCodes.OK;
    }

    private int print(JsonNode v) {
        try {
            out().println(WireJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(v));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot print the answer as JSON: " + e.getMessage(), e);
        }
        return ExitCodes.OK;
    }
}
