package ppacer.api.protocol;

import java.util.List;

/**
 * A page of the audit log ({@code GET /audit}, {@code ppacer audit}), newest first.
 *
 * @param entries the rows of the page
 * @param next the {@code before} value of the next (older) page, null when this page is the last
 */
public record AuditView(List<Entry> entries, Long next) {
    /**
     * The request header a caller claims a user name with (the CLI sends the OS user); recorded after
     * the authenticated name, as {@code token:alice}: a claim, not checked.
     */
    public static final String ACTOR_HEADER = "X-Ppacer-Actor";

    /** Copies. */
    public AuditView {
        entries = List.copyOf(entries);
    }

    /**
     * One operator action.
     *
     * @param id the row id (increasing)
     * @param at when, as a timestamp with the scheduler's offset
     * @param actor who: {@code token} or {@code anonymous}, with {@code :user} when the caller claimed a user name
     * @param address from where, null for in-process callers
     * @param action what, e.g. {@code dag.pause}, {@code task.clear}
     * @param dagId the DAG, null when none applies
     * @param runId the run, null when none applies
     * @param taskId the task, null when none applies
     * @param index the instance index of a mapped task's instance, else null
     * @param backfillId the backfill, null when none applies
     * @param pool the pool, null when none applies
     * @param before the state before, null when there was none
     * @param after the state after, null when nothing is left
     */
    public record Entry(long id, String at, String actor, String address, String action, String dagId, Long runId,
                        String taskId, Integer index, Long backfillId, String pool, String before, String after) {
    }
}
