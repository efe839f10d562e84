package ppacer.server.http;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ppacer.api.Dag;
import ppacer.api.DagTask;
import ppacer.api.RetryDelay;
import ppacer.api.TaskMapping;
import ppacer.api.protocol.DagCodeLocation;
import ppacer.api.protocol.DagDetails;
import ppacer.api.protocol.DagRunGridRow;
import ppacer.api.protocol.DagSummary;
import ppacer.api.protocol.DagTaskView;
import ppacer.api.protocol.OperatorAck;
import ppacer.api.protocol.RecentRun;
import ppacer.api.protocol.ScheduleEventView;
import ppacer.api.protocol.SchedulePreview;
import ppacer.api.schedule.CronSchedule;
import ppacer.api.schedule.Schedule;
import ppacer.api.spi.DagRecord;
import ppacer.api.spi.DagRunRecord;
import ppacer.api.spi.DagRunSummary;
import ppacer.api.spi.ScheduleEvent;
import ppacer.api.spi.TaskAttemptRecord;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.model.UnknownIdException;

/**
 * DAGs under {@code /dags}: the list (schedule, next run, paused, recent run statuses), one DAG's
 * details with its tasks, its runs with each task's latest attempt (the UI's runs grid), a preview
 * of its next schedule points, its latest schedule decisions (the schedule-event audit log), pause
 * and unpause.
 */
final class DagRoutes implements HttpService {
    private static final int RECENT = 10;

    private final Scheduler scheduler;
    private final Times times;
    private final RunReads reads;
    private final BackfillRoutes backfills;
    private final BatchTriggerRoute batch;

    DagRoutes(Scheduler scheduler, Times times, RunReads reads, BackfillRoutes backfills, BatchTriggerRoute batch) {
        this.backfills = backfills;
        this.batch = batch;
        this.scheduler = scheduler;
        this.times = times;
        this.reads = reads;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", (req, res) -> list(res))
                .get("/{dagId}", this::details)
                .get("/{dagId}/runs", this::runs)
                .get("/{dagId}/schedule", this::schedule)
                .get("/{dagId}/why", this::why)
                .get("/{dagId}/schedule-events", this::scheduleEvents)
                .get("/{dagId}/backfills", backfills::list)
                .post("/{dagId}/backfills", backfills::create)
                .post("/{dagId}/runs/batch", batch::handle)
                .post("/{dagId}/pause", (req, res) -> pause(req, res, true))
                .post("/{dagId}/unpause", (req, res) -> pause(req, res, false));
    }

    private Dag dag(ServerRequest req) {
        String id = RequestParams.idParam(req, "dagId", "DAG");
        return scheduler.registry().find(id).orElseThrow(() -> new UnknownIdException("Unknown DAG '" + id
                + "'; known DAGs: " + scheduler.registry().dags().stream().map(Dag::id).toList()));
    }

    /** Why the DAG has (no) run going: paused, its active runs, its next schedule point (404 naming an unknown DAG). */
    private void why(ServerRequest req, ServerResponse res) {
        Dag d = dag(req);
        JsonAnswers.ok(res, new ppacer.api.protocol.DagWhyAnswer(d.id(), scheduler.whyDag(d.id()).stream()
                .map(DagRunRoutes::answer).toList()));
    }

    private void list(ServerResponse res) {
        List<DagSummary> out = new ArrayList<>();
        for (Dag d : scheduler.registry().dags()) {
            out.add(summary(d));
        }
        JsonAnswers.ok(res, out);
    }

    private DagSummary summary(Dag d) {
        List<RecentRun> recent = new ArrayList<>();
        for (DagRunSummary s : scheduler.store().dagRuns().recent(Optional.of(d.id()), Optional.empty(), RECENT)) {
            recent.add(new RecentRun(s.run().runId(), s.run().status().name(), times.format(s.run().logicalTime())));
        }
        return new DagSummary(d.id(), d.description(), d.tags(),
                d.schedule().map(s -> s instanceof CronSchedule c ? c.expression() : s.describe()).orElse(null),
                d.schedule().map(s -> s instanceof CronSchedule c ? c.inWords() : s.describe()).orElse("manual trigger only"),
                d.schedule().map(s -> s instanceof CronSchedule c ? c.zone().getId() : null).orElse(null),
                d.catchUp(), d.catchUpWindow().map(Duration::toString).orElse(null), d.overlap().name(),
                d.maxActiveRuns(), scheduler.isPaused(d.id()), d.size(),
                scheduler.store().dags().find(d.id()).map(DagRecord::version).orElse(0),
                scheduler.nextDue(d.id()).map(times::timestamp).orElse(null), recent);
    }

    private void details(ServerRequest req, ServerResponse res) {
        Dag d = dag(req);
        List<DagTaskView> tasks = new ArrayList<>();
        for (DagTask t : d.tasks()) {
            tasks.add(new DagTaskView(t.id(), t.task().getClass().getName(), List.copyOf(t.parents()),
                    List.copyOf(t.children()), new DagTaskView.Position(t.depth(), t.width()),
                    t.config().timeout().toNanos() / 1e9, t.config().retries(), t.config().priorityWeight(),
                    t.triggerRule().name(), t.teardown().map(ppacer.api.Teardown::setupId).orElse(null),
                    retryDelay(t.config().retryDelay()), t.config().alertOnRetry(), t.config().alertOnFailure(),
                    t.task().definition(), t.config().pool().orElse(null),
                    t.config().pool().isPresent() ? t.config().poolSlots() : 0, t.mapping().map(DagRoutes::mapping)
                    .orElse(null)));
        }
        ppacer.api.protocol.DagAssets assets = d.assetCondition().map(c -> new ppacer.api.protocol.DagAssets(c.describe(),
                List.copyOf(scheduler.missingAssets(d.id())), scheduler.pendingAssetEvents(d.id()).stream()
                        .map(ppacer.api.protocol.AssetEventView::of).toList())).orElse(null);
        JsonAnswers.ok(res, DagDetails.of(summary(d), tasks,
                scheduler.registry().source(d.id()).map(DagCodeLocation::of).orElse(null), assets));
    }

