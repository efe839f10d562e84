package ppacer.api.spi;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import ppacer.api.TaskOutput;
import ppacer.api.TaskStatus;

/**
 * A compare-and-set change of one attempt: it applies only when the attempt is in {@code from}.
 *
 * <p>Effects when applied: {@code status = to}, {@code updatedAt = at}; on a move into RUNNING from
 * another status, {@code startedAt = at}; the present optional fields overwrite the stored ones
 * (a lease extension is RUNNING → RUNNING with a new {@code leaseDeadline}); on a move to a
 * finished status, {@code finishedAt = at} and the lease is cleared.
 *
 * @param key the attempt
 * @param from the expected status
 * @param to the new status
 * @param at the change time
 * @param executorId the executor holding the attempt
 * @param token the attempt token handed to that executor
 * @param leaseDeadline when the executor's lease ends
 * @param error error text (failures)
 * @param branch the children a branching task chose (on its move to SUCCESS); empty when it chose
 *     none of them, absent when it did not branch (every child chosen)
 * @param reason why the attempt is SKIPPED (short-circuit, operator)
 * @param output the task's output (on its move to SUCCESS), stored in the same transaction as the
 *     change and only when the change applies
 * @param expansions the expansions of the tasks mapped over this task's output (on its move to
 *     SUCCESS), stored in the same transaction as the change and only when the change applies; each
 *     replaces a stored expansion of the same task of the run; empty for a task nothing is mapped over
 */
public record AttemptTransition(AttemptKey key, TaskStatus from, TaskStatus to, Instant at,
                                Optional<String> executorId, Optional<String> token,
                                Optional<Instant> leaseDeadline, Optional<String> error,
                                Optional<List<String>> branch, Optional<String> reason,
                                Optional<TaskOutput> output, List<TaskExpansion> expansions) {
    /** Validates. */
    public AttemptTransition {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(executorId, "executorId");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(leaseDeadline, "leaseDeadline");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(expansions, "expansions");
        branch = branch.map(List::copyOf);
        expansions = List.copyOf(expansions);
        if (!expansions.isEmpty() && to != TaskStatus.SUCCESS) {
            throw new IllegalArgumentException("Expansions are stored with a move to SUCCESS only, not to " + to
                    + " (" + key + ")");
        }
        if (expansions.stream().map(TaskExpansion::taskId).distinct().count() != expansions.size()) {
            throw new IllegalArgumentException("Expansions name a mapped task twice: " + expansions + " (" + key + ")");
        }
    }

    /**
     * A change that may carry an output and no expansion.
     *
     * @param key the attempt
     * @param from the expected status
     * @param to the new status
     * @param at the change time
     * @param executorId the executor holding the attempt
     * @param token the attempt token
     * @param leaseDeadline when the lease ends
     * @param error error text
     * @param branch the children a branching task chose
     * @param reason why the attempt is SKIPPED
     * @param output the task's output
     */
    public AttemptTransition(AttemptKey key, TaskStatus from, TaskStatus to, Instant at,
                             Optional<String> executorId, Optional<String> token,
                             Optional<Instant> leaseDeadline, Optional<String> error,
                             Optional<List<String>> branch, Optional<String> reason, Optional<TaskOutput> output) {
        this(key, from, to, at, executorId, token, leaseDeadline, error, branch, reason, output, List.of());
    }

    /**
     * A change without an output.
     *
     * @param key the attempt
     * @param from the expected status
     * @param to the new status
     * @param at the change time
     * @param executorId the executor holding the attempt
     * @param token the attempt token
     * @param leaseDeadline when the lease ends
     * @param error error text
     * @param branch the children a branching task chose
     * @param reason why the attempt is SKIPPED
     */
    public AttemptTransition(AttemptKey key, TaskStatus from, TaskStatus to, Instant at,
                             Optional<String> executorId, Optional<String> token,
                             Optional<Instant> leaseDeadline, Optional<String> error,
                             Optional<List<String>> branch, Optional<String> reason) {
        this(key, from, to, at, executorId, token, leaseDeadline, error, branch, reason, Optional.empty());
    }

    /**
     * A change carrying a lease deadline only (a heartbeat's RUNNING → RUNNING).
     *
     * @param key the attempt
     * @param at the change time
     * @param deadline the new lease deadline
     * @return the transition
     */
    public static AttemptTransition leaseExtension(AttemptKey key, Instant at, Instant deadline) {
        return new AttemptTransition(key, TaskStatus.RUNNING, TaskStatus.RUNNING, at, Optional.empty(),
                Optional.empty(), Optional.of(deadline), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * A plain status change without other fields.
     *
     * @param key the attempt
     * @param from the expected status
     * @param to the new status
     * @param at the change time
     * @return the transition
     */
    public static AttemptTransition of(AttemptKey key, TaskStatus from, TaskStatus to, Instant at) {
        return new AttemptTransition(key, from, to, at, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * A copy carrying an error text.
     *
     * @param text the error
     * @return the new transition
     */
    public AttemptTransition withError(String text) {
        return new AttemptTransition(key, from, to, at, executorId, token, leaseDeadline, Optional.of(text), branch,
                reason, output, expansions);
    }

    /**
     * A copy carrying a branch decision.
     *
     * @param chosen the chosen children
     * @return the new transition
     */
    public AttemptTransition withBranch(List<String> chosen) {
        return new AttemptTransition(key, from, to, at, executorId, token, leaseDeadline, error, Optional.of(chosen),
                reason, output, expansions);
    }

    /**
     * A copy carrying a reason (SKIPPED).
     *
     * @param text the reason
     * @return the new transition
     */
    public AttemptTransition withReason(String text) {
        return new AttemptTransition(key, from, to, at, executorId, token, leaseDeadline, error, branch,
                Optional.of(text), output, expansions);
    }

    /**
     * A copy carrying executor, token and lease.
     *
     * @param executor the executor id
     * @param attemptToken the attempt token
     * @param lease the lease deadline
     * @return the new transition
     */
    public AttemptTransition withLease(String executor, String attemptToken, Instant lease) {
        return new AttemptTransition(key, from, to, at, Optional.of(executor), Optional.of(attemptToken),
                Optional.of(lease), error, branch, reason, output, expansions);
    }

    /**
     * A copy carrying the task's output.
     *
     * @param value the output
     * @return the new transition
     */
    public AttemptTransition withOutput(TaskOutput value) {
        return new AttemptTransition(key, from, to, at, executorId, token, leaseDeadline, error, branch, reason,
                Optional.of(value), expansions);
    }

    /**
     * A copy carrying the expansions of the tasks mapped over this task's output.
     *
     * @param values the expansions (one per mapped task)
     * @return the new transition
     */
    public AttemptTransition withExpansions(List<TaskExpansion> values) {
        return new AttemptTransition(key, from, to, at, executorId, token, leaseDeadline, error, branch, reason,
                output, values);
    }
}
