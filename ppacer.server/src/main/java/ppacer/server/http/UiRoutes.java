package ppacer.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import ppacer.api.DagRunStatus;
import ppacer.api.TaskStatus;
import ppacer.api.protocol.DagTaskView;
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

    private static Map<String, Long> lowerCaseCounts(Map<? extends Enum<?>, Long> counts, Enum<?>[] all) {
        Map<String, Long> n = new LinkedHashMap<>();
        for (Enum<?> e : all) {
            n.put(e.name().toLowerCase(Locale.ROOT), counts.getOrDefault(e, 0L));
        }
        return n;
    }

    private void stats(ServerResponse res) {
        SchedulerStats s = scheduler.stats();
        JsonAnswers.ok(res, new UiBodies.Stats(
                lowerCaseCounts(scheduler.store().dagRuns().countByStatus(), DagRunStatus.values()),
                lowerCaseCounts(scheduler.store().attempts().countByStatus(), TaskStatus.values()),
                s.queuedRuns(), s.queuedTasks(), s.runningTasks(), s.activeRuns(), s.runningTasks(), s.state().name(),
                executors()));
    }

    /**
     * The executors seen on the attempts of the latest runs and on every unfinished attempt: id,
     * attempts running now, and the last time one of its attempts changed.
     */
    private List<UiBodies.ExecutorSeen> executors() {
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
        List<UiBodies.ExecutorSeen> out = new ArrayList<>();
        lastSeen.forEach((id, at) -> out.add(new UiBodies.ExecutorSeen(id, running.getOrDefault(id, 0), times.timestamp(at))));
        return out;
    }

    private void latest(ServerRequest req, ServerResponse res) {
        int n = RequestParams.intParam(req, "n", 1, 1000);
        List<UiBodies.RunRow> out = new ArrayList<>();
        for (DagRunSummary s : scheduler.store().dagRuns().recent(Optional.empty(), Optional.empty(), n)) {
            DagRunRecord r = s.run();
            out.add(new UiBodies.RunRow(r.runId(), r.dagId(), times.timestamp(r.logicalTime()), times.timestamp(r.createdAt()),
                    r.status().name(), times.timestamp(r.updatedAt()), reads.duration(r), r.taskCount(), s.tasksDone(),
                    s.tasksFailed(), r.trigger().name(), r.restarts()));
        }
        JsonAnswers.ok(res, out);
    }

    private void run(ServerRequest req, ServerResponse res) {
        DagRunRecord r = reads.run(req);
        List<UiBodies.TaskView> tasks = new ArrayList<>();
        for (RunReads.TaskAttempts t : reads.tasks(r)) {
            if (t.attempts().isEmpty()) {
                tasks.add(taskView(t.task(), Optional.empty(), 0, DETAILS_LOG_PAGE));
            }
            for (TaskAttemptRecord a : t.attempts()) {
                tasks.add(taskView(t.task(), Optional.of(a), 0, DETAILS_LOG_PAGE));
            }
        }
        JsonAnswers.ok(res, new UiBodies.RunView(r.runId(), r.dagId(), times.timestamp(r.logicalTime()),
                times.format(r.logicalTime()), r.status().name(), reads.duration(r), parse(r.paramsJson()),
                r.trigger().name(), r.restarts(), tasks));
    }

    private void task(ServerRequest req, ServerResponse res) {
        DagRunRecord r = reads.run(req);
        String taskId = RequestParams.taskIdParam(req);
        int retry = RequestParams.intParam(req, "retry", 0, Integer.MAX_VALUE);
        long offset = RequestParams.queryLong(req, "offset", 0, 0, Long.MAX_VALUE);
        int limit = (int) RequestParams.queryLong(req, "limit", DETAILS_LOG_PAGE, 1, MAX_LOG_PAGE);
        DagTaskRecord t = reads.task(r, taskId);
        // attempt 0 of a task not scheduled yet is shown as not started; a later one that does not exist is a 404
        Optional<TaskAttemptRecord> a = retry == 0 ? reads.attempt(r, taskId, 0)
                : Optional.of(reads.existingAttempt(r, taskId, retry));
        JsonAnswers.ok(res, taskView(t, a, offset, limit));
    }

    private UiBodies.TaskView taskView(DagTaskRecord t, Optional<TaskAttemptRecord> attempt, long offset, int limit) {
        DagTaskView.Position position = new DagTaskView.Position(t.depth(), t.width());
        if (attempt.isEmpty()) {
            return new UiBodies.TaskView(t.taskId(), -1, true, "NO_STATUS", position, t.configJson(), null, null, null,
                    null, null, null, null, null, new UiBodies.TaskLogs(0, 0, 0, List.of()));
        }
        TaskAttemptRecord a = attempt.get();
        LogPage page = scheduler.store().taskLogs().read(a.key(), offset, limit);
        List<UiBodies.LogRecordView> records = new ArrayList<>(page.records().size());
        for (TaskLogRecord l : page.records()) {
            records.add(new UiBodies.LogRecordView(times.timestamp(l.at()), l.level(), l.message(), l.attributesJson()));
        }
        return new UiBodies.TaskView(t.taskId(), a.key().attempt(), false, a.status().name(), position, t.configJson(),
                times.timestamp(a.scheduledAt()), a.startedAt().map(times::timestamp).orElse(null),
                a.finishedAt().map(times::timestamp).orElse(null), reads.duration(a).orElse(null), a.executorId().orElse(null),
                a.error().orElse(null), a.reason().orElse(null), a.branch().orElse(null),
                new UiBodies.TaskLogs(page.total(), page.records().size(), offset, records));
    }

    private static JsonNode parse(String json) {
        try {
            return JsonBody.MAPPER.readTree(json);
        } catch (IOException e) {
            return JsonBody.MAPPER.createObjectNode();
        }
    }
}
