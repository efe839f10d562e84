package ppacer.server.http;

import com.fasterxml.jackson.core.type.TypeReference;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ppacer.api.protocol.DagRunDetails;
import ppacer.api.protocol.DagRunRow;
import ppacer.api.protocol.DagRunTask;
import ppacer.api.protocol.LogLine;
import ppacer.api.protocol.OutputBody;
import ppacer.api.protocol.RunWaiting;
import ppacer.api.protocol.RunWhyAnswer;
import ppacer.api.protocol.TaskWhyAnswer;
import ppacer.api.protocol.WhyAnswer;
import ppacer.api.protocol.TaskAttemptDetails;
import ppacer.api.protocol.TaskLogPage;
import ppacer.api.protocol.TaskOutputView;
import ppacer.api.spi.DagRunRecord;
import ppacer.api.spi.DagRunSummary;
import ppacer.api.spi.LogPage;
import ppacer.api.spi.StoredOutput;
import ppacer.api.spi.TaskAttemptRecord;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.model.RunWhy;
import ppacer.scheduler.model.Why;

/**
 * The public reads of runs under {@code /dagruns} (the command line's; the UI has its own shapes
 * under {@code /ui/dagrun}): the latest runs of every DAG, one run with its tasks and attempts, one
 * attempt, a page of an attempt's log, and the output a task (or one of its attempts) stored. Answers are the records of {@code ppacer.api.protocol}.
 */
final class DagRunRoutes implements HttpService {
    private static final int DEFAULT_LOG_PAGE = 100;
    private static final int MAX_LOG_PAGE = 5_000;
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private final Scheduler scheduler;
    private final Times times;
    private final RunReads reads;

