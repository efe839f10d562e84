package ppacer.server.http;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ppacer.api.protocol.DagRunTaskStatus;
import ppacer.api.protocol.OutputAnswer;
import ppacer.api.protocol.OutputBody;
import ppacer.api.protocol.Heartbeat;
import ppacer.api.protocol.HeartbeatAck;
import ppacer.api.protocol.LogBatchAck;
import ppacer.api.protocol.LogLine;
import ppacer.api.protocol.ReportAck;
import ppacer.api.protocol.ReportVerdict;
import ppacer.api.protocol.TaskLogBatch;
import ppacer.api.protocol.TaskStatusBatch;
import ppacer.api.protocol.TaskStatusBatchAnswer;
import ppacer.api.protocol.ExecutorVersion;
import ppacer.api.protocol.TaskToExec;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.TaskLogRecord;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.model.ReportAndNext;
import ppacer.scheduler.model.ReportResult;
import ppacer.scheduler.model.TaskLease;
import ppacer.scheduler.model.TaskOutcome;

/**
 * Executor endpoints under {@code /dag/task}: pop (long poll, several at once), update, the
 * combined update-and-pop, its batch form update-many-and-pop, heartbeat, and log batches. Every report carries the attempt token; a
 * stale one is answered 409 and changes nothing.
 */
final class TaskRoutes implements HttpService {
    private static final int MAX_TAKE = 256;

    private final Scheduler scheduler;
    private final Times times;
    private final long maxBodyBytes;
    private final Duration maxWait;

    TaskRoutes(Scheduler scheduler, Times times, long maxBodyBytes, Duration maxWait) {
        this.scheduler = scheduler;
        this.times = times;
        this.maxBodyBytes = maxBodyBytes;
        this.maxWait = maxWait;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/pop", this::pop)
                .post("/update", this::update)
                .post("/update-and-pop", this::updateAndPop)
                .post("/update-many-and-pop", this::updateManyAndPop)
                .post("/heartbeat", this::heartbeat)
                .post("/logs", this::logs)
                .get("/previous-output", this::previousOutput)
                .get("/run-status", this::runStatus);
    }

    /**
     * The polling executor's id (query {@code executorId}), recorded with the poll's remote address and
     * the version it sent ({@link ExecutorVersion#HEADER}; 400 when malformed).
     */
    private String executorId(ServerRequest req) {
        String id = RequestParams.query(req, "executorId").orElse("anonymous@" + req.remotePeer().host());
        if (id.isEmpty() || id.length() > JsonBody.MAX_ID_LENGTH) {
            throw HttpProblem.badRequest("executorId", "Query parameter 'executorId' must be 1-128 characters, was '"
                    + HttpProblem.shown(id) + "'");
        }
        String version = req.headers().first(io.helidon.http.HeaderNames.create(ExecutorVersion.HEADER)).orElse(null);
        if (version != null && (version.isEmpty() || version.length() > ExecutorVersion.MAX_LENGTH
                || !version.chars().allMatch(c -> c > 32 && c < 127))) {
            throw HttpProblem.badRequest(ExecutorVersion.HEADER, "Header " + ExecutorVersion.HEADER + " must be 1-"
                    + ExecutorVersion.MAX_LENGTH + " printable characters without spaces, was '" + HttpProblem.shown(version)
                    + "'");
        }
        scheduler.executorIdentified(id, req.remotePeer().host(), version);
        return id;
    }

    /**
     * Who sends a report or heartbeat: the body's {@code executorId}, else the {@code executorId}
     * query parameter; empty when neither says (then the token alone identifies the lease).
     */
    private static Optional<String> reporter(JsonBody body, ServerRequest req) {
        Optional<String> id = body.optionalString("executorId").or(() -> RequestParams.query(req, "executorId"));
        id.ifPresent(v -> {
            if (v.isEmpty() || v.length() > JsonBody.MAX_ID_LENGTH) {
                throw HttpProblem.badRequest("executorId", "Field 'executorId' must be 1-" + JsonBody.MAX_ID_LENGTH
                        + " characters, was '" + HttpProblem.shown(v) + "'");
            }
        });
        return id;
    }

