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
 * @param pool the pool whose slots it holds once handed out; null for none
 * @param poolSlots how many slots of {@code pool} it holds (1 or more; 0 without a pool)
 * @param backfill whether its run is a backfill's: it goes after the entries of other runs of the
 *     same priority (issue 18, fairness: a backfill never takes executors ahead of scheduled or
 *     triggered runs; a higher priority weight still goes first)
 */
public record QueuedTask(String dagId, long runId, String taskId, int attempt, int priority, Instant logicalTime,
                         int order, Instant dueAt, String pool, int poolSlots, boolean backfill) {

    /**
     * Order inside one DAG: priority desc, runs outside backfills before backfill runs, logical time
     * asc, run id asc, topological order asc.
     */
    public static final Comparator<QueuedTask> ORDER = QueuedTask::compareOrder;

    /** Validates. */
    public QueuedTask {
        Objects.requireNonNull(dagId, "dagId");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(logicalTime, "logicalTime");
        Objects.requireNonNull(dueAt, "dueAt");
        if (pool == null ? poolSlots != 0 : poolSlots < 1) {
            throw new IllegalArgumentException("pool slots must be 0 without a pool and 1 or more with one, were "
                    + poolSlots + " for pool " + pool);
        }
    }

    /**
     * An entry of a run that is not a backfill's.
     *
     * @param dagId the DAG
     * @param runId the run
     * @param taskId the task
     * @param attempt the attempt number
     * @param priority priority weight, larger first
     * @param logicalTime the run's logical time
     * @param order the task's topological position
     * @param dueAt when it may be handed out
     * @param pool the pool; null for none
     * @param poolSlots slots of {@code pool} it holds
     */
    public QueuedTask(String dagId, long runId, String taskId, int attempt, int priority, Instant logicalTime,
                      int order, Instant dueAt, String pool, int poolSlots) {
        this(dagId, runId, taskId, attempt, priority, logicalTime, order, dueAt, pool, poolSlots, false);
    }

    /**
     * An entry that uses no pool, of a run that is not a backfill's.
     *
     * @param dagId the DAG
     * @param runId the run
     * @param taskId the task
     * @param attempt the attempt number
     * @param priority priority weight, larger first
     * @param logicalTime the run's logical time
     * @param order the task's topological position
     * @param dueAt when it may be handed out
     */
    public QueuedTask(String dagId, long runId, String taskId, int attempt, int priority, Instant logicalTime,
                      int order, Instant dueAt) {
        this(dagId, runId, taskId, attempt, priority, logicalTime, order, dueAt, null, 0, false);
    }

    /**
     * The entry of a task's attempt, with the task's priority and pool, of a run that is not a backfill's.
     *
     * @param dagId the DAG
     * @param runId the run
     * @param task the task
     * @param attempt the attempt number
     * @param logicalTime the run's logical time
     * @param dueAt when it may be handed out
     * @return the entry
     */
    public static QueuedTask of(String dagId, long runId, ppacer.api.DagTask task, int attempt, Instant logicalTime,
                                Instant dueAt) {
        return of(dagId, runId, task, attempt, logicalTime, dueAt, false);
    }

    /**
     * The entry of a task's attempt, with the task's priority and pool.
     *
     * @param dagId the DAG
     * @param runId the run
     * @param task the task
     * @param attempt the attempt number
     * @param logicalTime the run's logical time
     * @param dueAt when it may be handed out
     * @param backfill whether the run is a backfill's
     * @return the entry
     */
    public static QueuedTask of(String dagId, long runId, ppacer.api.DagTask task, int attempt, Instant logicalTime,
                                Instant dueAt, boolean backfill) {
        ppacer.api.TaskConfig c = task.config();
        String pool = c.pool().orElse(null);
        return new QueuedTask(dagId, runId, task.id(), attempt, c.priorityWeight(), logicalTime, task.order(), dueAt,
                pool, pool == null ? 0 : c.poolSlots(), backfill);
    }

    /**
     * The entry of a deferred attempt poked again: it sorts after every task of its run with fewer
     * pokes ({@code order} moved by {@code pokes} times the DAG's size), so sensors due together take
     * turns when there are fewer slots than pokes: each gets its k-th poke before any gets its
     * (k+1)-th, instead of the first tasks in topological order taking every free slot.
     *
     * @param dagId the DAG
     * @param runId the run
     * @param task the task
     * @param attempt the attempt number
     * @param logicalTime the run's logical time
     * @param dueAt when it may be handed out
     * @param pokes how many times it was poked already (1 or more)
     * @param dagSize the number of tasks of its DAG
     * @param backfill whether the run is a backfill's
     * @return the entry
     */
    public static QueuedTask ofPoke(String dagId, long runId, ppacer.api.DagTask task, int attempt, Instant logicalTime,
                                    Instant dueAt, int pokes, int dagSize, boolean backfill) {
        QueuedTask t = of(dagId, runId, task, attempt, logicalTime, dueAt, backfill);
        int order = (int) Math.min(Integer.MAX_VALUE, task.order() + (long) pokes * dagSize);
        return new QueuedTask(dagId, runId, t.taskId, attempt, t.priority, logicalTime, order, dueAt, t.pool, t.poolSlots,
                backfill);
    }

    /**
     * @param newDueAt the new due time
     * @return this entry due at {@code newDueAt}
     */
    public QueuedTask withDueAt(Instant newDueAt) {
        return new QueuedTask(dagId, runId, taskId, attempt, priority, logicalTime, order, newDueAt, pool, poolSlots,
                backfill);
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
        if (a.backfill != b.backfill) {
            return a.backfill ? 1 : -1;
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

    /**
     * The key of the round-robin bucket a lane with this entry at its head competes in: priority
     * first, then outside backfills before backfill runs (the larger key goes first).
     *
     * @return {@code priority * 2 + (backfill ? 0 : 1)}, without overflow
     */
    long bucket() {
        return ((long) priority << 1) | (backfill ? 0L : 1L);
    }

    /** @return the attempt key */
    public AttemptKey key() {
        return new AttemptKey(runId, taskId, attempt);
    }
}
