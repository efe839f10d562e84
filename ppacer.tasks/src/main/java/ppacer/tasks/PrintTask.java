package ppacer.tasks;

import java.util.Objects;
import ppacer.api.Task;
import ppacer.api.TaskContext;

/**
 * Logs a message to the task log at INFO, and does nothing else.
 *
 * <pre>{@code
 * Node start = Node.of(PrintTask.of("start", "Hello from ppacer"));
 * }</pre>
 *
 * @param id the task id
 * @param message the text to log
 */
public record PrintTask(String id, String message) implements Task {
    /** Checks that both fields are present. */
    public PrintTask {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(message, "message");
    }

    /**
     * A task that logs {@code message}.
     *
     * @param id the task id
     * @param message the text to log
     * @return the task
     */
    public static PrintTask of(String id, String message) {
        return new PrintTask(id, message);
    }

    @Override
    public void execute(TaskContext context) {
        context.logger().info(message);
    }

    /** The message, for the DAG's fingerprint. */
    @Override
    public String definition() {
        return Definition.of(PrintTask.class).add("message", message).toString();
    }
}
