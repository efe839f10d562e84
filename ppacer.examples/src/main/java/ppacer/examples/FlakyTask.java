package ppacer.examples;

import ppacer.api.PpacerException;
import ppacer.api.Task;
import ppacer.api.TaskContext;

/**
 * Fails its first attempt and succeeds on every later one: a deterministic stand-in for a flaky
 * dependency, to watch retries happen.
 *
 * @param id the task id
 */
record FlakyTask(String id) implements Task {
    @Override
    public void execute(TaskContext context) {
        if (context.attempt() == 0) {
            throw new PpacerException("Task '" + id + "' of run " + context.runId()
                    + " fails on purpose on attempt 0; attempt 1 will succeed");
        }
        context.logger().info("Succeeded on attempt " + context.attempt());
    }
}
