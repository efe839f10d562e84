package ppacer.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import ppacer.cli.client.Api;

/**
 * {@code ppacer backfill-status|backfill-cancel|backfill-pause|backfill-resume ID}: one backfill's
 * progress, or a change of its state; each prints the backfill after it.
 */
@Command(mixinStandardHelpOptions = true,
        description = {"backfill-status ID: a backfill's state and progress. backfill-cancel ID: it creates no more runs",
                "(its created runs finish; with --cancel-runs they are cancelled). backfill-pause ID / backfill-resume ID:",
                "stop and go on creating runs."})
final class BackfillActionCommand extends ClientCommand {
    /** The commands this class answers, by name. */
    static final Map<String, String> ACTIONS = Map.of("backfill-status", "", "backfill-cancel", "cancel",
            "backfill-pause", "pause", "backfill-resume", "resume");

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The backfill id.")
    long backfillId;

    @Option(names = "--cancel-runs", description = "backfill-cancel only: cancel its unfinished runs too (they end"
            + " FAILED; teardowns still run) instead of letting them finish.")
    boolean cancelRuns;

    BackfillActionCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    int execute(Api api) {
        String action = ACTIONS.get(spec.name());
        if (cancelRuns && !action.equals("cancel")) {
            throw new IllegalArgumentException("--cancel-runs goes with backfill-cancel only");
        }
        JsonNode b = action.isEmpty() ? api.get("/backfills/" + backfillId)
                : api.post("/backfills/" + backfillId + "/" + action + (cancelRuns ? "?cancelRuns=true" : ""), Map.of());
        int total = b.path("total").asInt();
        long done = b.path("done").asLong();
        out().printf("Backfill %d of %s: %s%n", b.path("id").asLong(), b.path("dagId").asText(), b.path("state").asText());
        out().printf("  range:     %s .. %s (%d points, reprocess %s%s, max active %d, by %s)%n", b.path("from").asText(),
                b.path("to").asText(), total, b.path("reprocess").asText(), b.path("reverse").asBoolean() ? ", reverse" : "",
                b.path("maxActive").asInt(), b.path("createdBy").asText());
        out().printf("  progress:  %d/%d done (%d%%)%s%n", done, total, total == 0 ? 100 : done * 100 / total,
                b.path("cursor").isNull() ? "" : ", next " + b.path("cursor").asText());
        out().printf("  points:    %d created, %d rerun, %d skipped%n", b.path("created").asInt(), b.path("rerun").asInt(),
                b.path("skipped").asInt());
        out().printf("  runs:      %d succeeded, %d failed, %d unfinished%n", b.path("runsSucceeded").asLong(),
                b.path("runsFailed").asLong(), b.path("runsUnfinished").asLong());
        b.path("notes").forEach(n -> out().printf("Note: %s%n", n.asText()));
        out().flush();
        return ExitCodes.OK;
    }
}
