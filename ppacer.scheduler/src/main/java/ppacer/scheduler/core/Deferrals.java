package ppacer.scheduler.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import ppacer.api.DagTask;
import ppacer.api.TaskStatus;
import ppacer.api.spi.AttemptDeferral;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.AttemptTransition;
import ppacer.scheduler.model.ReportResult;
import ppacer.scheduler.model.ReportResult.Status;
import ppacer.scheduler.model.TaskOutcome;

/**
 * Attempts that defer themselves (sensors): the same attempt row moves RUNNING → DEFERRED (its
 * deferral stored in the same transaction, its executor slot, pool slot and running-task count freed)
 * → SCHEDULED at its due time (on the coordinator's deferral {@link DueTimer}: no polling) → RUNNING
 * again, each step a compare-and-set. A deferral is not a retry. With a timeout, the report that
 * comes at or after the first poke's start + timeout fails the attempt instead (FAILED, no retry, as
 * Airflow's sensor timeout), naming the pokes and the last reason; a deferral is never due later than that instant, so the last poke comes on time.
 * With a backoff, the wait asked for doubles with each poke.
 */
final class Deferrals {
    private static final System.Logger LOG = System.getLogger(Deferrals.class.getName());
    private final RunCoordinator runs;

    /** @param runs the coordinator, whose deferral timer this handles */
    Deferrals(RunCoordinator runs) {
        this.runs = runs;
        runs.onDeferralDue(this::due);
    }

    /**
     * Applies a deferral report: RUNNING → DEFERRED by compare-and-set, or a failure when its timeout passed.
     *
     * @param key the attempt
     * @param token its token
     * @param outcome the deferral
     * @return accepted, or why it was refused (nothing changed then)
     */
    ReportResult defer(AttemptKey key, String token, TaskOutcome.Deferred outcome) {
        RunState rs = runs.run(key.runId());
        if (rs == null) {
            return RepeatedReports.judge(runs.store(), key, token, outcome, null);
        }
        return runs.withRun(rs, (now, fx) -> {
            if (rs.finished()) {
                return RepeatedReports.judge(runs.store(), key, token, outcome, null);
            }
            runs.settleIfUnsettled(rs, now, fx);
            int i = rs.index(key.taskId());
            ReportResult refused = AttemptLifecycle.check(rs, i, key, token);
            if (refused != null) {
                return RepeatedReports.judge(runs.store(), key, token, outcome, refused);
            }
            Optional<AttemptDeferral> previous = runs.store().deferrals().find(key);
            int pokes = previous.map(AttemptDeferral::pokes).orElse(0) + 1;
            Instant firstPokeAt = previous.map(AttemptDeferral::firstPokeAt).orElse(rs.startedAt(i));
            Instant until = outcome.until().isBefore(now) ? now : outcome.until();
            if (outcome.backoff() && pokes > 1) {
                int doublings = Math.min(pokes - 1, TaskOutcome.Deferred.MAX_BACKOFF_DOUBLINGS);
                until = now.plus(Duration.between(now, until).multipliedBy(1L << doublings));
            }
            if (outcome.timeout().isPresent()) {
                Duration timeout = outcome.timeout().get();
                Instant giveUp = firstPokeAt.plus(timeout);
                if (!now.isBefore(giveUp)) {
                    String error = "sensor '" + key.taskId() + "' timed out after " + timeout + ", " + pokes
                            + (pokes == 1 ? " poke" : " pokes") + "; last: " + outcome.reason();
                    return failed(rs, i, key, error, now, fx);
                }
                until = until.isAfter(giveUp) ? giveUp : until;
            }
            AttemptDeferral d = new AttemptDeferral(key, until, pokes, firstPokeAt, outcome.reason(), outcome.timeout());
            boolean applied;
            try {
                applied = runs.store().deferrals().defer(d, now);
            } catch (RuntimeException e) {
                rs.unsettled(true);
                throw e;
            }
            if (!applied) {
                return RepeatedReports.judge(runs.store(), key, token, outcome,
                        ReportResult.refused(Status.NOT_RUNNING, key + " is no longer RUNNING in the store"));
            }
            runs.counters().attempts(TaskStatus.DEFERRED, 1);
            runs.endAttemptLease(rs, i, key, TaskStatus.DEFERRED, null, now); // a hand-out again is a new span
            rs.set(i, TaskStatus.DEFERRED);
            runs.deferrals().schedule(d);
            return ReportResult.accepted(key + " deferred until " + until + " (poke " + pokes + "): " + outcome.reason());
        });
    }

    private ReportResult failed(RunState rs, int i, AttemptKey key, String error, Instant now, RunCoordinator.Effects fx) {
        boolean applied;
        try {
            applied = runs.fail(rs, i, error, RunCoordinator.FailureCause.DEFERRAL_TIMED_OUT, now, fx);
        } catch (RuntimeException e) {
            rs.unsettled(true);
            throw e;
        }
        if (!applied) {
            return ReportResult.refused(Status.NOT_RUNNING, key + " is no longer RUNNING in the store");
        }
        return ReportResult.accepted(key + " recorded as failed: " + error);
    }

    /**
     * A deferral came due: DEFERRED → SCHEDULED by compare-and-set, and the attempt is queued. Nothing
     * happens when the attempt is no longer the task's deferred one (cleared, marked, its run ended).
     */
    void due(AttemptDeferral d) {
        AttemptKey key = d.key();
        RunState rs = runs.run(key.runId());
        if (rs == null) {
            return;
        }
        runs.withRun(rs, (now, fx) -> {
            int i = rs.index(key.taskId());
            if (rs.finished() || i < 0 || rs.attempt(i) != key.attempt() || rs.status(i) != TaskStatus.DEFERRED) {
                return null;
            }
            try {
                if (!runs.store().attempts().transition(AttemptTransition.of(key, TaskStatus.DEFERRED,
                        TaskStatus.SCHEDULED, now))) {
                    LOG.log(System.Logger.Level.WARNING, key + " was no longer DEFERRED in the store when due; left as stored");
                    return null;
                }
            } catch (RuntimeException e) {
                runs.deferrals().schedule(new AttemptDeferral(key, now.plus(AttemptBatcher.HAND_OUT_RETRY), d.pokes(),
                        d.firstPokeAt(), d.reason(), d.timeout()));
                LOG.log(System.Logger.Level.WARNING, "Cannot poke " + key + " again: " + e.getMessage() + "; trying again in "
                        + AttemptBatcher.HAND_OUT_RETRY);
                return null;
            }
            runs.counters().attempts(TaskStatus.SCHEDULED, 1);
            DagTask task = rs.task(i);
            rs.set(i, key.attempt(), TaskStatus.SCHEDULED);
            fx.toQueue.add(QueuedTask.ofPoke(rs.dag().id(), rs.runId(), task, key.attempt(), rs.logicalTime(), now, d.pokes(),
                    rs.dag().size(), rs.backfill()));
            return null;
        });
    }
}
