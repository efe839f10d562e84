package ppacer.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import ppacer.cli.client.Api;
import ppacer.cli.client.Table;

/** {@code ppacer runs [DAG]}: the latest runs, newest first. */
@Command(name = "runs", mixinStandardHelpOptions = true, description = "Lists the latest DAG runs, newest first.")
final class RunsCommand extends ClientCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "DAG", description = "Only runs of this DAG (asked of GET /dags/{dagId}/runs; all DAGs' of GET /dagruns).")
    String dagId;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "How many runs (default ${DEFAULT-VALUE}).")
    int limit;

    private static final int MAX_LIMIT = 1000;
    /** The most runs {@code GET /dagruns} and {@code GET /dags/{dagId}/runs} answer with at once. */
    private static final int PAGE = 200;

    RunsCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    int execute(Api api) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("--limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        Table t = new Table("RUN", "DAG", "EXEC TS", "STATUS", "TASKS DONE", "FAILED", "DURATION", "TRIGGER");
        for (JsonNode r : runs(api)) {
            t.row(r.path("runId").asLong(), r.path("dagId").asText(), Api.display(r.get("execTs")),
                    r.path("status").asText(), r.path("taskCompletedNum").asInt() + "/" + r.path("taskNum").asInt(),
                    r.path("taskFailedNum").asInt(), r.path("duration").asText(), r.path("trigger").asText());
        }
        t.print(out());
        return ExitCodes.OK;
    }

    /**
     * The latest runs from the public endpoints, page by page (each serves at most {@value #PAGE} at a
     * time): every DAG's from {@code GET /dagruns}, one DAG's from {@code GET /dags/{dagId}/runs}, whose
     * 404 for an unknown DAG names it.
     */
    private List<JsonNode> runs(Api api) {
        List<JsonNode> out = new ArrayList<>();
        String path = dagId == null ? "/dagruns?limit=" : "/dags/" + Api.enc(dagId) + "/runs?limit=";
        long before = 0;
        while (out.size() < limit) {
            int want = Math.min(PAGE, limit - out.size());
            JsonNode page = api.get(path + want + (before > 0 ? "&before=" + before : ""));
            page.forEach(out::add);
            if (page.size() < want) {
                break;
            }
            before = page.get(page.size() - 1).path("runId").asLong();
        }
        return out;
    }
}
