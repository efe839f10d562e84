package ppacer.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prints a run's progress from successive {@code GET /dagruns/{runId}} answers: each task attempt's
 * status when it changes (with a failure's first line, or why a task was SKIPPED or UPSTREAM_FAILED),
 * why the run waits as soon as the scheduler tells (its {@code waiting} reasons: a paused DAG, no
 * executor) and again whenever that changes, and the run's status at its end.
 */
public final class RunProgress {
    private final long runId;
    private final Map<String, String> seen = new HashMap<>();
    /** The waiting reasons last printed: reason → message. */
    private Map<String, String> waiting = Map.of();

    /** @param runId the run followed */
    public RunProgress(long runId) {
        this.runId = runId;
    }

    /**
     * @param run the latest run details
     * @param out where to print changes
     * @return the run's status
     */
    public String update(JsonNode run, PrintWriter out) {
        int done = 0;
        int skipped = 0;
        int total = 0;
        for (JsonNode task : run.path("tasks")) {
            if (task.path("attempts").isEmpty()) {
                total++; // not scheduled yet: counted, not printed
            }
            for (JsonNode a : task.path("attempts")) {
                String status = a.path("status").asText();
                int attempt = a.path("attempt").asInt();
                String key = task.path("taskId").asText() + (attempt > 0 ? " (attempt " + attempt + ")" : "");
                total++;
                if (status.equals("SUCCESS")) {
                    done++;
                } else if (status.equals("SKIPPED")) {
                    skipped++;
                }
                if (!status.equals(seen.put(key, status))) {
                    String why = a.path("error").isTextual() ? ": " + firstLine(a.path("error").asText())
                            : a.path("reason").isTextual() ? ": " + a.path("reason").asText() : "";
                    out.printf("  %-24s %s%s%n", key, status, why);
                }
            }
        }
        waiting(run, out);
        String status = run.path("status").asText();
        if (status.equals("SUCCESS") || status.equals("FAILED")) {
            out.printf("Run %d of %s: %s in %s (%d/%d task attempts succeeded%s)%n", runId, run.path("dagId").asText(),
                    status, run.path("duration").asText(), done, total, skipped > 0 ? ", " + skipped + " skipped" : "");
        }
        out.flush();
        return status;
    }

    /** Prints each reason that appeared, and a line for each one that ended. */
    private void waiting(JsonNode run, PrintWriter out) {
        Map<String, String> now = new LinkedHashMap<>();
        for (JsonNode w : run.path("waiting")) {
            now.put(w.path("reason").asText(), w.path("message").asText());
        }
        waiting.forEach((reason, message) -> {
            if (!now.containsKey(reason)) {
                out.printf("  %s%n", switch (reason) {
                    case "QUEUED_NO_EXECUTOR" -> "executor connected: the run goes on";
                    case "MAX_ACTIVE_RUNS" -> "a run slot is free: the run goes on";
                    case "DAG_PAUSED" -> run.path("dagId").asText() + " is unpaused: the run goes on";
                    default -> "no longer waiting: " + message;
                });
            }
        });
        now.forEach((reason, message) -> {
            if (!message.equals(waiting.get(reason))) {
                out.printf("  waiting: %s%n", message);
            }
        });
        waiting = now;
    }

    static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
