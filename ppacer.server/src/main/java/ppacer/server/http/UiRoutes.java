package ppacer.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import ppacer.api.DagRunStatus;
import ppacer.api.TaskStatus;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.DagRunRecord;
import ppacer.api.spi.DagRunSummary;
import ppacer.api.spi.DagTaskRecord;
import ppacer.api.spi.LogPage;
import ppacer.api.spi.TaskAttemptRecord;
import ppacer.api.spi.TaskLogRecord;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerStats;

/**
 * ppacer's UI endpoints under {@code /ui/dagrun}, with the same JSON field names: stats, latest
 * runs, run details and attempt details (the attempt is honoured, and logs are paged).
 */
final class UiRoutes implements HttpService {
    private static final int DETAILS_LOG_PAGE = 100;
    private static final int MAX_LOG_PAGE = 5_000;
    private static final int EXECUTOR_RUNS = 20;

    private final Scheduler scheduler;
    private final Times times;
    private final RunReads reads;

    UiRoutes(Scheduler scheduler, Times times, RunReads reads) {
        this.scheduler = scheduler;
        this.times = times;
        this.reads = reads;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/stats", (req, res) -> stats(res))
                .get("/latest/{n}", this::latest)
                .get("/task/{runId}/{taskId}/{retry}", this::task)
                .get("/{runId}", this::run);
    }

    private static ObjectNode lowerCaseCounts(Map<? extends Enum<?>, Long> counts, Enum<?>[] all) {
        ObjectNode n = JsonBody.MAPPER.createObjectNode();
        for (Enum<?> e : all) {
            n.put(e.name().toLowerCase(Locale.ROOT), counts.getOrDefault(e, 0L));
        }
        return n;
    }

    private void stats(ServerResponse res) {
        SchedulerStats s = scheduler.stats();
        ObjectNode n = JsonBody.MAPPER.createObjectNode();
        n.set("dagruns", lowerCaseCounts(scheduler.store().dagRuns().countByStatus(), DagRunStatus.values()));
        n.set("dagrunTasks", lowerCaseCounts(scheduler.store().attempts().countByStatus(), TaskStatus.values()));
        n.put("dagrunQueueLen", s.queuedRuns());
        n.put("taskSchedulerQueueLen", s.queuedTasks());
        n.put("goroutinesNum", s.runningTasks());
        n.put("activeRuns", s.activeRuns());
        n.put("runningTasks", s.runningTasks());
        n.put("state", s.state().name());
        n.set("executors", executors());
        JsonAnswers.ok(res, n);
    }

    /**
     * The executors seen on the attempts of the latest runs and on every unfinished attempt: id,
     * attempts running now, and the last time one of its attempts changed.
     */
    private ArrayNode executors() {
        Map<String, Instant> lastSeen = new TreeMap<>();
        Map<String, Integer> running = new HashMap<>();
        Map<AttemptKey, TaskAttemptRecord> seen = new HashMap<>();
        for (DagRunSummary s : scheduler.store().dagRuns().recent(Optional.empty(), Optional.empty(), EXECUTOR_RUNS)) {
            scheduler.store().attempts().latest(s.run().runId()).forEach(a -> seen.put(a.key(), a));
        }
        scheduler.store().attempts().unfinished().forEach(a -> seen.put(a.key(), a));
        for (TaskAttemptRecord a : seen.values()) {
            if (a.executorId().isEmpty()) {
                continue;
            }
            String id = a.executorId().get();
            lastSeen.merge(id, a.updatedAt(), (x, y) -> x.isAfter(y) ? x : y);
            if (a.status() == TaskStatus.RUNNING) {
                running.merge(id, 1, Integer::sum);
            }
        }
        ArrayNode out = JsonBody.MAPPER.createArrayNode();
        lastSeen.forEach((id, at) -> {
            ObjectNode o = out.addObject();
            o.put("executorId", id);
            o.put("runningAttempts", running.getOrDefault(id, 0));
            o.set("lastSeen", times.timestamp(at));
        });
        return out;
    }

    private void latest(ServerRequest req, ServerResponse res) {
        int n = RequestParams.intParam(req, "n", 1, 1000);
        ArrayNode out = JsonBody.MAPPER.createArrayNode();
        for (DagRunSummary s : scheduler.store().dagRuns().recent(Optional.empty(), Optional.empty(), n)) {
            out.add(row(s));
        }
        JsonAnswers.ok(res, out);
    }

