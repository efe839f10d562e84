package ppacer.scheduler.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import ppacer.api.DagRunStatus;
import ppacer.api.TaskStatus;
import ppacer.api.spi.DagRunRecord;
import ppacer.api.spi.TaskAttemptRecord;
import ppacer.scheduler.model.WaitReason;

/**
 * The one place that explains why an unfinished run does not progress, from what the scheduler knows
 * at this moment. Two reasons so far: its DAG is paused (a queued run waits for {@code unpause}), and
 * no executor has been in touch for {@link #NO_EXECUTOR_AFTER} while attempts wait to be handed out.
 * A run with no reason is either progressing or waiting for something not explained yet (a DAG's
 * limits of active runs or tasks, retry delays): add those here.
 */
public final class WaitReasons {
    /** How long without any executor contact before waiting attempts are blamed on it. */
    public static final Duration NO_EXECUTOR_AFTER = Duration.ofSeconds(30);

    private WaitReasons() {
    }

    /**
     * @param run the run
     * @param latest the latest attempt of each of its tasks (any order; tasks never scheduled have none)
     * @param paused whether its DAG is paused
     * @param leads whether this scheduler leads (only the leader knows its executors)
     * @param contact the executors' last contact with this scheduler
     * @param now the scheduler's clock now
     * @return the reasons, in a fixed order; empty when nothing known holds the run back
     */
    public static List<WaitReason> of(DagRunRecord run, List<TaskAttemptRecord> latest, boolean paused, boolean leads,
                                      ExecutorContact contact, Instant now) {
        List<WaitReason> out = new ArrayList<>();
        if (run.status().isTerminal()) {
            return out;
        }
        if (paused && run.status() == DagRunStatus.QUEUED) {
            out.add(new WaitReason(WaitReason.Kind.DAG_PAUSED, run.dagId() + " is paused: the run waits until `ppacer unpause "
                    + run.dagId() + "`"));
        }
        boolean waitingAttempts = latest.stream().anyMatch(a -> a.status() == TaskStatus.SCHEDULED);
        if (leads && waitingAttempts && !contact.polling()
                && Duration.between(contact.last(), now).compareTo(NO_EXECUTOR_AFTER) >= 0) {
            out.add(new WaitReason(WaitReason.Kind.NO_EXECUTOR, "no executor has polled for "
                    + NO_EXECUTOR_AFTER.toSeconds() + " s: the scheduled tasks wait until one does (start one with "
                    + "`ppacer executor --scheduler URL`, or use `ppacer run`, which has its own)"));
        }
        return out;
    }
}
