package ppacer.server.http;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Instant;
import ppacer.api.TaskStatus;
import ppacer.api.protocol.DagRunTriggered;
import ppacer.api.protocol.OperatorAck;
import ppacer.api.spi.DagRunRecord;
import ppacer.scheduler.Scheduler;

/**
 * Run operations under {@code /dag/run}: trigger (with parameters), restart a FAILED run, clear a
 * task (and its downstream), mark a task SUCCESS, FAILED or SKIPPED.
 */
final class RunRoutes implements HttpService {
    private final Scheduler scheduler;
    private final Times times;
    private final long maxBodyBytes;

    RunRoutes(Scheduler scheduler, Times times, long maxBodyBytes) {
        this.scheduler = scheduler;
        this.times = times;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/trigger", this::trigger)
                .post("/restart", this::restart)
                .post("/{runId}/task/{taskId}/clear", this::clear)
                .post("/{runId}/task/{taskId}/mark", this::mark);
    }

    private void trigger(ServerRequest req, ServerResponse res) {
        JsonBody body = JsonBody.read(req, maxBodyBytes);
        String dagId = body.id("dagId");
        Principals.requireDag(req, dagId);
        String params = body.objectJson("params");
        long runId = scheduler.trigger(dagId, params, scheduler.clock().instant(), Actors.of(req));
        DagRunRecord run = scheduler.store().dagRuns().find(runId).orElseThrow();
        JsonAnswers.ok(res, new DagRunTriggered(runId, dagId, times.format(run.logicalTime())));
    }

    private void restart(ServerRequest req, ServerResponse res) {
        JsonBody body = JsonBody.read(req, maxBodyBytes);
        long runId;
        if (body.optionalLong("runId").isPresent()) {
            runId = body.longValue("runId");
        } else {
            String dagId = body.id("dagId");
            Instant execTs = Times.parse("execTs", body.string("execTs"));
            runId = scheduler.store().dagRuns().find(dagId, execTs).orElseThrow(() -> HttpProblem.notFound(
                    "No run of DAG '" + HttpProblem.shown(dagId) + "' at " + times.format(execTs))).runId();
        }
        scheduler.store().dagRuns().find(runId).ifPresent(run -> Principals.requireDag(req, run.dagId()));
        scheduler.restart(runId, Actors.of(req));
        JsonAnswers.ok(res, new OperatorAck.RunRestarted(runId, true));
    }

    private void clear(ServerRequest req, ServerResponse res) {
        long runId = RequestParams.longParam(req, "runId");
        String taskId = RequestParams.taskIdParam(req);
        String downstream = RequestParams.query(req, "downstream").orElse("true");
        if (!downstream.equals("true") && !downstream.equals("false")) {
            throw HttpProblem.badRequest("downstream", "Query parameter 'downstream' must be true or false, was '"
                    + HttpProblem.shown(downstream) + "'");
        }
        scheduler.clearTask(runId, taskId, Boolean.parseBoolean(downstream), Actors.of(req));
        JsonAnswers.ok(res, new OperatorAck.TaskCleared(runId, taskId, true));
    }

    private void mark(ServerRequest req, ServerResponse res) {
        long runId = RequestParams.longParam(req, "runId");
        String taskId = RequestParams.taskIdParam(req);
        JsonBody body = JsonBody.read(req, maxBodyBytes);
        String status = body.string("status");
        TaskStatus s = switch (status) {
            case "SUCCESS" -> TaskStatus.SUCCESS;
            case "FAILED" -> TaskStatus.FAILED;
            case "SKIPPED" -> TaskStatus.SKIPPED;
            default -> throw HttpProblem.badRequest("status", "Field 'status' must be SUCCESS, FAILED or SKIPPED, was '"
                    + HttpProblem.shown(status) + "'");
        };
        scheduler.markTask(runId, taskId, s, Actors.of(req));
        JsonAnswers.ok(res, new OperatorAck.TaskMarked(runId, taskId, s.name()));
    }
}
