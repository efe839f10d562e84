package ppacer.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import ppacer.api.protocol.DagRunsTriggered;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.model.TriggerRequest;

/**
 * {@code POST /dags/{dagId}/runs/batch} {@code {"runs": [{"params": {...}, "logicalTime": "..."}, ...]}}:
 * many runs of a DAG in one request ({@link Scheduler#triggerBatch}); the answer is the run ids in
 * order. Every item is checked before anything is created; a 400 names the item (e.g.
 * {@code runs[3].params}) and its value. The body may be up to {@value #BODY_FACTOR} times the
 * server's body limit (20,000 runs with small parameters take about 0.5 MiB).
 */
final class BatchTriggerRoute {
    /** How many times the server's body limit a batch's body may take. */
    static final int BODY_FACTOR = 8;

    private final Scheduler scheduler;
    private final long maxBodyBytes;

    BatchTriggerRoute(Scheduler scheduler, long maxBodyBytes) {
        this.scheduler = scheduler;
        this.maxBodyBytes = maxBodyBytes;
    }

    void handle(ServerRequest req, ServerResponse res) {
        String dagId = RequestParams.idParam(req, "dagId", "DAG");
        JsonBody body = JsonBody.read(req, Math.multiplyExact(maxBodyBytes, BODY_FACTOR));
        JsonNode runs = body.node().get("runs");
        if (runs == null || !runs.isArray()) {
            throw HttpProblem.badRequest("runs", "Field 'runs' must be an array of {params, logicalTime} objects, was "
                    + HttpProblem.shown(runs == null ? "absent" : runs));
        }
        if (runs.size() > TriggerRequest.MAX_RUNS) {
            throw HttpProblem.badRequest("runs", "A batch trigger takes at most " + TriggerRequest.MAX_RUNS + " runs; "
                    + runs.size() + " were asked for DAG '" + HttpProblem.shown(dagId) + "'");
        }
        List<TriggerRequest> requests = new ArrayList<>(runs.size());
        for (int i = 0; i < runs.size(); i++) {
            requests.add(item(runs.get(i), "runs[" + i + "]"));
        }
        List<Long> ids = scheduler.triggerBatch(dagId, requests, Actors.of(req));
        JsonAnswers.ok(res, new DagRunsTriggered(dagId, ids));
    }

    private static TriggerRequest item(JsonNode item, String field) {
        if (item == null || !item.isObject()) {
            throw HttpProblem.badRequest(field, "Item " + field + " must be a {params, logicalTime} object, was "
                    + HttpProblem.shown(item));
        }
        var names = item.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!name.equals("params") && !name.equals("logicalTime")) {
                throw HttpProblem.badRequest(field + "." + name, "Item " + field + " has an unknown field '"
                        + HttpProblem.shown(name) + "'; expected params and logicalTime");
            }
        }
        JsonNode params = item.get("params");
        String json;
        if (params == null || params.isNull()) {
            json = "{}";
        } else if (params.isObject()) {
            json = params.toString();
        } else {
            throw HttpProblem.badRequest(field + ".params", "Field '" + field + ".params' must be a JSON object, was "
                    + HttpProblem.shown(params));
        }
        JsonNode at = item.get("logicalTime");
        Optional<Instant> logicalTime = Optional.empty();
        if (at != null && !at.isNull()) {
            if (!at.isTextual()) {
                throw HttpProblem.badRequest(field + ".logicalTime", "Field '" + field + ".logicalTime' must be a "
                        + "timestamp like 2026-11-27T10:00:00.000000+01:00, was " + HttpProblem.shown(at));
            }
            logicalTime = Optional.of(Times.parse(field + ".logicalTime", at.asText()));
        }
        return new TriggerRequest(json, logicalTime);
    }
}
