package ppacer.tasks;

import java.util.Objects;
import ppacer.api.Task;
import ppacer.api.TaskContext;

/**
 * Does nothing and succeeds: a join point in a graph, or a task for load tests that measures the
 * scheduler rather than the work.
 *
 * @param id the task id
 */
public record NoOpTask(String id) implements Task {
    /** Checks that the id is present. */
    public NoOpTask {
        Objects.requireNonNull(id, "id");
    }

    /**
     * A task that does nothing.
     *
     * @param id the task id
     * @return the task
     */
    public static NoOpTask of(String id) {
        return new NoOpTask(id);
    }

    @Override
    public void execute(TaskContext context) {
        // nothing to do, by design
    }
}
