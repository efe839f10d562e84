package ppacer.scheduler.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import ppacer.api.TaskStatus;
import ppacer.api.spi.TaskAttemptRecord;
import ppacer.scheduler.model.ReportResult;
import ppacer.scheduler.model.TaskLease;
import ppacer.scheduler.model.TaskOutcome;

/**
 * Plays runs on a {@link CoreFixture} as an executor would, with a script of outcomes per task (a
 * task without one succeeds): hands out everything queued, reports each attempt's scripted outcome,
 * until nothing is queued.
 */
final class RunPlayer {
    private final CoreFixture f;
    private final Map<String, TaskOutcome> script = new LinkedHashMap<>();
    private final Map<String, ReportResult> answers = new LinkedHashMap<>();

    RunPlayer(CoreFixture f) {
        this.f = f;
    }

    /** Scripts a task's outcome, for every attempt of it. */
    RunPlayer on(String taskId, TaskOutcome outcome) {
        script.put(taskId, outcome);
        return this;
    }

    /** Hands out and reports until the queue is empty. */
    RunPlayer play() {
        for (int round = 0; round < 10_000; round++) {
            Optional<QueuedTask> e = f.queue.poll();
            if (e.isEmpty()) {
                return this;
            }
            Optional<TaskLease> l = f.attempts.handOut(e.get(), "exec-1");
            if (l.isPresent()) {
                TaskOutcome o = script.getOrDefault(l.get().taskId(), TaskOutcome.success());
                ReportResult r = f.attempts.report(l.get().key(), l.get().token(), o);
                answers.put(l.get().taskId(), r);
                assertTrue(r.accepted(), l.get().key() + ": " + r.message());
            }
        }
        throw new AssertionError("the run did not settle in 10,000 hand-outs");
    }

    /** @return the answer to the last report of a task */
    ReportResult answer(String taskId) {
        return answers.get(taskId);
    }

    /** @return the latest status of every task of the run that has an attempt, by task id */
    static Map<String, TaskStatus> statuses(CoreFixture f, long runId) {
        Map<String, TaskStatus> out = new TreeMap<>();
        for (TaskAttemptRecord r : f.store.attempts().latest(runId)) {
            out.put(r.key().taskId(), r.status());
        }
        return out;
    }

    /** @return the run's status in the store */
    static ppacer.api.DagRunStatus runStatus(CoreFixture f, long runId) {
        return f.store.dagRuns().find(runId).orElseThrow().status();
    }

    /** @return the latest attempt of a task */
    static TaskAttemptRecord latest(CoreFixture f, long runId, String taskId) {
        List<TaskAttemptRecord> l = f.store.attempts().attempts(runId, taskId);
        return l.getLast();
    }
}
