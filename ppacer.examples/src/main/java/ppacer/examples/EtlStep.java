package ppacer.examples;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import ppacer.api.Task;
import ppacer.api.TaskContext;

/**
 * One step of the {@link EtlDag etl} example: logs what it does, works for a few milliseconds and
 * passes its row count to the steps below as its output ({@code {"rows": N}}). A step with inputs
 * counts the rows its parents output (a cleaner keeps most of them, load sums its cleaners'); the
 * first step derives its count from the run's logical time, so reruns of a run report the same
 * numbers.
 *
 * @param id the task id
 * @param action what the step does, in words
 * @param work how long the simulated work takes
 * @param inputs the parents whose row counts it reads
 */
record EtlStep(String id, String action, Duration work, List<String> inputs) implements Task {
    EtlStep {
        inputs = List.copyOf(inputs);
    }

    /** A step that reads no parent's output. */
    EtlStep(String id, String action, Duration work) {
        this(id, action, work, List.of());
    }

    @Override
    public void execute(TaskContext context) throws InterruptedException {
        long rows = 0;
        for (String parent : inputs) {
            rows += ((Number) context.input(parent, Map.class).get("rows")).longValue();
        }
        if (inputs.isEmpty()) {
            rows = 1_000 + Math.floorMod(context.logicalTime().getEpochSecond() / 60, 500);
        } else if (id.startsWith("clean_")) {
            rows = rows * (90 + Math.floorMod(id.hashCode(), 10)) / 100; // cleaning drops a few
        }
        context.logger().info(action + " for " + context.logicalTime() + ": " + rows + " rows");
        Thread.sleep(work); // the simulated work; an executor's timeout interrupts it
        context.checkCancelled();
        context.logger().log(Level.INFO, "Done: " + action, Map.of("rows", rows));
        context.output(Map.of("rows", rows));
    }
}
