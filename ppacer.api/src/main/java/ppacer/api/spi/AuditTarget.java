package ppacer.api.spi;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What an operator action was applied to: the ids that apply, the others empty.
 *
 * @param dagId the DAG
 * @param runId the run
 * @param taskId the task (or instance of a mapped task, {@code load[3]})
 * @param index the instance index of a mapped task's instance
 * @param backfillId the backfill
 * @param pool the pool
 */
public record AuditTarget(Optional<String> dagId, OptionalLong runId, Optional<String> taskId, OptionalInt index,
                          OptionalLong backfillId, Optional<String> pool) {
    /** Checks that no component is null. */
    public AuditTarget {
        Objects.requireNonNull(dagId, "dagId");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(backfillId, "backfillId");
        Objects.requireNonNull(pool, "pool");
    }

    /** @return a target of no id: an action on the whole scheduler (a clean of every DAG, an API key) */
    public static AuditTarget none() {
        return new AuditTarget(Optional.empty(), OptionalLong.empty(), Optional.empty(), OptionalInt.empty(),
                OptionalLong.empty(), Optional.empty());
    }

    /**
     * @param dagId a DAG
     * @return a target of that DAG alone
     */
    public static AuditTarget dag(String dagId) {
        return new AuditTarget(Optional.of(dagId), OptionalLong.empty(), Optional.empty(), OptionalInt.empty(),
                OptionalLong.empty(), Optional.empty());
    }

    /**
     * @param name a pool
     * @return a target of that pool alone
     */
    public static AuditTarget pool(String name) {
        return new AuditTarget(Optional.empty(), OptionalLong.empty(), Optional.empty(), OptionalInt.empty(),
                OptionalLong.empty(), Optional.of(name));
    }

    /**
     * @param id the run
     * @return this target with the run
     */
    public AuditTarget withRun(long id) {
        return new AuditTarget(dagId, OptionalLong.of(id), taskId, index, backfillId, pool);
    }

    /**
     * @param id the backfill
     * @return this target with the backfill
     */
    public AuditTarget withBackfill(long id) {
        return new AuditTarget(dagId, runId, taskId, index, OptionalLong.of(id), pool);
    }

    /**
     * @param id the task or instance id
     * @param instance the instance index when it is an instance of a mapped task
     * @return this target with the task
     */
    public AuditTarget withTask(String id, OptionalInt instance) {
        return new AuditTarget(dagId, runId, Optional.of(id), instance, backfillId, pool);
    }
}
