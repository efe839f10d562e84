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
    public static final Comparator<QueuedTask> ORDER = QueuedTask::compareOrder;

    /** Validates. */
    public QueuedTask {
        Objects.requireNonNull(dagId, "dagId");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(logicalTime, "logicalTime");
        Objects.requireNonNull(dueAt, "dueAt");
    }

    /**
     * {@link #ORDER} written out as one method: a chain of comparator lambdas cost about 70% of a
     * queue poll with 100,000 entries (SchedulingLoopBenchmark, FAN_OUT).
     */
    private static int compareOrder(QueuedTask a, QueuedTask b) {
        int c = Integer.compare(b.priority, a.priority);
        if (c != 0) {
            return c;
        }
        c = a.logicalTime.compareTo(b.logicalTime);
        if (c != 0) {
            return c;
        }
        c = Long.compare(a.runId, b.runId);
        if (c != 0) {
            return c;
        }
        c = Integer.compare(a.order, b.order);
        return c != 0 ? c : Integer.compare(a.attempt, b.attempt);
    }

    /** @return the attempt key */
    public AttemptKey key() {
        return new AttemptKey(runId, taskId, attempt);
    }
}
