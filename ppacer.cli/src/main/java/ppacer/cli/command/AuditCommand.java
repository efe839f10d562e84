package ppacer.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import ppacer.cli.client.Api;
import ppacer.cli.client.Table;

/** {@code ppacer audit}: the audit log of operator actions, newest first. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"Lists operator actions (trigger, restart, clear, mark, pause, backfill and pool changes),",
                "newest first: when, who (token/anonymous, with the user the client claimed), from where, what,",
                "and the state before and after."})
final class AuditCommand extends ClientCommand {
    private static final int MAX_LIMIT = 10_000;
    /** The most rows {@code GET /audit} answers with at once. */
    private static final int PAGE = 1000;

    @Option(names = "--dag", paramLabel = "DAG", description = "Only actions on this DAG.")
    String dagId;

    @Option(names = "--since", paramLabel = "TIME", description = {"Only actions at or after this time: a timestamp",
            "(2026-11-27T10:00:00Z) or a duration back from now (PT1H, P7D)."})
    String since;

    @Option(names = "--actor", paramLabel = "ACTOR", description = "Only actions of this actor (e.g. token:alice).")
    String actor;

    @Option(names = "--action", paramLabel = "ACTION", description = "Only this action (e.g. task.clear, dag.pause).")
    String action;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "How many rows (default ${DEFAULT-VALUE}).")
    int limit;

    AuditCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    int execute(Api api) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("--limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        Table t = new Table("ID", "AT", "ACTOR", "ADDRESS", "ACTION", "TARGET", "BEFORE", "AFTER");
        for (JsonNode e : rows(api)) {
            t.row(e.path("id").asLong(), e.path("at").asText(), e.path("actor").asText(), text(e, "address"),
                    e.path("action").asText(), target(e), text(e, "before"), text(e, "after"));
        }
        t.print(out());
        return ExitCodes.OK;
    }

    private List<JsonNode> rows(Api api) {
        StringBuilder filters = new StringBuilder();
        add(filters, "dag", dagId);
        add(filters, "since", since);
        add(filters, "actor", actor);
        add(filters, "action", action);
        List<JsonNode> out = new ArrayList<>();
        JsonNode next = null;
        while (out.size() < limit) {
            int want = Math.min(PAGE, limit - out.size());
            JsonNode page = api.get("/audit?limit=" + want + filters + (next == null ? "" : "&before=" + next.asLong()));
            page.path("entries").forEach(out::add);
            next = page.path("next");
            if (next.isNull() || next.isMissingNode()) {
                break;
            }
        }
        return out;
    }

    private static void add(StringBuilder b, String name, String value) {
        if (value != null) {
            b.append('&').append(name).append('=').append(Api.enc(value));
        }
    }

    private static String text(JsonNode e, String field) {
        JsonNode v = e.path(field);
        return v.isNull() || v.isMissingNode() ? "-" : v.asText();
    }

    /** @return e.g. {@code etl run 12 task load[3]}, {@code pool warehouse}, {@code etl backfill 4} */
    static String target(JsonNode e) {
        List<String> parts = new ArrayList<>();
        if (!e.path("dagId").isNull() && !e.path("dagId").isMissingNode()) {
            parts.add(e.path("dagId").asText());
        }
        for (String[] f : new String[][] {{"runId", "run"}, {"taskId", "task"}, {"backfillId", "backfill"}, {"pool", "pool"}}) {
            JsonNode v = e.path(f[0]);
            if (!v.isNull() && !v.isMissingNode()) {
                parts.add(f[1] + " " + v.asText());
            }
        }
        return parts.isEmpty() ? "-" : String.join(" ", parts);
    }
}
