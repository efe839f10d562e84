package ppacer.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import ppacer.cli.client.Api;
import ppacer.cli.client.Table;

/** {@code ppacer tasks RUN}: a run's task attempts. */
@Command(name = "tasks", mixinStandardHelpOptions = true, description = "Lists the task attempts of a run.")
final class TasksCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "RUN", description = "The run id.")
    long runId;

    TasksCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    int execute(Api api) {
        JsonNode run = api.get("/dagruns/" + runId);
        out().printf("Run %d of %s (execTs %s): %s, %s, trigger %s%n", runId, run.path("dagId").asText(),
                run.path("execTs").asText(), run.path("status").asText(), run.path("duration").asText(),
                run.path("trigger").asText());
        Table t = new Table("TASK", "ATTEMPT", "STATUS", "STARTED", "DURATION", "EXECUTOR", "LOGS", "ERROR");
        for (JsonNode task : run.path("tasks")) {
            String taskId = task.path("taskId").asText();
            if (task.path("attempts").isEmpty()) {
                t.row(taskId, "-", "NO_STATUS", "-", "-", "-", 0, "-");
            }
            for (JsonNode a : task.path("attempts")) {
                String error = a.path("error").isTextual() ? a.path("error").asText().lines().findFirst().orElse("") : "";
                t.row(taskId, a.path("attempt").asInt(), a.path("status").asText(), Api.display(a.get("startedAt")),
                        a.path("duration").asText(), a.path("executorId").isTextual() ? a.path("executorId").asText() : "-",
                        a.path("logRecords").asLong(), error.isEmpty() ? "-" : error);
            }
        }
        t.print(out());
        return ExitCodes.OK;
    }
}
