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
import ppacer.api.protocol.HeartbeatAck;
import ppacer.api.protocol.TaskToExec;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.TaskLogRecord;
import ppacer.scheduler.model.ReportAndNext;
import ppacer.scheduler.model.ReportResult;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.model.TaskLease;
import ppacer.scheduler.model.TaskOutcome;

/**
 * Executor endpoints under {@code /dag/task}: pop (long poll, several at once), update, the
 * combined update-and-pop, its batch form update-many-and-pop, heartbeat, and log batches. Every report carries the attempt token; a
 * stale one is answered 409 and changes nothing.
 */
final class TaskRoutes implements HttpService {
    private static final int MAX_TAKE = 256;
    private static final int MAX_LOG_RECORDS = 5_000;
    private static final int MAX_LOG_MESSAGE = 64 * 1024;

    private final Scheduler scheduler;
    private final Times times;
    private final ApiMetrics metrics;
    private final long maxBodyBytes;
    private final Duration maxWait;

    TaskRoutes(Scheduler scheduler, Times times, ApiMetrics metrics, long maxBodyBytes, Duration maxWait) {
        this.scheduler = scheduler;
        this.times = times;
        this.metrics = metrics;
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
                .post("/logs", this::logs);
    }

    private String executorId(ServerRequest req) {
        String id = Exchange.query(req, "executorId").orElse("anonymous@" + req.remotePeer().host());
        if (id.isEmpty() || id.length() > JsonBody.MAX_ID_LENGTH) {
            throw HttpProblem.badRequest("executorId", "Query parameter 'executorId' must be 1-128 characters, was '"
                    + HttpProblem.shown(id) + "'");
        }
        return id;
    }

    /**
     * Who sends a report or heartbeat: the body's {@code executorId}, else the {@code executorId}
     * query parameter; empty when neither says (then the token alone identifies the lease).
     */
    private static Optional<String> reporter(JsonBody body, ServerRequest req) {
        Optional<String> id = body.optionalString("executorId").or(() -> Exchange.query(req, "executorId"));
        id.ifPresent(v -> {
            if (v.isEmpty() || v.length() > JsonBody.MAX_ID_LENGTH) {
                throw HttpProblem.badRequest("executorId", "Field 'executorId' must be 1-" + JsonBody.MAX_ID_LENGTH
                        + " characters, was '" + HttpProblem.shown(v) + "'");
            }
        });
        return id;
    }

    private Duration waitParam(ServerRequest req) {
        return Duration.ofMillis(Exchange.queryLong(req, "waitMs", 0, 0, maxWait.toMillis()));
    }

    private void pop(ServerRequest req, ServerResponse res) {
        boolean many = Exchange.query(req, "max").isPresent();
        int max = (int) Exchange.queryLong(req, "max", 1, 1, MAX_TAKE);
        Duration wait = waitParam(req);
        List<TaskLease> leases = scheduler.nextTasks(executorId(req), max, wait);
        sendTasks(res, leases, many);
    }

    private void sendTasks(ServerResponse res, List<TaskLease> leases, boolean asArray) {
        if (leases.isEmpty()) {
            Exchange.noContent(res);
            return;
        }
        List<TaskToExec> out = new ArrayList<>(leases.size());
        for (TaskLease l : leases) {
            metrics.handedOut(l);
            out.add(LeaseMessages.toExec(l, times.zone()));
        }
        Exchange.ok(res, asArray ? out : out.getFirst());
    }

    /** The attempt a report is about: by runId, or by ppacer's (dagId, execTs). */
    private AttemptKey key(JsonBody body) {
        String taskId = body.id("taskId");
        int retry = body.nonNegativeInt("retry");
        long runId;
        if (body.optionalLong("runId").isPresent()) {
            runId = body.longValue("runId");
        } else {
            String dagId = body.id("dagId");
            Instant execTs = Times.parse("execTs", body.string("execTs"));
            runId = scheduler.store().dagRuns().find(dagId, execTs).orElseThrow(() -> HttpProblem.notFound(
                    "No run of DAG '" + HttpProblem.shown(dagId) + "' at " + execTs)).runId();
        }
        return new AttemptKey(runId, taskId, retry);
    }

    private static TaskOutcome outcome(JsonBody body) {
        String status = body.string("status");
        return switch (status) {
            case "SUCCESS" -> TaskOutcome.success();
            case "FAILED" -> TaskOutcome.failed(body.optionalString("taskError").orElse("failed without an error text"));
            default -> throw HttpProblem.badRequest("status", "Field 'status' must be SUCCESS or FAILED (or RUNNING as"
                    + " an acknowledgement), was '" + HttpProblem.shown(status) + "'");
        };
    }

    private void update(ServerRequest req, ServerResponse res) {
        JsonBody body = JsonBody.read(req, maxBodyBytes);
        AttemptKey key = key(body);
        String token = body.string("token");
        Optional<String> reporter = reporter(body, req);
        if ("RUNNING".equals(body.string("status"))) {
            // ppacer executors announce RUNNING; it only confirms the lease
            check(scheduler.heartbeat(key, reporter, token));
            Exchange.ok(res, Map.of("accepted", true));
            return;
        }
        TaskOutcome outcome = outcome(body);
        check(scheduler.report(key, reporter, token, outcome));
        metrics.reported(key);
        Exchange.ok(res, Map.of("accepted", true));
    }

