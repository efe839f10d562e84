package ppacer.server.http;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import ppacer.api.Ids;
import ppacer.api.protocol.AuditView;
import ppacer.api.spi.AuditEntry;
import ppacer.api.spi.AuditQuery;
import ppacer.api.spi.AuditRecord;
import ppacer.api.spi.AuditTarget;
import ppacer.scheduler.Scheduler;

/**
 * {@code GET /audit?dag=&since=&actor=&action=&before=&limit=}: the audit log of operator actions,
 * newest first, a page at a time ({@code next} is the {@code before} of the next, older page).
 * {@code since} is a timestamp or an ISO-8601 duration back from now ({@code PT1H}, {@code P7D}).
 */
final class AuditRoutes implements HttpService {
    static final int DEFAULT_PAGE = 100;
    static final int MAX_PAGE = 1000;
    private static final Pattern ACTION = Pattern.compile("[a-z]+\\.[a-z]+");
    private static final Pattern ACTOR = Pattern.compile("[A-Za-z0-9_.@:\\-]{1,128}");

    private final Scheduler scheduler;
    private final Times times;

    AuditRoutes(Scheduler scheduler, Times times) {
        this.scheduler = scheduler;
        this.times = times;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", (req, res) -> JsonAnswers.ok(res, page(req)));
    }

    private AuditView page(ServerRequest req) {
        Optional<String> dag = RequestParams.query(req, "dag");
        if (dag.isPresent() && !Ids.isValid(dag.get())) {
            throw HttpProblem.badRequest("dag", "Query parameter 'dag' must be a DAG id, was '" + HttpProblem.shown(dag.get()) + "'");
        }
        Optional<String> actor = matching(req, "actor", ACTOR, "an actor like token, anonymous or token:alice");
        Optional<String> action = matching(req, "action", ACTION, "an action like dag.pause or task.clear");
        Optional<Instant> since = RequestParams.query(req, "since").map(this::since);
        long before = RequestParams.queryLong(req, "before", 0, 1, Long.MAX_VALUE);
        int limit = (int) RequestParams.queryLong(req, "limit", DEFAULT_PAGE, 1, MAX_PAGE);
        List<AuditRecord> rows = scheduler.store().audit().list(new AuditQuery(dag, since, actor, action,
                RequestParams.query(req, "before").isPresent() ? OptionalLong.of(before) : OptionalLong.empty(), limit));
        return new AuditView(rows.stream().map(this::entry).toList(), rows.size() == limit ? rows.getLast().id() : null);
    }

    private static Optional<String> matching(ServerRequest req, String name, Pattern p, String expected) {
        Optional<String> v = RequestParams.query(req, name);
        if (v.isPresent() && !p.matcher(v.get()).matches()) {
            throw HttpProblem.badRequest(name, "Query parameter '" + name + "' must be " + expected + ", was '"
                    + HttpProblem.shown(v.get()) + "'");
        }
        return v;
    }

    private Instant since(String v) {
        if (v.startsWith("P") || v.startsWith("p")) {
            try {
                Duration d = Duration.parse(v);
                if (!d.isNegative()) {
                    return scheduler.clock().instant().minus(d);
                }
            } catch (DateTimeParseException e) {
                // answered below
            }
            throw HttpProblem.badRequest("since", "Query parameter 'since' must be a timestamp like "
                    + "2026-11-27T10:00:00+01:00 or a duration back from now like PT1H or P7D, was '" + HttpProblem.shown(v) + "'");
        }
        return Times.parse("since", v);
    }

    private AuditView.Entry entry(AuditRecord r) {
        AuditEntry e = r.entry();
        AuditTarget t = e.target();
        return new AuditView.Entry(r.id(), times.format(e.at()), e.actor(), e.address().orElse(null), e.action(),
                t.dagId().orElse(null), t.runId().isPresent() ? t.runId().getAsLong() : null, t.taskId().orElse(null),
                t.index().isPresent() ? t.index().getAsInt() : null,
                t.backfillId().isPresent() ? t.backfillId().getAsLong() : null, t.pool().orElse(null),
                e.before().orElse(null), e.after().orElse(null));
    }
}
