package ppacer.cli.command;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import ppacer.cli.node.Lifecycle;

/**
 * What a command may touch outside its arguments: the environment, the working directory, the two
 * output streams, and the life cycle of long-running commands. Tests pass their own.
 *
 * @param env the environment variables
 * @param workDir the working directory ({@code ppacer.yaml} is looked for there)
 * @param out standard output
 * @param err standard error
 * @param lifecycle how {@code run}, {@code scheduler} and {@code executor} wait and stop
 */
public record CliContext(Map<String, String> env, Path workDir, PrintWriter out, PrintWriter err, Lifecycle lifecycle) {
    /** Copies the environment. */
    public CliContext {
        env = Map.copyOf(env);
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        Objects.requireNonNull(lifecycle, "lifecycle");
    }
}
