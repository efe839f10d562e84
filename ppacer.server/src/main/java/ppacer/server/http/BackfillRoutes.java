package ppacer.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import ppacer.api.Dag;
import ppacer.api.protocol.BackfillPlanView;
import ppacer.api.protocol.BackfillView;
import ppacer.api.schedule.CronSchedule;
import ppacer.api.spi.BackfillRecord;
import ppacer.api.spi.BackfillReprocess;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.model.BackfillPlan;
import ppacer.scheduler.model.BackfillProgress;
import ppacer.scheduler.model.BackfillRequest;
import ppacer.scheduler.model.UnknownIdException;

/**
 * Backfills: {@code POST /dags/{dagId}/backfills} (create, or a dry run), {@code GET
 * /dags/{dagId}/backfills} (list), and under {@code /backfills}: {@code GET /} (every DAG's),
 * {@code GET /{id}}, {@code POST /{id}/cancel[?cancelRuns=true]}, {@code /{id}/pause}, {@code /{id}/resume}.
 *
 * <p>{@code from} and {@code to} are ISO-8601 timestamps with an offset, or dates ({@code
 * 2024-01-01}): the start of that day in the DAG's cron zone, else in UTC.
 */
final class BackfillRoutes implements HttpService {
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> OBJECT = new com.fasterxml.jackson.core.type.TypeReference<>() {
    };
    private static final int MAX_CREATED_BY = 128;

    private final Scheduler scheduler;
    private final Times times;
    private final long maxBodyBytes;

