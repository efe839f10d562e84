package ppacer.scheduler.core;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import ppacer.api.spi.AttemptKey;

/**
 * One task attempt waiting in the {@link TaskQueue}.
 *
 * @param dagId the DAG (the fairness and per-DAG limit unit)
 * @param runId the run
 * @param taskId the task
 * @param attempt the attempt number
 * @param priority priority weight, larger first
 * @param logicalTime the run's logical time (older first)
 * @param order the task's position in its DAG's topological order (smaller first)
 * @param dueAt the instant from which it may be handed out (retries); {@link Instant#MIN} for now
 */
public record QueuedTask(String dagId, long runId, String taskId, int attempt, int priority, Instant logicalTime,
                         int order, Instant dueAt) {

    /** Order inside one DAG: priority desc, logical time asc, run id asc, topological order asc. */
    public static final Comparator<QueuedTask> ORDER = Comparator.comparingInt(QueuedTask::priority).reversed()
            .thenComparing(QueuedTask::logicalTime)
            .thenComparingLong(QueuedTask::runId)
            .thenComparingInt(QueuedTask::order)
            .thenComparingInt(QueuedTask::attempt);

    /** Validates. */
    public QueuedTask {
        Objects.requireNonNull(dagId, "dagId");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(logicalTime, "logicalTime");
        Objects.requireNonNull(dueAt, "dueAt");
    }

    /** @return the attempt key */
    public AttemptKey key() {
        return new AttemptKey(runId, taskId, attempt);
    }
}
