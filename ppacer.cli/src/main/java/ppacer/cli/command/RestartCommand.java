package ppacer.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import ppacer.cli.client.Api;
import ppacer.cli.client.RunProgress;

/** {@code ppacer restart RUN}: runs a FAILED run's failed tasks again. */
@Command(name = "restart", mixinStandardHelpOptions = true,
        description = {"Restarts a FAILED run: its failed and not-run tasks are scheduled again. With --wait, prints",
                "task progress and exits with the run's final status: 0 SUCCESS, 1 FAILED."})
final class RestartCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "RUN", description = "The run id.")
    long runId;

    @Option(names = "--wait", description = "Wait for the run to end again, printing progress.")
    boolean await;

    @Option(names = "--dry-run", description = "Print what a restart would do now (which tasks get a new attempt,"
            + " which run first, which wait, which the rules skip), computed by the restart's own code; change nothing.")
    boolean dryRun;

    RestartCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    int execute(Api api) throws InterruptedException {
        if (dryRun) {
            if (await) {
                throw new IllegalArgumentException("--dry-run changes nothing, so there is nothing to --wait for");
            }
            printPlan(api.get("/dagruns/" + runId + "/restart-plan"));
            return ExitCodes.OK;
        }
        api.client().restart(runId);
        out().printf("Restarted run %d%n", runId);
        out().flush();
        if (!await) {
            return ExitCodes.OK;
        }
        RunProgress progress = new RunProgress(runId);
        while (true) {
            String status = progress.update(api.get("/dagruns/" + runId), out());
            if (status.equals("SUCCESS")) {
                return ExitCodes.OK;
            }
            if (status.equals("FAILED")) {
                return ExitCodes.FAILED;
            }
            pause();
        }
    }

    private void printPlan(JsonNode p) {
        out().printf("Restarting run %d of %s would:%n", runId, p.path("dagId").asText());
        out().printf("  give a new attempt to: %s%n", list(p.path("rerun")));
        out().printf("  run first:             %s%n", list(p.path("runFirst")));
        out().printf("  leave waiting:         %s%n", list(p.path("waiting")));
        for (JsonNode n : p.path("notRun")) {
            out().printf("  not run: %s %s (%s)%n", n.path("taskId").asText(), n.path("status").asText(),
                    n.path("reason").asText());
        }
        out().printf("  keep the outcome of %d task(s)%n", p.path("kept").asInt());
        out().println("Nothing was changed (--dry-run).");
        out().flush();
    }

    private static String list(JsonNode ids) {
        java.util.List<String> out = new java.util.ArrayList<>();
        ids.forEach(n -> out.add(n.asText()));
        return out.isEmpty() ? "-" : String.join(", ", out);
    }
}
