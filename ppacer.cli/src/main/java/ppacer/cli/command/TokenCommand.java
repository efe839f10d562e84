package ppacer.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import ppacer.cli.client.Api;
import ppacer.cli.client.Table;

/** {@code ppacer token create NAME --role ROLE [--dags PATTERN,...]}, {@code ppacer token list} and {@code ppacer token revoke NAME}. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = {"Manages API keys (admin only): each has a name and a role (viewer, operator, admin,",
                "executor); an operator's actions can be limited to DAG id patterns."})
final class TokenCommand implements Runnable {
    @Spec
    CommandSpec spec;

    private TokenCommand() {
    }

    /**
     * @param ctx the command line's context
     * @return {@code token} with its subcommands {@code create}, {@code list} and {@code revoke}
     */
    static CommandLine of(CliContext ctx) {
        return new CommandLine(new TokenCommand()).addSubcommand("create", new Create(ctx))
                .addSubcommand("list", new ListKeys(ctx)).addSubcommand("revoke", new Revoke(ctx));
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "Missing subcommand: ppacer token create NAME --role ROLE, ppacer token list, or ppacer token revoke NAME");
    }

    /** {@code ppacer token create NAME --role ROLE [--dags PATTERN,...]}. */
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Creates an API key and prints it once: it is stored only hashed and cannot be shown again.",
                    "Send it as 'Authorization: Bearer <key>' (--token or PPACER_TOKEN for this command line)."})
    static final class Create extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The key's name (letters, digits, '_', '.', '-').")
        String name;
        @Option(names = "--role", required = true, paramLabel = "ROLE",
                description = "viewer (reads), operator (trigger, clear, mark, pause, backfill), admin (everything), "
                        + "executor (the executor API only).")
        String role;
        @Option(names = "--dags", split = ",", paramLabel = "PATTERN",
                description = "Operator only: the DAG ids it may act on, as globs ('etl_*', 'load_?'); every DAG by default.")
        List<String> dags = new ArrayList<>();

        Create(CliContext ctx) {
            super(ctx);
        }

        @Override
        int execute(Api api) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            body.put("role", role);
            if (!dags.isEmpty()) {
                body.put("dags", dags);
            }
            JsonNode k = api.post("/tokens", body);
            out().printf("Created API key %s (role %s%s). It is shown only now:%n%s%n", k.path("name").asText(),
                    k.path("role").asText(), k.path("dags").isEmpty() ? "" : ", DAGs " + texts(k.path("dags")),
                    k.path("key").asText());
            out().flush();
            return ExitCodes.OK;
        }
    }

    /** {@code ppacer token list}. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Lists the API keys, revoked ones included: name, role, DAG patterns, creation, last use.")
    static final class ListKeys extends ClientCommand {
        ListKeys(CliContext ctx) {
            super(ctx);
        }

        @Override
        int execute(Api api) {
            Table t = new Table("NAME", "ROLE", "DAGS", "ID", "CREATED", "BY", "LAST USED", "REVOKED");
            for (JsonNode k : api.get("/tokens")) {
                t.row(k.path("name").asText(), k.path("role").asText(), k.path("dags").isEmpty() ? "*" : texts(k.path("dags")),
                        k.path("id").asText(), k.path("createdAt").asText(), k.path("createdBy").asText(),
                        orDash(k.path("lastUsedAt")), orDash(k.path("revokedAt")));
            }
            t.print(out());
            return ExitCodes.OK;
        }
    }

    /** {@code ppacer token revoke NAME}. */
    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = {"Revokes an API key: the scheduler answering refuses it at once, the others of the same store",
                    "within their key refresh time (5 s by default). Its name can then be used again."})
    static final class Revoke extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The key's name.")
        String name;

        Revoke(CliContext ctx) {
            super(ctx);
        }

        @Override
        int execute(Api api) {
            JsonNode k = api.delete("/tokens/" + Api.enc(name));
            out().printf("Revoked API key %s (id %s)%n", k.path("name").asText(), k.path("id").asText());
            out().flush();
            return ExitCodes.OK;
        }
    }

    private static String texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return String.join(",", out);
    }

    private static String orDash(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? "-" : n.asText();
    }
}
