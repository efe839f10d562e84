package ppacer.cli.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import ppacer.cli.client.Api;
import ppacer.cli.client.Table;
import ppacer.exec.wire.WireJson;

/** {@code ppacer bundles}: every DAG bundle version, active or not, with the runs on it. */
@Command(name = "bundles", mixinStandardHelpOptions = true,
        description = {"Lists the DAG bundle versions (GET /bundles): name, version, hash, when and by whom deployed,"
                + " its DAGs, whether new runs use it (active), and its runs: unfinished/all. An inactive version"
                + " with unfinished runs is still serving them."})
final class BundlesCommand extends ClientCommand {
    @Option(names = "--json", description = "Print the answer as JSON.")
    boolean json;

    BundlesCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    int execute(Api api) {
        JsonNode v = api.get("/bundles");
        if (json) {
            try {
                out().println(WireJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(v));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Cannot print the answer as JSON: " + e.getMessage(), e);
            }
            return ExitCodes.OK;
        }
        Table t = new Table("BUNDLE", "VERSION", "HASH", "ACTIVE", "RUNS", "DEPLOYED", "BY", "DAGS");
        for (JsonNode b : v.path("versions")) {
            t.row(b.path("name").asText(), b.path("version").asInt(), b.path("hash").asText().substring(0, 12),
                    b.path("active").asBoolean() ? "yes" : "no",
                    runs(b), Api.display(b.path("deployedAt")),
                    b.path("deployedBy").asText(), DeployCommand.dagIds(b));
        }
        t.print(out());
        if (!v.path("enabled").asBoolean(true)) {
            out().println("This scheduler takes no deploys (started without a bundle folder).");
        }
        return ExitCodes.OK;
    }

    /** "unfinished/all", then which runs are unfinished on the version, e.g. {@code 2/5 (#12, #15)}. */
    static String runs(JsonNode b) {
        String counts = b.path("unfinishedRuns").asLong() + "/" + b.path("runs").asLong();
        java.util.List<String> ids = new java.util.ArrayList<>();
        for (JsonNode id : b.path("unfinishedRunIds")) {
            ids.add("#" + id.asLong());
        }
        if (ids.isEmpty()) {
            return counts;
        }
        int shown = Math.min(ids.size(), 5);
        return counts + " (" + String.join(", ", ids.subList(0, shown))
                + (ids.size() > shown ? ", " + (ids.size() - shown) + " more" : "") + ")";
    }
}