    BackfillRoutes(Scheduler scheduler, Times times, long maxBodyBytes) {
        this.scheduler = scheduler;
        this.times = times;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** The routes under {@code /backfills}. */
    @Override
    public void routing(HttpRules rules) {
        rules.get("/", (req, res) -> JsonAnswers.ok(res, scheduler.backfills(Optional.empty()).stream().map(this::view)
                        .toList()))
                .get("/{backfillId}", (req, res) -> JsonAnswers.ok(res,
                        view(scheduler.backfillProgress(RequestParams.longParam(req, "backfillId")))))
                .post("/{backfillId}/cancel", (req, res) -> JsonAnswers.ok(res,
                        view(scheduler.cancelBackfill(RequestParams.longParam(req, "backfillId"), cancelRuns(req),
                                Actors.of(req)))))
                .post("/{backfillId}/pause", (req, res) -> JsonAnswers.ok(res,
                        view(scheduler.pauseBackfill(RequestParams.longParam(req, "backfillId"), Actors.of(req)))))
                .post("/{backfillId}/resume", (req, res) -> JsonAnswers.ok(res,
                        view(scheduler.resumeBackfill(RequestParams.longParam(req, "backfillId"), Actors.of(req)))));
    }

    /** {@code ?cancelRuns=true|false} (default false): whether a cancel cancels the unfinished runs too. */
    private static boolean cancelRuns(ServerRequest req) {
        String v = RequestParams.query(req, "cancelRuns").orElse("false");
        if (!v.equals("true") && !v.equals("false")) {
            throw HttpProblem.badRequest("cancelRuns", "Query parameter 'cancelRuns' must be true or false, was '"
                    + HttpProblem.shown(v) + "'");
        }
        return Boolean.parseBoolean(v);
    }

    /** {@code GET /dags/{dagId}/backfills}: the DAG's backfills, newest first. */
    void list(ServerRequest req, ServerResponse res) {
        String dagId = RequestParams.idParam(req, "dagId", "DAG");
        JsonAnswers.ok(res, scheduler.backfills(Optional.of(dagId)).stream().map(this::view).toList());
    }

    /** {@code POST /dags/{dagId}/backfills}: a new backfill (200 with it), or with {@code dryRun} its plan. */
    void create(ServerRequest req, ServerResponse res) {
        String dagId = RequestParams.idParam(req, "dagId", "DAG");
        Dag dag = scheduler.registry().find(dagId).orElseThrow(() -> new UnknownIdException("Unknown DAG '" + dagId
                + "'; known DAGs: " + scheduler.registry().dags().stream().map(Dag::id).toList()));
        JsonBody body = JsonBody.read(req, maxBodyBytes);
        ZoneId zone = zone(dag);
        Instant from = time(body, "from", zone);
        Instant to = time(body, "to", zone);
        long maxActive = body.optionalLong("maxActive").orElse((long) dag.maxActiveRuns());
        if (maxActive < 1 || maxActive > 100_000) {
            throw HttpProblem.badRequest("maxActive", "Field 'maxActive' must be between 1 and 100000, was " + maxActive);
        }
        BackfillReprocess reprocess = reprocess(body);
        String createdBy = body.optionalString("createdBy").orElse("api");
        if (createdBy.isEmpty() || createdBy.length() > MAX_CREATED_BY) {
            throw HttpProblem.badRequest("createdBy", "Field 'createdBy' must be 1-" + MAX_CREATED_BY + " characters, was '"
                    + HttpProblem.shown(createdBy) + "'");
        }
        BackfillRequest r = new BackfillRequest(dagId, from, to, (int) maxActive, reprocess, body.flag("reverse"),
                body.objectJson("params"), body.flag("force"), body.flag("allowOverlap"), createdBy);
        if (body.flag("dryRun")) {
            BackfillPlan plan = scheduler.planBackfill(r);
            List<String> notes = new ArrayList<>();
            if (plan.dagPaused()) {
                notes.add(pausedNote(dagId));
            }
            JsonAnswers.ok(res, new BackfillPlanView(dagId, plan.points().size(), formatted(plan, BackfillPlan.Action.CREATE),
                    formatted(plan, BackfillPlan.Action.RERUN), formatted(plan, BackfillPlan.Action.SKIP), notes));
            return;
        }
        BackfillRecord b = scheduler.backfill(r, Actors.of(req));
        JsonAnswers.ok(res, view(scheduler.backfillProgress(b.id())));
    }

    private List<String> formatted(BackfillPlan plan, BackfillPlan.Action action) {
        return plan.times(action).stream().map(times::format).toList();
    }

    private static String pausedNote(String dagId) {
        return "DAG '" + dagId + "' is paused: the backfill creates no run until it is unpaused";
    }

    /** The zone a date means the start of a day in: the DAG's cron zone, else UTC. */
    static ZoneId zone(Dag dag) {
        return dag.schedule().map(s -> s instanceof CronSchedule c ? c.zone() : (ZoneId) ZoneOffset.UTC)
                .orElse(ZoneOffset.UTC);
    }

    /**
     * @param value a date ({@code 2024-01-01}, the start of that day in {@code zone}) or an ISO-8601
     *     timestamp with an offset
     * @return the instant, empty when the text is neither
     */
    static Optional<Instant> parseTime(String value, ZoneId zone) {
        try {
            if (DATE.matcher(value).matches()) {
                return Optional.of(LocalDate.parse(value).atStartOfDay(zone).toInstant());
            }
            return Optional.of(OffsetDateTime.parse(value).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Instant time(JsonBody body, String field, ZoneId zone) {
        String v = body.string(field);
        return parseTime(v, zone).orElseThrow(() -> HttpProblem.badRequest(field, "Field '" + field + "' must be a date "
                + "like 2024-01-01 (start of day in " + zone.getId() + ") or a timestamp like 2024-01-01T00:00:00Z, was '"
                + HttpProblem.shown(v) + "'"));
    }

    private static BackfillReprocess reprocess(JsonBody body) {
        String v = body.optionalString("reprocess").orElse("none");
        try {
            return BackfillReprocess.valueOf(v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest("reprocess", "Field 'reprocess' must be none, failed or all, was '"
                    + HttpProblem.shown(v) + "'");
        }
    }

    private BackfillView view(BackfillProgress p) {
        BackfillRecord b = p.backfill();
        List<String> notes = new ArrayList<>();
        if (p.dagPaused() && !b.state().isTerminal()) {
            notes.add(pausedNote(b.dagId()));
        }
        return new BackfillView(b.id(), b.dagId(), times.format(b.from()), times.format(b.to()), b.maxActive(),
                b.reprocess().name(), b.reverse(), object(b.paramsJson()), b.createdBy(), times.format(b.createdAt()),
                b.state().name(), b.cursor().map(times::format).orElse(null), b.total(), b.created(), b.rerun(), b.skipped(),
                p.runsSucceeded(), p.runsFailed(), p.runsUnfinished(), p.done(), times.format(b.updatedAt()), notes);
    }

    private static Map<String, Object> object(String json) {
        try {
            Map<String, Object> m = JsonBody.MAPPER.readValue(json, OBJECT);
            return m == null ? Map.of() : m;
        } catch (IOException e) {
            return Map.of();
        }
    }
}
