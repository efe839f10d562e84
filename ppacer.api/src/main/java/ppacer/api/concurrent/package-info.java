/**
 * The runtime's shared concurrency kit, used by the scheduler, the executor and the stores; not for
 * DAG authors (a task never needs it, and it may change between releases without notice).
 *
 * <ul>
 *   <li>{@link ppacer.api.concurrent.BackgroundLoop}: the one loop every background thread runs,
 *       with the same stop and interrupt semantics everywhere: {@code stop()} is idempotent, an
 *       interrupt ends the loop, and a failed iteration is logged ({@link
 *       ppacer.api.concurrent.FailureStreak}) and backed off, never ending the thread;</li>
 *   <li>{@link ppacer.api.concurrent.Backoff}: the one way to space out retries and idle polls;</li>
 *   <li>{@link ppacer.api.concurrent.FailureStreak}: logs a run of failures once at WARNING;</li>
 *   <li>{@link ppacer.api.concurrent.CommitTicket}: the hand-off between a thread that submitted
 *       work and the thread that commits it together with other threads' work (group commit,
 *       batched reports).</li>
 * </ul>
 */
package ppacer.api.concurrent;