    private void updateAndPop(ServerRequest req, ServerResponse res) {
        JsonBody body = JsonBody.read(req, maxBodyBytes);
        AttemptKey key = key(body);
        String token = body.string("token");
        TaskOutcome outcome = outcome(body);
        int max = (int) Exchange.queryLong(req, "max", 1, 0, 1);
        String executor = executorId(req);
        Optional<String> reporter = reporter(body, req);
        if (max == 0) {
            check(scheduler.report(key, reporter, token, outcome));
            metrics.reported(key);
            Exchange.noContent(res);
            return;
        }
        ReportAndNext r = scheduler.reportAndNext(key, reporter, token, outcome, executor, waitParam(req));
        check(r.report());
        metrics.reported(key);
        sendTasks(res, r.next().map(List::of).orElse(List.of()), true);
    }

    /**
     * Several reports and a take in one round trip: {@code {"updates": [status, ...]}} (1 to
     * {@value #MAX_TAKE}), answered {@code {"results": [{"accepted": true} | {"accepted": false,
     * "status": 409, "field": "token", "error": "..."}, ...], "tasks": [...]}} with one result per
     * update, in order. The whole body is validated before anything is applied (400 changes nothing).
     * The reports are applied concurrently, so that they share the store's commits; each is the
     * same compare-and-set as {@code /update}. Then up to {@code max} attempts are taken without waiting.
     */
    private void updateManyAndPop(ServerRequest req, ServerResponse res) {
        JsonBody body = JsonBody.read(req, maxBodyBytes);
        var updates = body.node().get("updates");
        if (updates == null || !updates.isArray() || updates.isEmpty() || updates.size() > MAX_TAKE) {
            throw HttpProblem.badRequest("updates", "Field 'updates' must be an array of 1-" + MAX_TAKE + " task statuses");
        }
        int max = (int) Exchange.queryLong(req, "max", 0, 0, MAX_TAKE);
        String executor = executorId(req);
        List<Reports.Report> reports = new ArrayList<>(updates.size());
        for (int i = 0; i < updates.size(); i++) {
            if (!(updates.get(i) instanceof com.fasterxml.jackson.databind.node.ObjectNode o)) {
                throw HttpProblem.badRequest("updates[" + i + "]", "Field 'updates[" + i + "]' must be an object");
            }
            JsonBody u = JsonBody.of(o);
            reports.add(new Reports.Report(key(u), reporter(u, req), u.string("token"), outcome(u)));
        }
        List<Map<String, Object>> results = Reports.apply(scheduler, reports);
        for (int i = 0; i < reports.size(); i++) {
            if (Boolean.TRUE.equals(results.get(i).get("accepted"))) {
                metrics.reported(reports.get(i).key());
            }
        }
        List<TaskLease> leases = max == 0 ? List.of() : scheduler.nextTasks(executor, max, Duration.ZERO);
        List<TaskToExec> tasks = new ArrayList<>(leases.size());
        for (TaskLease l : leases) {
            metrics.handedOut(l);
            tasks.add(LeaseMessages.toExec(l, times.zone()));
        }
        Exchange.ok(res, Map.of("results", results, "tasks", tasks));
    }

    private void heartbeat(ServerRequest req, ServerResponse res) {
        JsonBody body = JsonBody.read(req, maxBodyBytes);
        AttemptKey key = new AttemptKey(body.longValue("runId"), body.id("taskId"), body.nonNegativeInt("retry"));
        ReportResult r = scheduler.heartbeat(key, reporter(body, req), body.string("token"));
        check(r);
        Exchange.ok(res, new HeartbeatAck(r.leaseDeadline().map(Instant::toString).orElse(null)));
    }

    private void logs(ServerRequest req, ServerResponse res) {
        JsonBody body = JsonBody.read(req, maxBodyBytes);
        AttemptKey key = new AttemptKey(body.longValue("runId"), body.id("taskId"), body.nonNegativeInt("retry"));
        String token = body.string("token");
        Optional<String> reporter = reporter(body, req);
        var records = body.node().get("records");
        if (records == null || !records.isArray()) {
            throw HttpProblem.badRequest("records", "Field 'records' must be an array of log records");
        }
        if (records.size() > MAX_LOG_RECORDS) {
            throw HttpProblem.badRequest("records", "At most " + MAX_LOG_RECORDS + " records per batch, got "
                    + records.size());
        }
        List<TaskLogRecord> out = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            var r = records.get(i);
            String field = "records[" + i + "]";
            if (!r.isObject()) {
                throw HttpProblem.badRequest(field, "Field '" + field + "' must be an object");
            }
            String level = text(r, field + ".level", "INFO");
            String message = text(r, field + ".message", "");
            if (message.length() > MAX_LOG_MESSAGE) {
                message = message.substring(0, MAX_LOG_MESSAGE) + "... [truncated]";
            }
            Instant at = r.hasNonNull("ts") ? Times.parse(field + ".ts", text(r, field + ".ts", "")) : scheduler.clock().instant();
            var attrs = r.get("attributes");
            String attributes = attrs == null || attrs.isNull() ? "{}" : attrs.isObject() ? attrs.toString() : null;
            if (attributes == null) {
                throw HttpProblem.badRequest(field + ".attributes", "Field '" + field + ".attributes' must be an object");
            }
            out.add(new TaskLogRecord(key, at, level, message, attributes));
        }
        check(scheduler.appendLogs(key, reporter, token, out));
        Exchange.ok(res, Map.of("accepted", out.size()));
    }

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

    /** @return the field a refused report is about: its executor id, its token (409), or none */
    static String field(ReportResult r) {
        if (r.status() == ReportResult.Status.WRONG_EXECUTOR) {
            return "executorId";
        }
        return r.code() == 409 ? "token" : null;
    }

    /** Maps a refused report to its status: 409 stale or another executor's, 404 unknown, 503 stopped. */
    static void check(ReportResult r) {
        if (r.accepted()) {
            return;
        }
        throw new HttpProblem(r.code(), field(r), r.message());
    }
}
