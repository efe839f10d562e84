package ppacer.cli.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import ppacer.cli.client.Api;
import ppacer.exec.wire.WireJson;

/**
 * {@code ppacer output RUN TASK [--attempt N] [--to FILE]}: the output a task stored, JSON
 * pretty-printed, text as is; bytes of any other type are described, or written to a file.
 */
@Command(name = "output", mixinStandardHelpOptions = true,
        description = {"Prints the output a task of a run stored (its latest attempt that stored one): JSON",
                "pretty-printed, text as is; other content is described, or written with --to FILE."})
final class OutputCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "RUN", description = "The run id.")
    long runId;

    @Parameters(index = "1", paramLabel = "TASK", description = "The task id.")
    String taskId;

    @Option(names = "--attempt", paramLabel = "N", description = "The output of this attempt (0 for the first).")
    Integer attempt;

    @Option(names = "--to", paramLabel = "FILE", description = "Write the content to FILE (any type) instead.")
    Path to;

    OutputCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    int execute(Api api) {
        String path = "/dagruns/" + runId + "/tasks/" + Api.enc(taskId)
                + (attempt == null ? "" : "/attempts/" + attempt) + "/output";
        JsonNode view = api.get(path);
        JsonNode body = view.get("output");
        String type = body.get("contentType").asText();
        JsonNode text = body.get("text");
        byte[] bytes = text != null && !text.isNull() ? text.asText().getBytes(java.nio.charset.StandardCharsets.UTF_8)
                : Base64.getDecoder().decode(body.get("base64").asText());
        if (to != null) {
            try {
                Files.write(to, bytes);
            } catch (IOException e) {
                throw new IllegalArgumentException("Cannot write the output to " + to + ": " + e, e);
            }
            out().printf("Wrote %d bytes of %s (attempt %d of %s, run %d) to %s%n", bytes.length, type,
                    view.get("attempt").asInt(), taskId, runId, to);
        } else if (type.equals("application/json")) {
            out().println(pretty(text.asText()));
        } else if (type.startsWith("text/")) {
            out().print(text.asText());
            if (!text.asText().endsWith("\n")) {
                out().println();
            }
        } else {
            out().printf("%d bytes of %s (attempt %d); write them to a file with --to FILE%n", bytes.length, type,
                    view.get("attempt").asInt());
        }
        out().flush();
        return ExitCodes.OK;
    }

    private static String pretty(String json) {
        try {
            return WireJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(WireJson.mapper().readTree(json));
        } catch (JsonProcessingException e) {
            return json; // stored as JSON by the scheduler; shown as is if it is not
        }
    }
}
