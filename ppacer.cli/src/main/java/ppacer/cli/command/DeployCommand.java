package ppacer.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.zip.ZipException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import ppacer.api.Ids;
import ppacer.cli.client.Api;
import ppacer.exec.bundle.BundleLoader;

/** {@code ppacer deploy JAR}: uploads a DAG bundle to the running scheduler. */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = {"Deploys a DAG bundle (a modular jar providing ppacer.api.DagSource) to the running scheduler"
                + " (POST /bundles, an admin key): it becomes the bundle's active version, which new runs use; runs"
                + " already started finish on the version they started with. Executors fetch it by hash.",
                "A refused bundle (not modular, no DagSource, an invalid DAG, a DAG id another bundle has, a missing"
                        + " dependency) changes nothing: the scheduler's reason is printed and the exit code is 2."})
final class DeployCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "JAR", description = "The bundle's jar.")
    Path jar;

    @Option(names = "--name", paramLabel = "NAME",
            description = "The bundle's name (default: the jar's file name without .jar); a new jar under the same"
                    + " name replaces the bundle's active version.")
    String name;

    private final CliContext ctx;

    DeployCommand(CliContext ctx) {
        super(ctx);
        this.ctx = ctx;
    }

    @Override
    int execute(Api api) {
        Path file = ctx.workDir().resolve(jar);
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(file + " is a folder; deploy takes one jar (put a folder of jars in the"
                    + " scheduler's DAG folder, --dags)");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("No such jar: " + file);
        }
        String bundle = name != null ? name : BundleLoader.nameOf(file);
        if (!Ids.isValid(bundle)) {
            throw new IllegalArgumentException("Bundle name '" + bundle + "' is invalid; expected "
                    + Ids.PATTERN.pattern() + (name == null ? " (give one with --name)" : ""));
        }
        byte[] bytes;
        try (JarFile opened = new JarFile(file.toFile())) {
            if (opened.stream().noneMatch(e -> e.getName().endsWith("module-info.class"))) {
                throw new IllegalArgumentException(file + " is not a modular jar: it has no module-info.class (a bundle"
                        + " declares 'module ... { requires ppacer.api; provides ppacer.api.DagSource with ...; }')");
            }
            bytes = Files.readAllBytes(file);
        } catch (ZipException e) {
            throw new IllegalArgumentException(file + " is not a jar (zip) file: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        long started = System.nanoTime();
        JsonNode v = api.postBytes("/bundles?name=" + Api.enc(bundle), bytes, "application/java-archive");
        long ms = (System.nanoTime() - started) / 1_000_000;
        out().printf("Deployed bundle %s version %d (%s), DAGs %s, in %d ms%n", v.path("name").asText(),
                v.path("version").asInt(), v.path("hash").asText().substring(0, 12), dagIds(v), ms);
        out().flush();
        return ExitCodes.OK;
    }

    static String dagIds(JsonNode v) {
        StringBuilder b = new StringBuilder("[");
        for (JsonNode id : v.path("dagIds")) {
            b.append(b.length() > 1 ? ", " : "").append(id.asText());
        }
        return b.append(']').toString();
    }
}
