package ppacer.cli.command;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import ppacer.api.protocol.DagRunTriggered;
import ppacer.cli.client.Api;
import ppacer.cli.client.RunProgress;

/** {@code ppacer trigger DAG}: starts a run now, optionally waiting for its end. */
@Command(name = "trigger", mixinStandardHelpOptions = true,
        description = {"Starts a run of a DAG now. With --wait, prints task progress and exits with the run's"
                + " final status: 0 SUCCESS, 1 FAILED."})
final class TriggerCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "DAG", description = "The DAG id.")
    String dagId;

    @Option(names = "--params", paramLabel = "JSON", description = "Run parameters, a JSON object.")
    String params;

    @Option(names = "--wait", description = "Wait for the run to end, printing progress.")
    boolean await;

    @Option(names = {"-q", "--quiet"}, description = "Print only the run id (no progress), e.g. for"
            + " RUN=$(ppacer trigger hello_world --wait --quiet); the exit code is the same.")
    boolean quiet;

    TriggerCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    int execute(Api api) throws InterruptedException {
        Map<String, Object> p = params == null ? Map.of() : Api.object(params);
        DagRunTriggered run = api.client().trigger(dagId, p);
        PrintWriter progressOut = quiet ? new PrintWriter(Writer.nullWriter()) : out();
        if (quiet) {
            out().println(run.runId());
        } else {
            out().printf("Triggered %s: run %d (execTs %s)%n", run.dagId(), run.runId(), run.execTs());
        }
        out().flush();
        if (!await) {
            return ExitCodes.OK;
        }
        RunProgress progress = new RunProgress(run.runId());
        while (true) {
            String status = progress.update(api.get("/dagruns/" + run.runId()), progressOut);
            if (status.equals("SUCCESS")) {
                return ExitCodes.OK;
            }
            if (status.equals("FAILED")) {
                return ExitCodes.FAILED;
            }
            pause();
        }
    }
}