    private Duration waitParam(ServerRequest req) {
        return Duration.ofMillis(RequestParams.queryLong(req, "waitMs", 0, 0, maxWait.toMillis()));
    }

    private void pop(ServerRequest req, ServerResponse res) {
        boolean many = RequestParams.query(req, "max").isPresent();
        int max = (int) RequestParams.queryLong(req, "max", 1, 1, MAX_TAKE);
        Duration wait = waitParam(req);
        List<TaskLease> leases = scheduler.nextTasks(executorId(req), max, wait);
        sendTasks(res, leases, many);
    }

    private void sendTasks(ServerResponse res, List<TaskLease> leases, boolean asArray) {
        if (leases.isEmpty()) {
            JsonAnswers.noContent(res);
            return;
        }
        List<TaskToExec> out = new ArrayList<>(leases.size());
        for (TaskLease l : leases) {
            out.add(ExecutorMessages.toExec(l, times.zone(), scheduler.config().maxOutputBytes()));
        }
        JsonAnswers.ok(res, asArray ? out : out.getFirst());
    }

    /** Longest skip reason kept from a report; longer ones are cut. */
    static final int MAX_REASON = 4096;

    /**
     * A report's body as the protocol's {@link DagRunTaskStatus}, every field checked (a 400 names
     * the field): the attempt by {@code runId}, or by ppacer's ({@code dagId}, {@code execTs}); a
     * branch decision ({@code branch}, ids) and a skip reason ({@code reason}) when present.
     */
    private DagRunTaskStatus status(JsonBody body, ServerRequest req) {
        String taskId = body.id("taskId");
        int retry = body.nonNegativeInt("retry");
        String status = body.string("status");
        String token = body.string("token");
        Optional<String> reporter = reporter(body, req);
        long runId;
        String dagId = body.optionalString("dagId").orElse(null);
        String execTs = body.optionalString("execTs").orElse(null);
        if (body.optionalLong("runId").isPresent()) {
            runId = body.longValue("runId");
        } else {
            dagId = body.id("dagId");
            Instant at = Times.parse("execTs", body.string("execTs"));
            String dag = dagId;
            runId = scheduler.store().dagRuns().find(dagId, at).orElseThrow(() -> HttpProblem.notFound(
                    "No run of DAG '" + HttpProblem.shown(dag) + "' at " + at)).runId();
        }
        String reason = body.optionalString("reason").map(r -> r.length() > MAX_REASON
                ? r.substring(0, MAX_REASON) + "... [truncated]" : r).orElse(null);
        return new DagRunTaskStatus(dagId, execTs, taskId, retry, status, body.optionalString("taskError").orElse(null),
                runId, token, reporter.orElse(null), body.optionalIds("branch").orElse(null), reason,
                body.optionalOutput("output").orElse(null), body.optionalString("deferUntil").orElse(null),
                body.optionalLong("deferTimeoutMs").orElse(null), body.optionalBoolean("deferBackoff").orElse(null));
    }

    /**
     * {@code GET /dag/task/previous-output?dagId=&taskId=&before=}: the output a task stored in the
     * latest run of its DAG before a logical time that stored one ({@code TaskContext.previousOutput}).
     */
    private void previousOutput(ServerRequest req, ServerResponse res) {
        String dagId = RequestParams.query(req, "dagId").orElseThrow(() -> HttpProblem.badRequest("dagId",
                "Missing query parameter 'dagId'"));
        String taskId = RequestParams.query(req, "taskId").orElseThrow(() -> HttpProblem.badRequest("taskId",
                "Missing query parameter 'taskId'"));
        Instant before = Times.parse("before", RequestParams.query(req, "before").orElseThrow(() ->
                HttpProblem.badRequest("before", "Missing query parameter 'before' (an ISO-8601 instant)")));
        var dag = scheduler.registry().find(dagId).orElseThrow(() -> HttpProblem.notFound("Unknown DAG '"
                + HttpProblem.shown(dagId) + "'"));
        if (dag.task(taskId).isEmpty()) {
            throw HttpProblem.notFound("DAG '" + dagId + "' has no task '" + HttpProblem.shown(taskId) + "'");
        }
        JsonAnswers.ok(res, new OutputAnswer(scheduler.store().attempts().previousOutput(dagId, taskId, before)
                .map(o -> OutputBody.of(o.output())).orElse(null)));
    }