    private static DagTaskView.Mapping mapping(TaskMapping m) {
        return switch (m) {
            case TaskMapping.OverOutput o -> new DagTaskView.Mapping(o.parentId(), 0, o.maxActiveInstances());
            case TaskMapping.OverItems i -> new DagTaskView.Mapping(null, i.items().size(), i.maxActiveInstances());
        };
    }

    /** Most points one preview lists. */
    static final int MAX_PREVIEW = 1_000;

    /**
     * The next {@code count} points (default 10, at most {@value #MAX_PREVIEW}) of the DAG's schedule
     * from {@code from} (an ISO-8601 instant, inclusive), else from the scheduler's next due point (or
     * now, on a standby), each with what a clock change does to it.
     */
    private void schedule(ServerRequest req, ServerResponse res) {
        Dag d = dag(req);
        Schedule s = d.schedule().orElseThrow(() -> HttpProblem.badRequest("dagId", "DAG '" + d.id()
                + "' has no schedule: it runs only when triggered"));
        int count = (int) RequestParams.queryLong(req, "count", 10, 1, MAX_PREVIEW);
        Optional<String> from = RequestParams.query(req, "from");
        Instant first = from.isPresent() ? s.next(Times.parse("from", from.get()).minusNanos(1))
                : scheduler.nextDue(d.id()).orElseGet(() -> s.next(scheduler.clock().instant()));
        ZoneId zone = s instanceof CronSchedule c ? c.zone() : times.zone();
        List<SchedulePreview.Point> points = new ArrayList<>(count);
        Instant p = first;
        for (int i = 0; i < count; i++) {
            String note = s instanceof CronSchedule c ? c.dstNote(p).orElse(null) : null;
            points.add(new SchedulePreview.Point(p.atZone(zone).toOffsetDateTime().toString(), note));
            p = s.next(p);
        }
        JsonAnswers.ok(res, new SchedulePreview(d.id(), s.describe(), zone.getId(), scheduler.isPaused(d.id()),
                d.catchUp(), d.catchUpWindow().map(Duration::toString).orElse(null), d.overlap().name(),
                points));
    }

    /** Most schedule events one answer lists. */
    static final int MAX_EVENTS = 1_000;

    /** The DAG's latest {@code limit} schedule decisions (default 50, at most {@value #MAX_EVENTS}), newest first. */
    private void scheduleEvents(ServerRequest req, ServerResponse res) {
        Dag d = dag(req);
        int limit = (int) RequestParams.queryLong(req, "limit", 50, 1, MAX_EVENTS);
        List<ScheduleEventView> out = new ArrayList<>();
        for (ScheduleEvent e : scheduler.store().scheduleEvents().recent(d.id(), limit)) {
            out.add(new ScheduleEventView(e.type().name(), e.scheduledAt().map(times::timestamp).orElse(null),
                    e.nextAt().map(times::timestamp).orElse(null), times.timestamp(e.createdAt())));
        }
        JsonAnswers.ok(res, out);
    }

    /** @return e.g. {@code 1s}, or {@code 2s x2.0 up to 1m, ±20% jitter} */
    static String retryDelay(RetryDelay delay) {
        return switch (delay) {
            case RetryDelay.Constant c -> Times.duration(c.delay());
            case RetryDelay.Exponential e -> Times.duration(e.initial()) + " x" + e.multiplier() + " up to "
                    + Times.duration(e.cap()) + (e.jitter() > 0 ? ", ±" + Math.round(e.jitter() * 100) + "% jitter" : "");
        };
    }

    /**
     * The runs grid: the latest runs of one DAG, newest first (at most {@value RunReads#MAX_RUNS} a page,
     * older pages with {@code before=} the last run id), with task counts and each task's latest attempt.
     */
    private void runs(ServerRequest req, ServerResponse res) {
        Dag d = dag(req);
        List<DagRunGridRow> out = new ArrayList<>();
        for (DagRunSummary s : reads.page(req, Optional.of(d.id()))) {
            DagRunRecord r = s.run();
            Map<String, DagRunGridRow.Cell> tasks = new LinkedHashMap<>();
            for (TaskAttemptRecord a : scheduler.store().attempts().latest(r.runId())) {
                tasks.put(a.key().taskId(), new DagRunGridRow.Cell(a.status().name(), a.key().attempt()));
            }
            out.add(new DagRunGridRow(r.runId(), r.dagId(), times.timestamp(r.logicalTime()), r.status().name(),
                    r.trigger().name(), reads.duration(r), r.taskCount(), s.tasksDone(), s.tasksFailed(), tasks,
                    r.finishedAt().map(end -> Duration.between(r.createdAt(), end).toNanos() / 1e9).orElse(null)));
        }
        JsonAnswers.ok(res, out);
    }

    private void pause(ServerRequest req, ServerResponse res, boolean paused) {
        Dag d = dag(req);
        if (paused) {
            scheduler.pause(d.id(), Actors.of(req));
        } else {
            scheduler.unpause(d.id(), Actors.of(req));
        }
        JsonAnswers.ok(res, new OperatorAck.DagPaused(d.id(), paused));
    }
}
