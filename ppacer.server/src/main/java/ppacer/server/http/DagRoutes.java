package ppacer.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;
import ppacer.api.Dag;
import ppacer.api.DagTask;
import ppacer.api.schedule.CronSchedule;
import ppacer.api.spi.DagRecord;
import ppacer.api.spi.DagRunRecord;
import ppacer.api.spi.DagRunSummary;
import ppacer.api.spi.TaskAttemptRecord;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.model.UnknownIdException;

/**
 * DAGs under {@code /dags}: the list (schedule, next run, paused, recent run statuses), one DAG's
 * details with its tasks, its runs with each task's latest attempt (the UI's runs grid), pause and
 * unpause.
 */
final class DagRoutes implements HttpService {
    private static final int RECENT = 10;

    private final Scheduler scheduler;
    private final Times times;
    private final RunReads reads;

    DagRoutes(Scheduler scheduler, Times times, RunReads reads) {
        this.scheduler = scheduler;
        this.times = times;
        this.reads = reads;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", (req, res) -> list(res))
                .get("/{dagId}", this::details)
                .get("/{dagId}/runs", this::runs)
                .post("/{dagId}/pause", (req, res) -> pause(req, res, true))
                .post("/{dagId}/unpause", (req, res) -> pause(req, res, false));
    }

    private Dag dag(ServerRequest req) {
        String id = RequestParams.idParam(req, "dagId", "DAG");
        return scheduler.registry().find(id).orElseThrow(() -> new UnknownIdException("Unknown DAG '" + id
                + "'; known DAGs: " + scheduler.registry().dags().stream().map(Dag::id).toList()));
    }

    private void list(ServerResponse res) {
        ArrayNode out = JsonBody.MAPPER.createArrayNode();
        for (Dag d : scheduler.registry().dags()) {
            out.add(summary(d));
        }
        JsonAnswers.ok(res, out);
    }

    private ObjectNode summary(Dag d) {
        ObjectNode n = JsonBody.MAPPER.createObjectNode();
        n.put("dagId", d.id());
        n.put("description", d.description());
        ArrayNode tags = n.putArray("tags");
        d.tags().forEach(tags::add);
        n.put("schedule", d.schedule().map(s -> s instanceof CronSchedule c ? c.expression() : s.describe()).orElse(null));
        n.put("scheduleInWords", d.schedule().map(s -> s instanceof CronSchedule c ? c.inWords() : s.describe())
                .orElse("manual trigger only"));
        n.put("timezone", d.schedule().map(s -> s instanceof CronSchedule c ? c.zone().getId() : null).orElse(null));
        n.put("catchUp", d.catchUp());
        n.put("maxActiveRuns", d.maxActiveRuns());
        n.put("paused", scheduler.isPaused(d.id()));
        n.put("tasks", d.size());
        Optional<DagRecord> rec = scheduler.store().dags().find(d.id());
        n.put("version", rec.map(DagRecord::version).orElse(0));
        n.set("nextRun", scheduler.nextDue(d.id()).map(times::timestamp).orElse(null));
        ArrayNode recent = n.putArray("recentRuns");
        for (DagRunSummary s : scheduler.store().dagRuns().recent(Optional.of(d.id()), Optional.empty(), RECENT)) {
            ObjectNode r = recent.addObject();
            r.put("runId", s.run().runId());
            r.put("status", s.run().status().name());
            r.put("execTs", times.format(s.run().logicalTime()));
        }
        return n;
    }

    private void details(ServerRequest req, ServerResponse res) {
        Dag d = dag(req);
        ObjectNode n = summary(d);
        ArrayNode tasks = n.putArray("taskList");
        for (DagTask t : d.tasks()) {
            ObjectNode o = tasks.addObject();
            o.put("taskId", t.id());
            o.put("taskClass", t.task().getClass().getName());
            ArrayNode parents = o.putArray("parents");
            t.parents().forEach(parents::add);
            ArrayNode children = o.putArray("children");
            t.children().forEach(children::add);
            ObjectNode pos = o.putObject("taskPosition");
            pos.put("depth", t.depth());
            pos.put("width", t.width());
            o.put("timeoutSeconds", t.config().timeout().toNanos() / 1e9);
            o.put("retries", t.config().retries());
            o.put("priorityWeight", t.config().priorityWeight());
        }
        JsonAnswers.ok(res, n);
    }

    /**
     * The runs grid: the latest runs of one DAG, newest first (at most {@value RunReads#MAX_RUNS} a page,
     * older pages with {@code before=} the last run id), with task counts and each task's latest attempt.
     */
    private void runs(ServerRequest req, ServerResponse res) {
        Dag d = dag(req);
        ArrayNode out = JsonBody.MAPPER.createArrayNode();
        for (DagRunSummary s : reads.page(req, Optional.of(d.id()))) {
            DagRunRecord r = s.run();
            ObjectNode o = out.addObject();
            o.put("runId", r.runId());
            o.put("dagId", r.dagId());
            o.set("execTs", times.timestamp(r.logicalTime()));
            o.put("status", r.status().name());
            o.put("trigger", r.trigger().name());
            o.put("duration", reads.duration(r));
            o.put("taskNum", r.taskCount());
            o.put("taskCompletedNum", s.tasksDone());
            o.put("taskFailedNum", s.tasksFailed());
            ObjectNode tasks = o.putObject("tasks");
            for (TaskAttemptRecord a : scheduler.store().attempts().latest(r.runId())) {
                ObjectNode t = tasks.putObject(a.key().taskId());
                t.put("status", a.status().name());
                t.put("retry", a.key().attempt());
            }
        }
        JsonAnswers.ok(res, out);
    }

    private void pause(ServerRequest req, ServerResponse res, boolean paused) {
        Dag d = dag(req);
        if (paused) {
            scheduler.pause(d.id());
        } else {
            scheduler.unpause(d.id());
        }
        ObjectNode n = JsonBody.MAPPER.createObjectNode();
        n.put("dagId", d.id());
        n.put("paused", paused);
        JsonAnswers.ok(res, n);
    }
}
