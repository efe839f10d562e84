package ppacer.examples;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import ppacer.api.Task;
import ppacer.api.TaskContext;

/**
 * One step of the {@link EtlDag etl} example: logs what it does, works for a few milliseconds and
 * logs how many rows it handled. The row count is derived from the run's logical time, so reruns of
 * a run report the same numbers.
 *
 * @param id the task id
 * @param action what the step does, in words
 * @param work how long the simulated work takes
 */
record EtlStep(String id, String action, Duration work) implements Task {
    @Override
    public void execute(TaskContext context) throws InterruptedException {
        context.logger().info(action + " for " + context.logicalTime());
        Thread.sleep(work); // the simulated work; an executor's timeout interrupts it
        context.checkCancelled();
        long rows = 1_000 + Math.floorMod(context.logicalTime().getEpochSecond() / 60 + id.hashCode(), 500);
        context.logger().log(Level.INFO, "Done: " + action, Map.of("rows", rows));
    }
}
