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
                "run back, then one line per unfinished task (at most --limit, blocked ones first, then running,",
                "queued, waiting for parents; a big run's counts by reason first); with TASK only that task; with",
                "--dag DAG why the DAG has (no) run going and when its next run is due. --json prints the",
                "scheduler's answer."})
final class WhyCommand extends ClientCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN", description = "The run id.")
    Long runId;

    @Parameters(index = "1", arity = "0..1", paramLabel = "TASK", description = "One task of the run.")
    String taskId;

    @Option(names = "--dag", paramLabel = "DAG", description = "Explain a DAG instead of a run.")
    String dagId;

    @Option(names = "--json", description = "Print the answer as JSON.")
    boolean json;

    @Option(names = "--limit", paramLabel = "N", description = "At most N tasks of the run (the scheduler's default: 100).")
    Integer limit;

    @Option(names = "--offset", paramLabel = "N", description = "Pass over the first N tasks (the next page).")
    Integer offset;

    @Option(names = "--reason", paramLabel = "REASON", description = "Only tasks of this reason, e.g. POOL_FULL.")
    String reason;

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
        java.util.List<String> query = new java.util.ArrayList<>();
        if (limit != null) {
            query.add("limit=" + limit);
        }
        if (offset != null) {
            query.add("offset=" + offset);
        }
        if (reason != null) {
            query.add("reason=" + Api.enc(reason));
        }
        JsonNode v = api.get("/dagruns/" + runId + "/why" + (query.isEmpty() ? "" : "?" + String.join("&", query)));
        if (json) {
            return print(v);
        }
        out().println("Run " + v.path("runId").asLong() + " of " + v.path("dagId").asText() + " is "
                + v.path("status").asText() + ".");
        for (JsonNode w : v.path("run")) {
            out().println("  " + w.path("reason").asText() + ": " + w.path("message").asText());
        }
        long unfinished = 0;
        java.util.List<String> counts = new java.util.ArrayList<>();
        for (var e : v.path("counts").properties()) {
            unfinished += e.getValue().asLong();
            counts.add(e.getKey() + " " + String.format(java.util.Locale.ROOT, "%,d", e.getValue().asLong()));
        }
        int shown = v.path("tasks").size();
        long total = v.path("total").asLong(shown);
        long from = v.path("offset").asLong(0);
        boolean partial = shown < unfinished;
        if (partial) {
            // a big run (or a page of one): the counts first, then which tasks the lines below are
            out().println(String.format(java.util.Locale.ROOT, "  %,d unfinished tasks: ", unfinished) + String.join(", ", counts));
            out().println(String.format(java.util.Locale.ROOT, "  tasks %,d-%,d of %,d%s (blocked first, then running,"
                    + " queued, waiting for parents):", shown == 0 ? from : from + 1, from + shown, total,
                    reason == null ? "" : " " + reason));
        }
        int width = 0;
        for (JsonNode t : v.path("tasks")) {
            width = Math.max(width, t.path("taskId").asText().length());
        }
        for (JsonNode t : v.path("tasks")) {
            out().printf("  %-" + width + "s  %s: %s%n", t.path("taskId").asText(), t.path("reason").asText(),
                    t.path("message").asText());
        }
        if (partial && from + shown < total) {
            out().println(String.format(java.util.Locale.ROOT, "  ... and %,d more (ppacer why %d --offset %d%s)",
                    total - from - shown, runId, from + shown, reason == null ? "; or --reason REASON" : " --reason " + reason));
        }
        if (v.path("tasks").isEmpty() && unfinished == 0 && !v.path("status").asText().equals("SUCCESS")
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