    /**
     * {@code GET /dag/task/run-status?dagId=&logicalTime=}: the status of a DAG's run at a logical time
     * ({@code TaskContext.dagRunStatus}); {@code {"status":null}} when there is no such run.
     */
    private void runStatus(ServerRequest req, ServerResponse res) {
        String dagId = RequestParams.query(req, "dagId").orElseThrow(() -> HttpProblem.badRequest("dagId",
                "Missing query parameter 'dagId'"));
        Instant at = Times.parse("logicalTime", RequestParams.query(req, "logicalTime").orElseThrow(() ->
                HttpProblem.badRequest("logicalTime", "Missing query parameter 'logicalTime' (an ISO-8601 instant)")));
        if (scheduler.registry().find(dagId).isEmpty()) {
            throw HttpProblem.notFound("Unknown DAG '" + HttpProblem.shown(dagId) + "'");
        }
        JsonAnswers.ok(res, new ppacer.api.protocol.RunStatusAnswer(scheduler.store().dagRuns().find(dagId, at)
                .map(r -> r.status().name()).orElse(null)));
    }

    private static AttemptKey key(DagRunTaskStatus s) {
        return new AttemptKey(s.runId(), s.taskId(), s.retry());
    }

    private static TaskOutcome outcome(DagRunTaskStatus s) {
        return ExecutorMessages.outcome(s);
    }

    private void update(ServerRequest req, ServerResponse res) {
        DagRunTaskStatus s = status(JsonBody.read(req, maxBodyBytes), req);
        if ("RUNNING".equals(s.status())) {
            // ppacer executors announce RUNNING; it only confirms the lease
            check(scheduler.heartbeat(key(s), Optional.ofNullable(s.executorId()), s.token()));
            JsonAnswers.ok(res, ReportAck.yes());
            return;
        }
        check(scheduler.report(key(s), Optional.ofNullable(s.executorId()), s.token(), outcome(s)));
        JsonAnswers.ok(res, ReportAck.yes());
    }

    private void updateAndPop(ServerRequest req, ServerResponse res) {
        DagRunTaskStatus s = status(JsonBody.read(req, maxBodyBytes), req);
        TaskOutcome outcome = outcome(s);
        int max = (int) RequestParams.queryLong(req, "max", 1, 0, 1);
        String executor = executorId(req);
        if (max == 0) {
            check(scheduler.report(key(s), Optional.ofNullable(s.executorId()), s.token(), outcome));
            JsonAnswers.noContent(res);
            return;
        }
        ReportAndNext r = scheduler.reportAndNext(key(s), Optional.ofNullable(s.executorId()), s.token(), outcome,
                executor, waitParam(req));
        check(r.report());
        sendTasks(res, r.next().map(List::of).orElse(List.of()), true);
    }

    /**
     * Several reports and a take in one round trip: a {@link TaskStatusBatch} (1 to
     * {@value #MAX_TAKE} reports), answered by a {@link TaskStatusBatchAnswer} with one verdict per
     * report, in order. The whole body is validated before anything is applied (400 changes nothing).
     * The reports are applied concurrently, so that they share the store's commits; each is the
     * same compare-and-set as {@code /update}. Then up to {@code max} attempts are taken without waiting.
     */
    private void updateManyAndPop(ServerRequest req, ServerResponse res) {
        JsonBody body = JsonBody.read(req, maxBodyBytes);
        var updates = body.node().get("updates");
        if (updates == null || !updates.isArray() || updates.isEmpty() || updates.size() > MAX_TAKE) {
            throw HttpProblem.badRequest("updates", "Field 'updates' must be an array of 1-" + MAX_TAKE + " task statuses");
        }
        int max = (int) RequestParams.queryLong(req, "max", 0, 0, MAX_TAKE);
        String executor = executorId(req);
        List<DagRunTaskStatus> statuses = new ArrayList<>(updates.size());
        for (int i = 0; i < updates.size(); i++) {
            if (!(updates.get(i) instanceof com.fasterxml.jackson.databind.node.ObjectNode o)) {
                throw HttpProblem.badRequest("updates[" + i + "]", "Field 'updates[" + i + "]' must be an object");
            }
            DagRunTaskStatus s = status(JsonBody.of(o), req);
            outcome(s); // checked before anything is applied
            statuses.add(s);
        }
        List<ReportVerdict> results = Reports.apply(scheduler, statuses);
        List<TaskLease> leases = max == 0 ? List.of() : scheduler.nextTasks(executor, max, Duration.ZERO);
        List<TaskToExec> tasks = new ArrayList<>(leases.size());
        for (TaskLease l : leases) {
            tasks.add(ExecutorMessages.toExec(l, times.zone(), scheduler.config().maxOutputBytes()));
        }
        JsonAnswers.ok(res, new TaskStatusBatchAnswer(results, tasks));
    }

