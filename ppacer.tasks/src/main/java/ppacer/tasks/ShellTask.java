package ppacer.tasks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import ppacer.api.PpacerException;
import ppacer.api.Task;
import ppacer.api.TaskContext;

/**
 * Runs a command in its own process. The command is a list of arguments passed to the program
 * as they are, never through a shell, unless a shell is asked for with {@link #sh(String, String)}.
 *
 * <pre>{@code
 * ShellTask.of("list", "ls", "-l").withWorkingDir(Path.of("/data"));
 * ShellTask.sh("report", "make report > out.txt && wc -l out.txt").withEnv("LANG", "C");
 * }</pre>
 *
 * <ul>
 *   <li>The process inherits the executor's environment, plus {@code PPACER_DAG_ID},
 *       {@code PPACER_TASK_ID}, {@code PPACER_RUN_ID}, {@code PPACER_LOGICAL_TIME} (ISO-8601),
 *       {@code PPACER_ATTEMPT} and {@code PPACER_PARAMS_JSON} from the {@link TaskContext}, plus
 *       {@code TRACEPARENT} (the W3C trace context of {@link TaskContext#traceparent()}) when traced, plus
 *       the {@linkplain #environment() extra variables}, which win over both. Its standard input is
 *       empty.</li>
 *   <li>Each line the process writes to standard output goes to the task log at INFO, each line of
 *       standard error at WARNING. Both streams are read at once, so neither can block the
 *       process.</li>
 *   <li>Exit code 0 succeeds; any other fails with a {@link CommandFailedException} such as
 *       {@code Command [sh, -c, exit 3] exited with code 3}.</li>
 *   <li>When the attempt is cancelled (timeout, stop: {@link TaskContext#isCancelled()} is polled,
 *       and an interrupt while waiting counts too), the process <em>and its descendants</em> are
 *       killed and the task throws {@link ppacer.api.TaskCancelledException}.</li>
 * </ul>
 *
 * @param id the task id
 * @param command the program and its arguments, not empty
 * @param workingDir the directory to run in; empty for the executor's working directory
 * @param environment extra environment variables
 */
public record ShellTask(String id, List<String> command, Optional<Path> workingDir, Map<String, String> environment)
        implements Task {

    /** Validates and copies the fields. */
    public ShellTask {
        Objects.requireNonNull(id, "id");
        command = List.copyOf(command);
        if (command.isEmpty()) {
            throw new PpacerException("ShellTask '" + id + "': the command is empty; give at least a program");
        }
        Objects.requireNonNull(workingDir, "workingDir");
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        environment.forEach((k, v) -> {
            Objects.requireNonNull(k, "environment variable name");
            Objects.requireNonNull(v, "value of environment variable " + k);
        });
    }

    /**
     * Runs {@code program} with {@code args}, without a shell.
     *
     * @param id the task id
     * @param program the program, looked up on the PATH when it has no directory
     * @param args its arguments
     * @return the task
     */
    public static ShellTask of(String id, String program, String... args) {
        List<String> command = new ArrayList<>(1 + args.length);
        command.add(program);
        command.addAll(List.of(args));
        return of(id, command);
    }

    /**
     * Runs a command given as a list, without a shell.
     *
     * @param id the task id
     * @param command the program and its arguments
     * @return the task
     */
    public static ShellTask of(String id, List<String> command) {
        return new ShellTask(id, command, Optional.empty(), Map.of());
    }

    /**
     * Runs a script with {@code /bin/sh -c}: pipes, redirections and variables work, and so does
     * everything a shell does with untrusted text, so never paste parameters into {@code script};
     * read them from the {@code PPACER_*} variables instead.
     *
     * @param id the task id
     * @param script the shell script
     * @return the task
     */
    public static ShellTask sh(String id, String script) {
        return of(id, List.of("/bin/sh", "-c", script));
    }

    /**
     * A copy running in {@code dir}.
     *
     * @param dir the working directory
     * @return the new task
     */
    public ShellTask withWorkingDir(Path dir) {
        return new ShellTask(id, command, Optional.of(dir), environment);
    }

    /**
     * A copy with one more environment variable (replacing one of the same name).
     *
     * @param name the variable name
     * @param value its value
     * @return the new task
     */
    public ShellTask withEnv(String name, String value) {
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return new ShellTask(id, command, workingDir, env);
    }

    @Override
    public void execute(TaskContext context) {
        ProcessBuilder builder = new ProcessBuilder(command);
        workingDir.ifPresent(dir -> builder.directory(dir.toFile()));
        Map<String, String> env = builder.environment();
        env.put("PPACER_DAG_ID", context.dagId());
        env.put("PPACER_TASK_ID", context.taskId());
        env.put("PPACER_RUN_ID", Long.toString(context.runId()));
        env.put("PPACER_LOGICAL_TIME", context.logicalTime().toString());
        env.put("PPACER_ATTEMPT", Integer.toString(context.attempt()));
        env.put("PPACER_PARAMS_JSON", context.paramsJson());
        String traceparent = context.traceparent();
        if (!traceparent.isEmpty()) {
            env.put("TRACEPARENT", traceparent);
        }
        env.putAll(environment);
        ProcessRun.start(builder, command, context).await();
    }

    /** The command, working directory and environment (sorted), for the DAG's fingerprint. */
    @Override
    public String definition() {
        return Definition.of(ShellTask.class).add("command", command)
                .add("workingDir", workingDir.map(Path::toString).orElse(""))
                .add("environment", environment).toString();
    }
}
