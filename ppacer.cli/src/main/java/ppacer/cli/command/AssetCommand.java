package ppacer.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import ppacer.cli.client.Api;
import ppacer.cli.client.Table;

/** {@code ppacer asset NAME} (the asset and its latest events) and {@code ppacer asset emit NAME}. */
@Command(name = "asset", mixinStandardHelpOptions = true,
        description = {"Shows an asset: its producers, consumers and latest events (newest first).",
                "'ppacer asset emit NAME' records an external event of it."})
final class AssetCommand extends ClientCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME",
            description = "The asset, e.g. warehouse.orders or s3://bucket/orders.")
    String name;
    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "How many events to show (1-1000).")
    int limit;

    private AssetCommand(CliContext ctx) {
        super(ctx);
    }

    /**
     * @param ctx the command line's context
     * @return {@code asset} with its subcommand {@code emit}
     */
    static CommandLine of(CliContext ctx) {
        return new CommandLine(new AssetCommand(ctx)).addSubcommand("emit", new Emit(ctx));
    }

    @Override
    int execute(Api api) {
        if (name == null) {
            throw new IllegalArgumentException("Missing asset name: ppacer asset NAME, or ppacer asset emit NAME "
                    + "[--meta JSON] [--key K]");
        }
        JsonNode a = api.get("/assets/" + Api.enc(name) + "?limit=" + limit);
        out().printf("Asset %s%n  producers: %s%n  consumers: %s%n", a.path("name").asText(),
                AssetsCommand.join(a.path("producers")), AssetsCommand.join(a.path("consumers")));
        Table t = new Table("EVENT", "AT", "FROM", "KEY", "METADATA");
        for (JsonNode e : a.path("events")) {
            t.row("#" + e.path("id").asLong(), e.path("at").asText(), source(e),
                    e.path("idempotencyKey").isTextual() ? e.path("idempotencyKey").asText() : "-",
                    e.path("metadataJson").asText("{}"));
        }
        t.print(out());
        return ExitCodes.OK;
    }

    /** @return e.g. {@code a/make_x run 12} or {@code ci-bot (10.0.0.7)} */
    static String source(JsonNode e) {
        if ("TASK".equals(e.path("source").asText())) {
            return e.path("dagId").asText() + "/" + e.path("taskId").asText() + " run " + e.path("runId").asLong();
        }
        return e.path("principal").asText() + (e.path("address").isTextual() ? " (" + e.path("address").asText() + ")" : "");
    }

    /** {@code ppacer asset emit NAME [--meta JSON] [--key K]}. */
    @Command(name = "emit", mixinStandardHelpOptions = true,
            description = {"Records an external event of an asset (POST /assets/{name}/events): DAGs scheduled on it",
                    "run when their condition holds. The asset must be produced or consumed by some DAG. With",
                    "--key, posting the same key again records nothing and shows the first event."})
    static final class Emit extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The asset.")
        String name;
        @Option(names = "--meta", paramLabel = "JSON", description = "Metadata: a JSON object, e.g. {\"rows\":42}.")
        String meta;
        @Option(names = "--key", paramLabel = "K", description = "An idempotency key (1-200 characters).")
        String key;

        Emit(CliContext ctx) {
            super(ctx);
        }

        @Override
        int execute(Api api) {
            Map<String, Object> body = new LinkedHashMap<>();
            if (meta != null) {
                try {
                    body.put("metadata", Api.object(meta));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(e.getMessage().replace("--params", "--meta"), e);
                }
            }
            if (key != null) {
                body.put("idempotencyKey", key);
            }
            JsonNode r = api.post("/assets/" + Api.enc(name) + "/events", body);
            JsonNode e = r.path("event");
            out().printf("%s event #%d of %s at %s%n", r.path("created").asBoolean() ? "Recorded" : "Already recorded (same key):",
                    e.path("id").asLong(), e.path("asset").asText(), e.path("at").asText());
            out().flush();
            return ExitCodes.OK;
        }
    }
}