    private void heartbeat(ServerRequest req, ServerResponse res) {
        JsonBody body = JsonBody.read(req, maxBodyBytes);
        Heartbeat h = new Heartbeat(body.longValue("runId"), body.id("taskId"), body.nonNegativeInt("retry"),
                body.string("token"), reporter(body, req).orElse(null));
        ReportResult r = scheduler.heartbeat(new AttemptKey(h.runId(), h.taskId(), h.retry()),
                Optional.ofNullable(h.executorId()), h.token());
        check(r);
        JsonAnswers.ok(res, new HeartbeatAck(r.leaseDeadline().map(Instant::toString).orElse(null)));
    }

    private void logs(ServerRequest req, ServerResponse res) {
        JsonBody body = JsonBody.read(req, maxBodyBytes);
        long runId = body.longValue("runId");
        String taskId = body.id("taskId");
        int retry = body.nonNegativeInt("retry");
        String token = body.string("token");
        Optional<String> reporter = reporter(body, req);
        var records = body.node().get("records");
        if (records == null || !records.isArray()) {
            throw HttpProblem.badRequest("records", "Field 'records' must be an array of log records");
        }
        List<LogLine> lines = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            var r = records.get(i);
            String field = "records[" + i + "]";
            if (!r.isObject()) {
                throw HttpProblem.badRequest(field, "Field '" + field + "' must be an object");
            }
            var attrs = r.get("attributes");
            if (attrs != null && !attrs.isNull() && !attrs.isObject()) {
                throw HttpProblem.badRequest(field + ".attributes", "Field '" + field + ".attributes' must be an object");
            }
            Map<String, Object> attributes = attrs == null || attrs.isNull() ? Map.of()
                    : JsonBody.MAPPER.convertValue(attrs, ATTRIBUTES);
            lines.add(new LogLine(text(r, field + ".ts", null), text(r, field + ".level", "INFO"),
                    text(r, field + ".message", ""), attributes));
        }
        TaskLogBatch batch = new TaskLogBatch(runId, taskId, retry, token, lines, reporter.orElse(null));
        AttemptKey key = new AttemptKey(batch.runId(), batch.taskId(), batch.retry());
        List<TaskLogRecord> out = ExecutorMessages.logRecords(key, batch.records(), scheduler.clock().instant());
        check(scheduler.appendLogs(key, reporter, token, out));
        JsonAnswers.ok(res, new LogBatchAck(out.size()));
    }

    private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> ATTRIBUTES =
            new com.fasterxml.jackson.core.type.TypeReference<>() {
            };

    private static String text(com.fasterxml.jackson.databind.JsonNode n, String field, String fallback) {
        String name = field.substring(field.lastIndexOf('.') + 1);
        var v = n.get(name);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isTextual()) {
            throw HttpProblem.badRequest(field, "Field '" + field + "' must be a string, was " + HttpProblem.shown(v));
        }
        return v.textValue();
    }

    /** Maps a refused report to its status: 409 stale or another executor's, 404 unknown, 503 stopped. */
    static void check(ReportResult r) {
        if (r.accepted()) {
            return;
        }
        throw new HttpProblem(ExecutorMessages.httpStatus(r), ExecutorMessages.field(r), r.message());
    }
}
