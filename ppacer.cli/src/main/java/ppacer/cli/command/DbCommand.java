package ppacer.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import ppacer.cli.client.Api;
import ppacer.cli.client.Table;
import ppacer.scheduler.RetentionConfig;

/** {@code ppacer db clean --older-than P30D [--dag ID] [--dry-run]}. */
@Command(name = "db", mixinStandardHelpOptions = true, description = "Maintenance of the scheduler's store.")
final class DbCommand implements Runnable {
    @Spec
    CommandSpec spec;

    private DbCommand() {
    }

    /**
     * @param ctx the command line's context
     * @return {@code db} with its subcommand {@code clean}
     */
    static CommandLine of(CliContext ctx) {
        return new CommandLine(new DbCommand()).addSubcommand("clean", new Clean(ctx));
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "Missing subcommand: ppacer db clean --older-than P30D [--dag ID] [--dry-run]");
    }

    /** {@code ppacer db clean}. */
    @Command(name = "clean", mixinStandardHelpOptions = true,
            description = {"Deletes finished runs older than an age with all their data (attempts, logs, outputs,",
                    "restarts, expansions, deadline alerts) and older schedule events, in small batches, through the",
                    "leading scheduler. Never deleted: unfinished runs, runs of a running or paused backfill, the",
                    "latest runs of each DAG (retention.keep-last-per-dag, 100 by default)."})
    static final class Clean extends ClientCommand {
        @Option(names = "--older-than", required = true, paramLabel = "AGE",
                description = "ISO-8601 duration: P30D, PT12H, P1DT6H.")
        String olderThan;
        @Option(names = "--dag", paramLabel = "ID", description = "Only this DAG's runs.")
        String dag;
        @Option(names = "--dry-run", description = "Count what would be deleted; delete nothing.")
        boolean dryRun;

        Clean(CliContext ctx) {
            super(ctx);
        }

        @Override
        int execute(Api api) {
            RetentionConfig.parseAge("--older-than", olderThan); // a usage error before any call
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("olderThan", olderThan);
            if (dag != null) {
                body.put("dagId", dag);
            }
            body.put("dryRun", dryRun);
            JsonNode a = api.post("/maintenance/clean", body);
            out().println((a.path("dryRun").asBoolean() ? "Would delete" : "Deleted") + " (older than "
                    + a.path("olderThan").asText() + (dag == null ? "" : ", DAG " + dag) + "):");
            Table t = new Table("TABLE", "ROWS");
            a.path("rows").properties().forEach(e -> t.row(e.getKey(), e.getValue().asLong()));
            t.print(out());
            if (!a.path("dryRun").asBoolean()) {
                out().printf("%d batches in %d ms%n", a.path("batches").asLong(), a.path("elapsedMillis").asLong());
            }
            out().flush();
            return ExitCodes.OK;
        }
    }
}
