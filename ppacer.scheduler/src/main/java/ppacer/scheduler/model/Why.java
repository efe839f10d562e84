package ppacer.scheduler.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Why a task (or a run, or a DAG) is where it is, as the scheduler's own decision code sees it now
 * (see {@code Scheduler.why}): a reason kind, a sentence a user can act on, and the facts behind it.
 *
 * <p>The shape of {@link #details()} per kind (values are strings, numbers, booleans or lists of
 * them; instants are ISO-8601 text in UTC):
 * <ul>
 *   <li>{@code WAITING_FOR_UPSTREAM}: {@code waitingFor} (list of "task: STATUS" of the parents not
 *       done), {@code parents} (how many);</li>
 *   <li>{@code TRIGGER_RULE_NOT_MET}: {@code rule}, {@code needs} (the rule's condition in words),
 *       {@code succeeded}, {@code failed}, {@code skipped}, {@code notDone} (counts of parents),
 *       {@code waitingFor};</li>
 *   <li>{@code RETRY_DELAY}: {@code attempt}, {@code until};</li>
 *   <li>{@code MAX_ACTIVE_TASKS}: {@code scope} ({@code dag} or {@code scheduler}), {@code running},
 *       {@code max};</li>
 *   <li>{@code MAX_ACTIVE_RUNS}: {@code active}, {@code max}, {@code behind} (run ids active or queued
 *       before it);</li>
 *   <li>{@code DAG_PAUSED}: {@code dagId};</li>
 *   <li>{@code QUEUED_NO_EXECUTOR}: {@code secondsWithoutExecutor}, {@code lastContact};</li>
 *   <li>{@code QUEUED}: {@code position}, {@code of} (entries of its DAG ready in the queue),
 *       {@code queued} (entries in the whole queue), {@code executorsPolling};</li>
 *   <li>{@code NOT_LEADER}: {@code nodeId}, {@code leaderId}, {@code leaderUrl} (when known);</li>
 *   <li>{@code RUNNING}: {@code attempt}, {@code executorId}, {@code since}, {@code leaseDeadline};</li>
 *   <li>{@code SUCCESS}, {@code FAILED}, {@code SKIPPED}, {@code UPSTREAM_FAILED}, {@code CANCELLED}:
 *       {@code attempt}, {@code finishedAt}, and {@code error} (FAILED) or {@code reason} (the rule's,
 *       branch's or operator's reason; UPSTREAM_FAILED also {@code failedParent});</li>
 *   <li>{@code NEXT_SCHEDULE}: {@code dagId}, {@code next} (a DAG without an active run);</li>
 *   <li>{@code WAITING_FOR_ASSETS}: {@code dagId}, {@code condition}, {@code missing}, {@code pending}
 *       (a DAG scheduled on assets);</li>
 *   <li>{@code POOL_FULL}: {@code pool}, {@code used}, {@code slots}, {@code needs}, {@code holders}
 *       ("run R task" of each attempt holding slots);</li>
 *   <li>{@code BACKFILL_THROTTLED}: {@code backfillId}, {@code max}, {@code queuedAhead}, and
 *       {@code running} (a DAG's backfill) or {@code active} (a backfill's run);</li>
 *   <li>{@code DEFERRED}: {@code attempt}, {@code until}, {@code pokes}, {@code nextPokeInSeconds},
 *       {@code reason}, {@code timeout}.</li>
 * </ul>
 *
 * @param kind which reason
 * @param message the reason and what ends it, one sentence, e.g. {@code hello_world is paused: the run
 *     waits until `ppacer unpause hello_world`}
 * @param details the facts behind it (insertion-ordered, unmodifiable)
 */
public record Why(Kind kind, String message, Map<String, Object> details) {
    /** Validates and freezes the details in their order. */
    public Why {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** The reasons. */
    public enum Kind {
        /** Parents that must end first have not ended. */
        WAITING_FOR_UPSTREAM,
        /** The task's trigger rule (not the default) waits for parents to end in a way it needs. */
        TRIGGER_RULE_NOT_MET,
        /** The task failed and its next attempt waits for the retry delay. */
        RETRY_DELAY,
        /** The task is ready, but its DAG (or the scheduler) runs as many tasks as allowed. */
        MAX_ACTIVE_TASKS,
        /** The run is queued: its DAG has as many active runs as allowed. */
        MAX_ACTIVE_RUNS,
        /** The DAG is paused, so its queued run does not start. */
        DAG_PAUSED,
        /** The task is ready but no executor has been in touch with the scheduler for a while. */
        QUEUED_NO_EXECUTOR,
        /** The task is ready in the queue and executors poll: it goes at its turn. */
        QUEUED,
        /** This scheduler is a standby: only the leader decides and hands out. */
        NOT_LEADER,
        /** An executor runs the task. */
        RUNNING,
        /** The task (or run) succeeded. */
        SUCCESS,
        /** The task (or run) failed. */
        FAILED,
        /** The task was skipped (by itself, its rule or a branch). */
        SKIPPED,
        /** The task did not run because a parent failed. */
        UPSTREAM_FAILED,
        /** The attempt was cancelled by an operator. */
        CANCELLED,
        /** A DAG without an active run: when its next run is due. */
        NEXT_SCHEDULE,
        /** A DAG scheduled on assets waits for events of the assets its condition still misses. */
        WAITING_FOR_ASSETS,
        /** The task's pool has too few free slots (the task queue's pool accounting). */
        POOL_FULL,
        /** The run belongs to a backfill that runs as many runs as it may (decided by the backfill). */
        BACKFILL_THROTTLED,
        /** The task deferred itself until a time or trigger (decided by deferral). */
        DEFERRED;

        /** @return true for the kinds that say how a task ended */
        public boolean finished() {
            return this == SUCCESS || this == FAILED || this == SKIPPED || this == UPSTREAM_FAILED || this == CANCELLED;
        }

        /**
         * Which unfinished tasks a run's answer shows first (a page of {@code GET /dagruns/{id}/why}):
         * 0 for a task held back by something other than its own run's progress (no executor, a standby,
         * a paused DAG, max active runs or tasks, a full pool, a throttled backfill, a retry delay, a
         * deferral), 1 for a running task, 2 for a queued one at its turn, 3 for one waiting for its
         * parents ({@code WAITING_FOR_UPSTREAM}, {@code TRIGGER_RULE_NOT_MET}); finished kinds last (4).
         * Within a rank, tasks keep the DAG's order.
         *
         * @return the rank, lower first
         */
        public int readingRank() {
            return switch (this) {
                case RUNNING -> 1;
                case QUEUED -> 2;
                case WAITING_FOR_UPSTREAM, TRIGGER_RULE_NOT_MET -> 3;
                case SUCCESS, FAILED, SKIPPED, UPSTREAM_FAILED, CANCELLED -> 4;
                default -> 0;
            };
        }

        /** @return the kinds by {@link #readingRank()}, then declaration order */
        public static List<Kind> inReadingOrder() {
            return READING_ORDER;
        }

        private static final List<Kind> READING_ORDER = java.util.Arrays.stream(values())
                .sorted(java.util.Comparator.comparingInt(Kind::readingRank).thenComparingInt(Kind::ordinal)).toList();
    }
}