    DagRunRoutes(Scheduler scheduler, Times times, RunReads reads) {
        this.scheduler = scheduler;
        this.times = times;
        this.reads = reads;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::latest)
                .get("/{runId}", this::run)
                .get("/{runId}/restart-plan", this::restartPlan)
                .get("/{runId}/why", this::why)
                .get("/{runId}/tasks/{taskId}/why", this::taskWhy)
                .get("/{runId}/tasks/{taskId}/output", this::latestOutput)
                .get("/{runId}/tasks/{taskId}/attempts/{attempt}", this::attempt)
                .get("/{runId}/tasks/{taskId}/attempts/{attempt}/output", this::attemptOutput)
                .get("/{runId}/tasks/{taskId}/attempts/{attempt}/logs", this::logs);
    }

    private void latest(ServerRequest req, ServerResponse res) {
        List<DagRunRow> out = reads.page(req, Optional.empty()).stream().map(this::row).toList();
        JsonAnswers.ok(res, out);
    }

    private DagRunRow row(DagRunSummary s) {
        DagRunRecord r = s.run();
        return new DagRunRow(r.runId(), r.dagId(), times.format(r.logicalTime()), r.status(), r.trigger().name(),
                r.restarts(), times.format(r.createdAt()), format(r.finishedAt()), reads.duration(r), r.taskCount(),
                s.tasksDone(), s.tasksFailed(), r.bundleHash().orElse(null));
    }

    private void run(ServerRequest req, ServerResponse res) {
        DagRunRecord r = reads.run(req);
        List<RunReads.TaskAttempts> all = reads.tasks(r);
        List<DagRunTask> tasks = all.stream().map(t -> new DagRunTask(t.task().taskId(),
                t.attempts().isEmpty() ? null : t.attempts().getLast().status(),
                t.attempts().stream().map(a -> attempt(r, a)).toList())).toList();
        List<RunWaiting> waiting = scheduler.waitReasons(r, all.stream().filter(t -> !t.attempts().isEmpty())
                .map(t -> t.attempts().getLast()).toList()).stream()
                .map(w -> new RunWaiting(w.kind().name(), w.message())).toList();
        List<DagRunDetails.MissedDeadlineView> missed = scheduler.missedDeadlines(r.runId()).stream()
                .map(m -> new DagRunDetails.MissedDeadlineView(m.taskId().orElse(null), times.format(m.dueAt()),
                        times.format(m.missedAt()))).toList();
        JsonAnswers.ok(res, new DagRunDetails(r.runId(), r.dagId(), times.format(r.logicalTime()), r.status(),
                r.trigger().name(), r.restarts(), object(r.paramsJson()), times.format(r.createdAt()),
                format(r.startedAt()), format(r.finishedAt()), reads.duration(r), tasks, waiting, !missed.isEmpty(), missed,
                r.bundleHash().orElse(null)));
    }

    /** The attempt named by the path: 400 for a malformed run id or attempt, 404 naming an unknown one. */
    private TaskAttemptRecord attemptParam(ServerRequest req, DagRunRecord r) {
        String taskId = RequestParams.taskIdParam(req);
        int attempt = RequestParams.intParam(req, "attempt", 0, Integer.MAX_VALUE);
        reads.task(r, taskId);
        return reads.existingAttempt(r, taskId, attempt);
    }

    private void attempt(ServerRequest req, ServerResponse res) {
        DagRunRecord r = reads.run(req);
        JsonAnswers.ok(res, attempt(r, attemptParam(req, r)));
    }

    private TaskAttemptDetails attempt(DagRunRecord r, TaskAttemptRecord a) {
        long logRecords = scheduler.store().taskLogs().read(a.key(), 0, 0).total();
        return new TaskAttemptDetails(r.runId(), r.dagId(), a.key().taskId(), a.key().attempt(), a.status(),
                times.format(a.scheduledAt()), format(a.startedAt()), format(a.finishedAt()), reads.duration(a).orElse(null),
                a.executorId().orElse(null), a.error().orElse(null), logRecords, a.reason().orElse(null),
                a.branch().orElse(null));
    }

    /** Tasks a run's why answer holds unless {@code ?limit=} says otherwise. */
    static final int WHY_LIMIT = 100;

    /**
     * Why the run is where it is: run-level reasons, counts of its unfinished tasks by reason, and one
     * page of their answers ({@code ?limit=} default 100, {@code ?offset=}, {@code ?reason=}); 400 naming
     * a bad value, 404 naming an unknown run.
     */
    private void why(ServerRequest req, ServerResponse res) {
        int limit = (int) RequestParams.queryLong(req, "limit", WHY_LIMIT, 0, Integer.MAX_VALUE);
        int offset = (int) RequestParams.queryLong(req, "offset", 0, 0, Integer.MAX_VALUE);
        Optional<Why.Kind> reason = RequestParams.query(req, "reason").map(DagRunRoutes::reason);
        long runId = reads.run(req).runId();
        RunWhy w = scheduler.why(runId, reason, offset, limit);
        Map<String, Integer> counts = new java.util.LinkedHashMap<>();
        w.counts().forEach((k, n) -> counts.put(k.name(), n));
        JsonAnswers.ok(res, new RunWhyAnswer(w.runId(), w.dagId(), w.status(), w.run().stream().map(DagRunRoutes::answer)
                .toList(), counts, w.total(), offset, limit, w.tasks().entrySet().stream().map(e -> new TaskWhyAnswer(
                e.getKey(), e.getValue().kind().name(), e.getValue().message(), e.getValue().details())).toList()));
    }

    private static Why.Kind reason(String v) {
        try {
            return Why.Kind.valueOf(v);
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest("reason", "Query parameter 'reason' must be one of "
                    + java.util.Arrays.toString(Why.Kind.values()) + ", was '" + HttpProblem.shown(v) + "'");
        }
    }

    /** Why one task of the run is where it is (404 naming an unknown run or task). */
    private void taskWhy(ServerRequest req, ServerResponse res) {
        DagRunRecord r = reads.run(req);
        String taskId = RequestParams.idParam(req, "taskId", "task");
        // an unknown task is a 404 from the scheduler (UnknownIdException), which checks it against the run's
        // DAG in memory: reading the DAG's task records here would cost more than the answer on a big DAG
        JsonAnswers.ok(res, answer(scheduler.why(r.runId(), taskId)));
    }

    /**
     * @param w a reason
     * @return its answer shape
     */
    static WhyAnswer answer(Why w) {
        return new WhyAnswer(w.kind().name(), w.message(), w.details());
    }

    /** What restarting the run would do now (409 unless it is FAILED), changing nothing. */
    private void restartPlan(ServerRequest req, ServerResponse res) {
        JsonAnswers.ok(res, scheduler.planRestart(RequestParams.longParam(req, "runId")));
    }

    /** The output of the task's latest attempt that stored one: 404 naming the task when none did. */
    private void latestOutput(ServerRequest req, ServerResponse res) {
        DagRunRecord r = reads.run(req);
        String taskId = RequestParams.taskIdParam(req);
        reads.task(r, taskId);
        StoredOutput o = scheduler.store().attempts().outputs(r.runId(), List.of(taskId)).get(taskId);
        if (o == null) {
            throw HttpProblem.notFound("Task '" + taskId + "' of run " + r.runId() + " stored no output");
        }
        JsonAnswers.ok(res, view(o));
    }

    private void attemptOutput(ServerRequest req, ServerResponse res) {
        DagRunRecord r = reads.run(req);
        TaskAttemptRecord a = attemptParam(req, r);
        StoredOutput o = scheduler.store().attempts().output(a.key()).orElseThrow(() -> HttpProblem.notFound(
                "Attempt " + a.key().attempt() + " of task '" + a.key().taskId() + "' of run " + r.runId()
                        + " stored no output"));
        JsonAnswers.ok(res, view(o));
    }

    private TaskOutputView view(StoredOutput o) {
        return new TaskOutputView(o.key().runId(), o.key().taskId(), o.key().attempt(), times.format(o.storedAt()),
                o.output().size(), OutputBody.of(o.output()));
    }

    private void logs(ServerRequest req, ServerResponse res) {
        DagRunRecord r = reads.run(req);
        TaskAttemptRecord a = attemptParam(req, r);
        long offset = RequestParams.queryLong(req, "offset", 0, 0, Long.MAX_VALUE);
        int limit = (int) RequestParams.queryLong(req, "limit", DEFAULT_LOG_PAGE, 1, MAX_LOG_PAGE);
        // the status was read before the records: a finished attempt's short page is the end of its log
        LogPage page = scheduler.store().taskLogs().read(a.key(), offset, limit);
        List<LogLine> records = page.records().stream()
                .map(l -> new LogLine(times.format(l.at()), l.level(), l.message(), object(l.attributesJson()))).toList();
        JsonAnswers.ok(res, new TaskLogPage(r.runId(), a.key().taskId(), a.key().attempt(), a.status(), page.total(),
                offset, records));
    }

    private String format(Optional<Instant> t) {
        return t.map(times::format).orElse(null);
    }

    /** A stored JSON object text as a map; empty when it is not one (never expected). */
    private static Map<String, Object> object(String json) {
        try {
            Map<String, Object> m = JsonBody.MAPPER.readValue(json, OBJECT);
            return m == null ? Map.of() : m;
        } catch (IOException e) {
            return Map.of();
        }
    }
}
