package ppacer.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import ppacer.cli.client.Api;

/**
 * {@code ppacer backfill DAG --from D --to D [...]}: starts a backfill of a DAG over a past
 * logical-time range (or prints its dry run).
 */
@Command(name = "backfill", mixinStandardHelpOptions = true,
        description = {"Backfills a DAG: one run per schedule point from --from to --to (both inclusive), created",
                "lazily by the scheduler, at most --max-active unfinished at a time, behind the DAG's scheduled runs.",
                "Dates (2024-01-01) mean the start of that day in the DAG's cron zone (UTC for other schedules);",
                "ISO-8601 instants (2024-01-01T06:00:00Z) are taken as given. Follow it with ppacer backfill-status ID."})
final class BackfillCommand extends ClientCommand {
    enum Reprocess { none, failed, all }

    @Parameters(index = "0", paramLabel = "DAG", description = "The DAG id.")
    String dagId;

    @Option(names = "--from", required = true, paramLabel = "DATE|INSTANT", description = "The first logical time.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "DATE|INSTANT", description = "The last logical time.")
    String to;

    @Option(names = "--max-active", paramLabel = "N",
            description = "Most unfinished runs of the backfill at a time (default: the DAG's max active runs).")
    Integer maxActive;

    @Option(names = "--reprocess", paramLabel = "none|failed|all", defaultValue = "none",
            description = "Logical times that have a finished run: none = skip them (default), failed = restart the"
                    + " FAILED ones, all = run them all again. A run still going is always skipped.")
    Reprocess reprocess;

    @Option(names = "--params", paramLabel = "JSON", description = "Parameters of the runs it creates, a JSON object.")
    String params;

    @Option(names = "--reverse", description = "Latest logical time first.")
    boolean reverse;

    @Option(names = "--dry-run", description = "Print which logical times would get a new run, be rerun or be"
            + " skipped, computed by the backfill's own code; create nothing.")
    boolean dryRun;

    @Option(names = "--force", description = "Allow a range of more than 100,000 schedule points (up to 1,000,000).")
    boolean force;

    @Option(names = "--allow-overlap", description = "Allow a range that overlaps a running or paused backfill of the DAG.")
    boolean allowOverlap;

    BackfillCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    int execute(Api api) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", from);
        body.put("to", to);
        if (maxActive != null) {
            body.put("maxActive", maxActive);
        }
        body.put("reprocess", reprocess.name());
        body.put("reverse", reverse);
        body.put("params", params == null ? Map.of() : Api.object(params));
        body.put("dryRun", dryRun);
        body.put("force", force);
        body.put("allowOverlap", allowOverlap);
        body.put("createdBy", "cli");
        JsonNode answer = api.post("/dags/" + Api.enc(dagId) + "/backfills", body);
        if (dryRun) {
            printPlan(answer);
        } else {
            out().printf("Backfill %d of %s: %d schedule points from %s to %s, max active %d, reprocess %s%s%n",
                    answer.path("id").asLong(), answer.path("dagId").asText(), answer.path("total").asInt(),
                    answer.path("from").asText(), answer.path("to").asText(), answer.path("maxActive").asInt(),
                    answer.path("reprocess").asText().toLowerCase(Locale.ROOT), reverse ? ", latest first" : "");
            notes(answer);
            out().printf("Follow it with: ppacer backfill-status %d%n", answer.path("id").asLong());
        }
        out().flush();
        return ExitCodes.OK;
    }

    private void printPlan(JsonNode p) {
        out().printf("Backfilling %s (%d schedule points) would:%n", p.path("dagId").asText(), p.path("total").asInt());
        section("create a run at", p.path("create"));
        section("rerun the run at", p.path("rerun"));
        section("skip (a run exists)", p.path("skip"));
        notes(p);
        out().println("Nothing was changed (--dry-run).");
    }

    private void section(String what, JsonNode times) {
        List<String> all = new ArrayList<>();
        times.forEach(n -> all.add(n.asText()));
        out().printf("  %s %d logical time(s)%s%n", what, all.size(), all.isEmpty() ? "" : ":");
        all.forEach(t -> out().printf("    %s%n", t)); // every one: exactly what the backfill will do
    }

    private void notes(JsonNode answer) {
        answer.path("notes").forEach(n -> out().printf("Note: %s%n", n.asText()));
    }
}
