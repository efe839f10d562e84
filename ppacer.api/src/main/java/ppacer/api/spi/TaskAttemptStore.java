package ppacer.api.spi;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ppacer.api.TaskStatus;

/** Task attempts: one row per attempt, changed only by compare-and-set. */
public interface TaskAttemptStore {
    /**
     * Inserts attempts in one transaction.
     *
     * @param attempts the attempts
     * @throws DuplicateKeyException when an attempt already exists (nothing is inserted)
     */
    default void insert(List<NewAttempt> attempts) {
        insert(attempts, Optional.empty());
    }

    /**
     * Inserts attempts in one transaction, with the audit row of the operator action they are part of
     * (none when {@code attempts} is empty: nothing changed).
     *
     * @param attempts the attempts
     * @param audit the operator action to record with the change, if any
     * @throws DuplicateKeyException when an attempt already exists (nothing is inserted)
     */
    void insert(List<NewAttempt> attempts, Optional<AuditEntry> audit);

    /**
     * Applies one compare-and-set transition.
     *
     * @param transition the change
     * @return true when applied; false when the attempt is unknown or not in the expected status
     */
    default boolean transition(AttemptTransition transition) {
        return transition(transition, Optional.empty());
    }

    /**
     * Applies one compare-and-set transition, with the audit row in the same transaction when it applies.
     *
     * @param transition the change
     * @param audit the operator action to record with the change, if any
     * @return true when applied; false when the attempt is unknown or not in the expected status (no audit row)
     */
    boolean transition(AttemptTransition transition, Optional<AuditEntry> audit);

    /**
     * Applies several transitions, each one compare-and-set on its own, in as few commits as the
     * store can; returns after they are durable.
     *
     * @param transitions the changes
     * @return per transition, whether it applied
     */
    List<Boolean> transitionAll(List<AttemptTransition> transitions);

    /**
     * @param key the attempt
     * @return the attempt
     */
    Optional<TaskAttemptRecord> find(AttemptKey key);

    /**
     * The outputs of tasks of one run: per task, that of its latest attempt with an output (outputs
     * are written with an attempt's move to SUCCESS, see {@link AttemptTransition#output()}).
     *
     * @param runId the run
     * @param taskIds the tasks
     * @return by task id; tasks without an output are absent
     */
    Map<String, StoredOutput> outputs(long runId, Collection<String> taskIds);

    /**
     * @param runId a run
     * @return the ids of its tasks with an attempt that stored an output (no content is read)
     */
    java.util.Set<String> tasksWithOutputs(long runId);

    /**
     * The expansions of the mapped tasks of one run, as stored with their parents' successes
     * ({@link AttemptTransition#expansions()}); recovery rebuilds a run's instances from them.
     *
     * @param runId a run
     * @return one per mapped task whose parent succeeded, ordered by task id
     */
    List<TaskExpansion> expansions(long runId);

    /**
     * @param key an attempt
     * @return its output, if it stored one
     */
    Optional<StoredOutput> output(AttemptKey key);

    /**
     * The output of a task in the latest earlier run of a DAG that has one.
     *
     * @param dagId the DAG
     * @param taskId the task
     * @param before only runs whose logical time is before this
     * @return the output of the latest attempt with an output, of the run with the latest logical time
     */
    Optional<StoredOutput> previousOutput(String dagId, String taskId, Instant before);

    /**
     * @param runId the run
     * @return the latest attempt of every task of the run that has one, ordered by task id
     */
    List<TaskAttemptRecord> latest(long runId);

    /**
     * @param runId the run
     * @param taskId the task
     * @return every attempt of the task, oldest first
     */
    List<TaskAttemptRecord> attempts(long runId, String taskId);

    /** @return attempts in SCHEDULED or RUNNING, by run id then task id */
    List<TaskAttemptRecord> unfinished();

    /** @return the number of attempts per status (statuses without attempts are absent) */
    Map<TaskStatus, Long> countByStatus();
}
