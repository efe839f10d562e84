package ppacer.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import ppacer.api.protocol.DagRunTriggered;
import ppacer.cli.client.Api;
import ppacer.cli.client.RunProgress;

/**
 * {@code ppacer trigger DAG}: starts a run now, optionally waiting for its end; with {@code --batch FILE},
 * many runs in one request ({@code POST /dags/{dagId}/runs/batch}), one per line of the file.
 */
@Command(name = "trigger", mixinStandardHelpOptions = true,
        description = {"Starts a run of a DAG now. With --wait, prints task progress and exits with the run's"
                + " final status: 0 SUCCESS, 1 FAILED. With --batch FILE.jsonl, starts one run per line of the file"
                + " (each line the run's parameters, a JSON object; blank lines skipped) in one request, and prints"
                + " the run ids, one per line."})
final class TriggerCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "DAG", description = "The DAG id.")
    String dagId;

    @Option(names = "--params", paramLabel = "JSON", description = "Run parameters, a JSON object.")
    String params;

    @Option(names = "--batch", paramLabel = "FILE", description = "A JSON Lines file: one run per line, its parameters"
            + " (a JSON object); '-' reads standard input. Not with --params or --wait.")
    java.nio.file.Path batch;

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
        if (batch != null) {
            if (params != null || await) {
                throw new IllegalArgumentException("--batch takes the parameters from the file and does not wait:"
                        + " leave out --params and --wait");
            }
            JsonNode answer = api.post("/dags/" + Api.enc(dagId) + "/runs/batch", Map.of("runs", runs(batch)));
            if (!quiet) {
                out().printf("Triggered %d runs of %s:%n", answer.get("runIds").size(), dagId);
            }
            answer.get("runIds").forEach(id -> out().println(id.asLong()));
            out().flush();
            return ExitCodes.OK;
        }
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

    /** @return the runs of a JSON Lines file, each {@code {"params": line}}; a bad line is named by its number */
    private List<Map<String, Object>> runs(java.nio.file.Path file) {
        List<String> lines;
        try {
            lines = file.toString().equals("-")
                    ? new java.io.BufferedReader(new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8)).lines().toList()
                    : Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new IllegalArgumentException("Cannot read --batch file " + file + ": " + e.getMessage(), e);
        }
        List<Map<String, Object>> runs = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                runs.add(Map.of("params", Api.object(line)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Line " + (i + 1) + " of " + file + " must be a JSON object (the run's"
                        + " parameters) such as {\"day\":\"2026-01-01\"}, was: " + (line.length() > 80
                        ? line.substring(0, 77) + "..." : line), e);
            }
        }
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("--batch file " + file + " has no runs: expected one JSON object per line");
        }
        return runs;
    }
}
