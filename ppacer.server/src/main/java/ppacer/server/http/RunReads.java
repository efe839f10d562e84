package ppacer.server.http;

import io.helidon.webserver.http.ServerRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import ppacer.api.TaskMapping;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.DagRunRecord;
import ppacer.api.spi.DagRunSummary;
import ppacer.api.spi.DagTaskRecord;
import ppacer.api.spi.TaskAttemptRecord;
import ppacer.scheduler.Scheduler;

/**
 * The reads of runs and attempts that the public endpoints ({@code /dagruns}, {@code /dags/{dagId}/runs})
 * and the UI's ({@code /ui/dagrun}) share: pages of runs, a run with its tasks and attempts, and the
 * lookups of a run, a task and an attempt, whose misses are 404s naming the value.
 */
final class RunReads {
    /** Runs in a page when {@code limit} is not given. */
    static final int DEFAULT_RUNS = 10;
    /** The most runs in one page. */
    static final int MAX_RUNS = 200;

    private final Scheduler scheduler;

    RunReads(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * A task of a run and its attempts, oldest first (none when it has not been scheduled).
     *
     * @param task the task (of the DAG's current version)
     * @param attempts its attempts in the run
     */
    record TaskAttempts(DagTaskRecord task, List<TaskAttemptRecord> attempts) {
        TaskAttempts {
            attempts = List.copyOf(attempts);
        }
    }

    /**
     * A page of runs, newest first, from the query's {@code limit} (1 to {@value #MAX_RUNS}, default
     * {@value #DEFAULT_RUNS}) and {@code before} (a run id: only older runs); a malformed one is a 400
     * naming it.
     *
     * @param req the request
     * @param dagId only this DAG's runs, or every DAG's
     * @return the page
     */
    List<DagRunSummary> page(ServerRequest req, Optional<String> dagId) {
        int limit = (int) RequestParams.queryLong(req, "limit", DEFAULT_RUNS, 1, MAX_RUNS);
        Optional<Long> before = RequestParams.query(req, "before").isPresent()
                ? Optional.of(RequestParams.queryLong(req, "before", 0, 1, Long.MAX_VALUE)) : Optional.empty();
        return scheduler.store().dagRuns().recent(dagId, before, limit);
    }

    /**
     * @param req a request with the path parameter {@code runId}
     * @return the run; 400 when the id is not an integer, 404 naming it when there is no such run
     */
    DagRunRecord run(ServerRequest req) {
        long runId = RequestParams.longParam(req, "runId");
        return scheduler.store().dagRuns().find(runId)
                .orElseThrow(() -> HttpProblem.notFound("Unknown DAG run " + runId));
    }

    /**
     * @param run a run
     * @return the tasks of the run's DAG (current version, in its order), each with its attempts
     */
    List<TaskAttempts> tasks(DagRunRecord run) {
        List<TaskAttempts> out = new ArrayList<>();
        java.util.Map<String, java.util.TreeMap<Integer, String>> instances = instances(run);
        for (DagTaskRecord t : scheduler.store().dags().currentTasks(run.dagId())) {
            out.add(new TaskAttempts(t, scheduler.store().attempts().attempts(run.runId(), t.taskId())));
            for (String id : instances.getOrDefault(t.taskId(), new java.util.TreeMap<>()).values()) {
                out.add(new TaskAttempts(instance(t, id), scheduler.store().attempts().attempts(run.runId(), id)));
            }
        }
        return out;
    }

    /** Per mapped task, the ids of its instances that have attempts in the run, by index (usually none). */
    private java.util.Map<String, java.util.TreeMap<Integer, String>> instances(DagRunRecord run) {
        java.util.Map<String, java.util.TreeMap<Integer, String>> out = new java.util.HashMap<>();
        if (scheduler.registry().find(run.dagId()).stream().flatMap(d -> d.tasks().stream())
                .noneMatch(t -> t.mapping().isPresent())) {
            return out;
        }
        for (TaskAttemptRecord a : scheduler.store().attempts().latest(run.runId())) {
            String id = a.key().taskId();
            TaskMapping.mappedTaskOf(id).ifPresent(m -> out.computeIfAbsent(m, x -> new java.util.TreeMap<>())
                    .put(TaskMapping.indexOf(id).getAsInt(), id));
        }
        return out;
    }

    /** An instance of a mapped task, shown as a task of its own (with the mapped task's class and parents). */
    private static DagTaskRecord instance(DagTaskRecord mapped, String instanceId) {
        return new DagTaskRecord(mapped.dagId(), mapped.version(), instanceId, mapped.taskClass(), mapped.parents(),
                mapped.depth(), mapped.width(), mapped.configJson());
    }

    /**
     * @param run a run
     * @param taskId a task id (already checked to be a valid id)
     * @return the task; 404 naming it when the run's DAG has no such task
     */
    DagTaskRecord task(DagRunRecord run, String taskId) {
        String declared = TaskMapping.mappedTaskOf(taskId).orElse(taskId);
        return scheduler.store().dags().currentTasks(run.dagId()).stream()
                .filter(t -> t.taskId().equals(declared)).findFirst()
                .map(t -> declared.equals(taskId) ? t : instance(t, taskId))
                .orElseThrow(() -> HttpProblem.notFound("DAG '" + run.dagId() + "' has no task '" + taskId + "'"));
    }

    /**
     * @param run a run
     * @param taskId a task of the run's DAG
     * @param attempt an attempt number
     * @return the attempt, if it exists
     */
    Optional<TaskAttemptRecord> attempt(DagRunRecord run, String taskId, int attempt) {
        return scheduler.store().attempts().find(new AttemptKey(run.runId(), taskId, attempt));
    }

    /**
     * @param run a run
     * @param taskId a task of the run's DAG
     * @param attempt an attempt number
     * @return the attempt; 404 naming it when there is none (yet)
     */
    TaskAttemptRecord existingAttempt(DagRunRecord run, String taskId, int attempt) {
        return attempt(run, taskId, attempt).orElseThrow(() -> HttpProblem.notFound("Task '" + taskId + "' of run "
                + run.runId() + " has no attempt " + attempt));
    }

    /**
     * @param run a run
     * @return from its creation to its end, or to now while unfinished, as text
     */
    String duration(DagRunRecord run) {
        return until(run.createdAt(), run.finishedAt());
    }

    /**
     * @param a an attempt
     * @return from its start to its end, or to now while it runs, as text; empty when it never started
     *     (SCHEDULED and not handed out yet, or SKIPPED / UPSTREAM_FAILED / marked without running): a
     *     task that never ran has no duration, rather than the time since it was written. A finished
     *     attempt without an end time (ended by an operator or a lost lease) ends at its last change.
     */
    Optional<String> duration(TaskAttemptRecord a) {
        return a.startedAt().map(start -> until(start, a.finishedAt()
                .or(() -> a.status().isFinished() ? Optional.of(a.updatedAt()) : Optional.empty())));
    }

    private String until(Instant start, Optional<Instant> end) {
        return Times.duration(Duration.between(start, end.orElse(scheduler.clock().instant())));
    }
}