    private ObjectNode row(DagRunSummary s) {
        DagRunRecord r = s.run();
        ObjectNode n = JsonBody.MAPPER.createObjectNode();
        n.put("runId", r.runId());
        n.put("dagId", r.dagId());
        n.set("execTs", times.timestamp(r.logicalTime()));
        n.set("insertTs", times.timestamp(r.createdAt()));
        n.put("status", r.status().name());
        n.set("statusUpdateTs", times.timestamp(r.updatedAt()));
        n.put("duration", reads.duration(r));
        n.put("taskNum", r.taskCount());
        n.put("taskCompletedNum", s.tasksDone());
        n.put("taskFailedNum", s.tasksFailed());
        n.put("trigger", r.trigger().name());
        n.put("restarts", r.restarts());
        return n;
    }

    private void run(ServerRequest req, ServerResponse res) {
        DagRunRecord r = reads.run(req);
        ObjectNode n = JsonBody.MAPPER.createObjectNode();
        n.put("runId", r.runId());
        n.put("dagId", r.dagId());
        n.set("execTs", times.timestamp(r.logicalTime()));
        n.put("execTsRaw", times.format(r.logicalTime()));
        n.put("status", r.status().name());
        n.put("duration", reads.duration(r));
        n.set("params", parse(r.paramsJson()));
        n.put("trigger", r.trigger().name());
        n.put("restarts", r.restarts());
        ArrayNode tasks = n.putArray("tasks");
        for (RunReads.TaskAttempts t : reads.tasks(r)) {
            if (t.attempts().isEmpty()) {
                tasks.add(taskNode(t.task(), Optional.empty(), 0, DETAILS_LOG_PAGE));
            }
            for (TaskAttemptRecord a : t.attempts()) {
                tasks.add(taskNode(t.task(), Optional.of(a), 0, DETAILS_LOG_PAGE));
            }
        }
        JsonAnswers.ok(res, n);
    }

    private void task(ServerRequest req, ServerResponse res) {
        DagRunRecord r = reads.run(req);
        String taskId = RequestParams.idParam(req, "taskId", "task");
        int retry = RequestParams.intParam(req, "retry", 0, Integer.MAX_VALUE);
        long offset = RequestParams.queryLong(req, "offset", 0, 0, Long.MAX_VALUE);
        int limit = (int) RequestParams.queryLong(req, "limit", DETAILS_LOG_PAGE, 1, MAX_LOG_PAGE);
        DagTaskRecord t = reads.task(r, taskId);
        // attempt 0 of a task not scheduled yet is shown as not started; a later one that does not exist is a 404
        Optional<TaskAttemptRecord> a = retry == 0 ? reads.attempt(r, taskId, 0)
                : Optional.of(reads.existingAttempt(r, taskId, retry));
        JsonAnswers.ok(res, taskNode(t, a, offset, limit));
    }

    private ObjectNode taskNode(DagTaskRecord t, Optional<TaskAttemptRecord> attempt, long offset, int limit) {
        ObjectNode n = JsonBody.MAPPER.createObjectNode();
        n.put("taskId", t.taskId());
        n.put("retry", attempt.map(a -> a.key().attempt()).orElse(-1));
        n.put("taskNotStarted", attempt.isEmpty());
        n.put("status", attempt.map(a -> a.status().name()).orElse("NO_STATUS"));
        ObjectNode pos = n.putObject("taskPosition");
        pos.put("depth", t.depth());
        pos.put("width", t.width());
        n.put("configJson", t.configJson());
        if (attempt.isPresent()) {
            TaskAttemptRecord a = attempt.get();
            n.set("insertTs", times.timestamp(a.scheduledAt()));
            n.set("startTs", a.startedAt().map(times::timestamp).orElse(null));
            n.set("endTs", a.finishedAt().map(times::timestamp).orElse(null));
            n.put("duration", reads.duration(a));
            n.put("executorId", a.executorId().orElse(null));
            n.put("error", a.error().orElse(null));
            LogPage page = scheduler.store().taskLogs().read(a.key(), offset, limit);
            ObjectNode logs = n.putObject("taskLogs");
            logs.put("logRecordsCount", page.total());
            logs.put("loadedRecords", page.records().size());
            logs.put("offset", offset);
            ArrayNode records = logs.putArray("logRecords");
            for (TaskLogRecord l : page.records()) {
                ObjectNode o = records.addObject();
                o.set("insertTs", times.timestamp(l.at()));
                o.put("level", l.level());
                o.put("message", l.message());
                o.put("attributesJson", l.attributesJson());
            }
        } else {
            n.putNull("insertTs");
            n.put("duration", "0s");
            ObjectNode logs = n.putObject("taskLogs");
            logs.put("logRecordsCount", 0);
            logs.put("loadedRecords", 0);
            logs.putArray("logRecords");
        }
        return n;
    }

    private static com.fasterxml.jackson.databind.JsonNode parse(String json) {
        try {
            return JsonBody.MAPPER.readTree(json);
        } catch (IOException e) {
            return JsonBody.MAPPER.createObjectNode();
        }
    }
}
