package ppacer.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import ppacer.cli.client.Api;
import ppacer.cli.client.Table;

/**
 * {@code ppacer schedule DAG [--next N] [--from T] [--history N]}: a DAG's next schedule points, with
 * clock-change notes, and optionally its latest schedule decisions.
 */
@Command(name = "schedule", mixinStandardHelpOptions = true,
        description = {"Lists a DAG's next schedule points (logical times in the schedule's zone) as the scheduler",
                "computes them, noting a point a clock change shifts or repeats. Creates nothing."})
final class ScheduleCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "DAG", description = "The DAG id.")
    String dagId;

    @Option(names = "--next", paramLabel = "N", defaultValue = "10", description = "How many points (1-1000, default ${DEFAULT-VALUE}).")
    int next;

    @Option(names = "--from", paramLabel = "INSTANT",
            description = "The first point at or after this ISO-8601 instant (default: the scheduler's next due point).")
    String from;

    @Option(names = "--history", paramLabel = "N", defaultValue = "0",
            description = "Also list the DAG's latest N schedule decisions (1-1000), newest first: runs created, points"
                    + " skipped (catch-up window, overlap policy), runs cancelled.")
    int history;

    ScheduleCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    int execute(Api api) {
        if (history < 0 || history > 1000) {
            throw new IllegalArgumentException("--history must be from 1 to 1000 (or 0: none), was " + history);
        }
        JsonNode p = api.get("/dags/" + Api.enc(dagId) + "/schedule?count=" + next
                + (from == null ? "" : "&from=" + Api.enc(from)));
        out().printf("%s: %s%s%s%s%n", p.path("dagId").asText(), p.path("schedule").asText(),
                p.path("paused").asBoolean() ? ", PAUSED (no scheduled run is created until unpaused)" : "",
                p.path("catchUp").asBoolean() ? ", catch-up on" + DagsCommand.window(p) : "",
                DagsCommand.overlap(p).filter(o -> !o.equals("ALLOW")).map(o -> ", overlap " + o).orElse(""));
        Table t = new Table("#", "LOGICAL TIME (" + p.path("zone").asText() + ")", "NOTE");
        int i = 1;
        for (JsonNode point : p.path("points")) {
            t.row(i++, point.path("logicalTime").asText(), point.path("note").isNull() ? "" : point.path("note").asText());
        }
        t.print(out());
        if (history != 0) {
            JsonNode events = api.get("/dags/" + Api.enc(dagId) + "/schedule-events?limit=" + history);
            out().printf("%nLatest schedule decisions:%n");
            Table h = new Table("DECIDED AT", "DECISION", "POINT", "NEXT POINT");
            for (JsonNode e : events) {
                h.row(Api.display(e.get("createdAt")), e.path("type").asText(), Api.display(e.get("scheduledAt")),
                        Api.display(e.get("nextAt")));
            }
            h.print(out());
        }
        return ExitCodes.OK;
    }
}
