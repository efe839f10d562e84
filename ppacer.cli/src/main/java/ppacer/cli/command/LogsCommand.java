package ppacer.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import ppacer.cli.client.Api;

/** {@code ppacer logs RUN TASK}: a task attempt's log, optionally followed to the attempt's end. */
@Command(name = "logs", mixinStandardHelpOptions = true,
        description = {"Prints a task attempt's log. With --follow, keeps printing new records until the attempt"
                + " ends and exits with its status: 0 SUCCESS, 1 otherwise."})
final class LogsCommand extends ClientCommand {
    private static final int PAGE = 1000;

    @Parameters(index = "0", paramLabel = "RUN", description = "The run id.")
    long runId;

    @Parameters(index = "1", paramLabel = "TASK", description = "The task id.")
    String taskId;

    @Option(names = "--attempt", paramLabel = "N", description = "The attempt, from 0 (default: the latest).")
    Integer attempt;

    @Option(names = {"-f", "--follow"}, description = "Follow the log until the attempt ends.")
    boolean follow;

    LogsCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    int execute(Api api) throws InterruptedException {
        if (attempt != null && attempt < 0) {
            throw new IllegalArgumentException("--attempt must be 0 or more, was " + attempt);
        }
        int n;
        while (true) {
            JsonNode run = api.get("/dagruns/" + runId);
            JsonNode attempts = task(run).path("attempts");
            n = attempt != null ? attempt : latest(attempts);
            if (n > 0 || !attempts.isEmpty()) {
                break; // an attempt that does not exist is the logs endpoint's 404, which names it
            }
            // the task has not been scheduled yet: nothing logged
            if (!follow) {
                return ExitCodes.OK;
            }
            if (isTerminal(run.path("status").asText())) {
                out().printf("-- %s never ran in run %d%n", taskId, runId);
                out().flush();
                return ExitCodes.FAILED;
            }
            pause();
        }
        String path = "/dagruns/" + runId + "/tasks/" + Api.enc(taskId) + "/attempts/" + n + "/logs?limit=" + PAGE
                + "&offset=";
        long offset = 0;
        while (true) {
            JsonNode page = api.get(path + offset);
            int loaded = 0;
            for (JsonNode r : page.path("records")) {
                out().printf("%s %-5s %s%n", Api.precise(r.get("ts")), r.path("level").asText(),
                        r.path("message").asText());
                loaded++;
            }
            out().flush();
            offset += loaded;
            if (loaded == PAGE) {
                continue;
            }
            if (!follow) {
                return ExitCodes.OK;
            }
            // the page's status was read before its records: a finished attempt's short page ends its log
            String status = page.path("status").asText();
            if (!status.equals("SCHEDULED") && !status.equals("RUNNING")) {
                out().printf("-- attempt %d of %s in run %d: %s%n", n, taskId, runId, status);
                out().flush();
                return status.equals("SUCCESS") ? ExitCodes.OK : ExitCodes.FAILED;
            }
            pause();
        }
    }

    /** The task in the run's details; a task the run's DAG does not have is an error naming it. */
    private JsonNode task(JsonNode run) {
        for (JsonNode t : run.path("tasks")) {
            if (t.path("taskId").asText().equals(taskId)) {
                return t;
            }
        }
        throw new IllegalArgumentException("Run " + runId + " has no task '" + taskId + "'; see: ppacer tasks " + runId);
    }

    /** The latest attempt's number, 0 when there is none yet. */
    private static int latest(JsonNode attempts) {
        int latest = 0;
        for (JsonNode a : attempts) {
            latest = Math.max(latest, a.path("attempt").asInt());
        }
        return latest;
    }

    private static boolean isTerminal(String runStatus) {
        return runStatus.equals("SUCCESS") || runStatus.equals("FAILED");
    }
}
