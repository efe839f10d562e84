package ppacer.scheduler.core;

import java.time.Instant;
import java.time.InstantSource;
import java.util.function.BooleanSupplier;
import ppacer.api.TaskContext;
import ppacer.api.TaskLogger;

/**
 * The {@link TaskContext} an in-process worker gives a task.
 *
 * @param dagId the DAG
 * @param taskId the task
 * @param runId the run
 * @param logicalTime the run's logical time
 * @param attempt the attempt number
 * @param paramsJson the run parameters
 * @param logger the attempt's logger
 * @param deadline when the attempt times out
 * @param clock the clock the deadline is compared with
 * @param cancelled true once the worker cancelled the attempt (timeout, stop)
 */
public record AttemptContext(String dagId, String taskId, long runId, Instant logicalTime, int attempt, String paramsJson,
                             TaskLogger logger, Instant deadline, InstantSource clock, BooleanSupplier cancelled)
        implements TaskContext {
    @Override
    public boolean isCancelled() {
        return cancelled.getAsBoolean() || !clock.instant().isBefore(deadline);
    }
}
