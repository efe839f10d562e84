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
        long offset = 0;
        while (true) {
            int n = attempt != null ? attempt : latestAttempt(api);
            JsonNode a = api.get("/ui/dagrun/task/" + runId + "/" + Api.enc(taskId) + "/" + n + "?offset=" + offset
                    + "&limit=" + PAGE);
            JsonNode logs = a.path("taskLogs");
            int loaded = 0;
            for (JsonNode r : logs.path("logRecords")) {
                JsonNode ts = r.path("insertTs");
                out().printf("%s %s %-5s %s%n", ts.path("date").asText(), ts.path("time").asText(),
                        r.path("level").asText(), r.path("message").asText());
                loaded++;
            }
            out().flush();
            offset += loaded;
            if (loaded == PAGE) {
                continue;
            }
            String status = a.path("status").asText();
            boolean finished = !status.equals("NO_STATUS") && !status.equals("SCHEDULED") && !status.equals("RUNNING");
            if (!follow) {
                return ExitCodes.OK;
            }
            if (finished) {
                out().printf("-- attempt %d of %s in run %d: %s%n", n, taskId, runId, status);
                out().flush();
                return status.equals("SUCCESS") ? ExitCodes.OK : ExitCodes.FAILED;
            }
            if (status.equals("NO_STATUS") && isTerminal(api.get("/ui/dagrun/" + runId).path("status").asText())) {
                out().printf("-- %s never ran in run %d%n", taskId, runId);
                out().flush();
                return ExitCodes.FAILED;
            }
            pause();
        }
    }

    private int latestAttempt(Api api) {
        int latest = 0;
        boolean known = false;
        for (JsonNode t : api.get("/ui/dagrun/" + runId).path("tasks")) {
            if (t.path("taskId").asText().equals(taskId)) {
                known = true;
                latest = Math.max(latest, t.path("retry").asInt());
            }
        }
        if (!known) {
            throw new IllegalArgumentException("Run " + runId + " has no task '" + taskId + "'; see: ppacer tasks " + runId);
        }
        return latest;
    }

    private static boolean isTerminal(String runStatus) {
        return runStatus.equals("SUCCESS") || runStatus.equals("FAILED");
    }
}
