package ppacer.api.spi;

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
    void insert(List<NewAttempt> attempts);

    /**
     * Applies one compare-and-set transition.
     *
     * @param transition the change
     * @return true when applied; false when the attempt is unknown or not in the expected status
     */
    boolean transition(AttemptTransition transition);

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
