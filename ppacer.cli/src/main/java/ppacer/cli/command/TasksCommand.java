package ppacer.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import ppacer.cli.client.Api;
import ppacer.cli.client.Table;

/**
 * {@code ppacer tasks RUN}: a run's task attempts. The last column explains an attempt: the first line
 * of a failure's error, why a task was SKIPPED or UPSTREAM_FAILED, or which children a branch chose.
 */
@Command(name = "tasks", mixinStandardHelpOptions = true, description = {"Lists the task attempts of a run.",
        "ERROR / REASON: a failure's first line, why a task is SKIPPED or UPSTREAM_FAILED, or a branch's choice."})
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
        Table t = new Table("TASK", "ATTEMPT", "STATUS", "STARTED", "DURATION", "EXECUTOR", "LOGS", "ERROR / REASON");
        for (JsonNode task : run.path("tasks")) {
            String taskId = task.path("taskId").asText();
            if (task.path("attempts").isEmpty()) {
                t.row(taskId, "-", "NO_STATUS", "-", "-", "-", 0, "-");
            }
            for (JsonNode a : task.path("attempts")) {
                String why = explanation(a);
                // a task that never started (SCHEDULED, SKIPPED, UPSTREAM_FAILED) has no duration
                t.row(taskId, a.path("attempt").asInt(), a.path("status").asText(), Api.display(a.get("startedAt")),
                        text(a.path("duration")), text(a.path("executorId")), a.path("logRecords").asLong(),
                        why.isEmpty() ? "-" : why);
            }
        }
        t.print(out());
        return ExitCodes.OK;
    }

    private static String text(JsonNode value) {
        return value.isTextual() ? value.asText() : "-";
    }

    /**
     * @param attempt an attempt of {@code GET /dagruns/{runId}}
     * @return its error's first line, its reason (SKIPPED, UPSTREAM_FAILED) and its branch decision, joined by
     *     "; ", or "" when it has none
     */
    static String explanation(JsonNode attempt) {
        List<String> parts = new ArrayList<>();
        if (attempt.path("error").isTextual()) {
            parts.add(attempt.path("error").asText().lines().findFirst().orElse(""));
        }
        if (attempt.path("reason").isTextual()) {
            parts.add(attempt.path("reason").asText());
        }
        if (attempt.path("branch").isArray()) {
            List<String> chosen = attempt.path("branch").valueStream().map(JsonNode::asText).toList();
            parts.add(chosen.isEmpty() ? "branch chose none of its children" : "branch chose " + String.join(", ", chosen));
        }
        return String.join("; ", parts.stream().filter(p -> !p.isEmpty()).toList());
    }
}
